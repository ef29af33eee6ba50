// Names Python reads NFKC-normalized (PEP 3131): the engine leaves a module alone when its code spells a name
// in a form that normalizes to another (`ｐｒｉｎｔ` is `print`), as the name analysis compares names as written.
import { describe, expect, it } from 'vitest';
import { unnormalizedName } from '../src/core/python/unnormalized-names.js';

describe('unnormalizedName', () => {
  it.each([
    ['all ASCII', 'print(x)\n', undefined],
    ['accented names already in NFC form', 'café = 1\nnaïve = café\n', undefined],
    ['Greek and CJK names', 'μ = 1\n変数 = μ\n', undefined],
    ['only in strings and comments', 's = "ｐｒｉｎｔ µ ﬁle"  # µs\nt = f"µ {s} {{µ}}"\n', undefined],
    ['a fullwidth name', 'ｐｒｉｎｔ = len\n', 'ｐｒｉｎｔ>print'],
    ['the micro sign in a longer name', 'delay_µs = 3\n', 'delay_µs>delay_μs'],
    ['a ligature', 'ﬁle = open\n', 'ﬁle>file'],
    ['a mathematical letter (outside the BMP)', 'x = 𝐩rint\n', '𝐩rint>print'],
    ['in an f-string field', 's = f"{{µ}} {ｘ}"\n', 'ｘ>x'],
    ['in a nested f-string field', 's = f"{f\'{ｘ}\'}"\n', 'ｘ>x'],
  ])('%s', (_name, source, expected) => {
    const found = unnormalizedName(source);
    expect(found && `${found.name}>${found.normalized}`).toBe(expected);
    if (found) expect(source.slice(found.offset, found.offset + found.name.length)).toBe(found.name);
  });
});
