// Names Python reads NFKC-normalized (PEP 3131): the engine leaves a module alone when its code spells a name
// in a form that normalizes to another (`ｐｒｉｎｔ` is `print`), as the name analysis compares names as written.
import { describe, expect, it } from 'vitest';
import { loadPythonParser } from '../src/core/parser.js';
import { unnormalizedName } from '../src/core/python/unnormalized-names.js';

describe('unnormalizedName', () => {
  it.each([
    ['all ASCII', 'print(x)\n', undefined],
    ['accented names already in NFC form', 'café = 1\nnaïve = café\n', undefined],
    ['Greek and CJK names', 'μ = 1\n変数 = μ\n', undefined],
    ['only in strings, comments and format specs', 's = "ｐｒｉｎｔ µ ﬁle"  # µs…\nt = f"µ {s} {{µ}} {s:µ>9} {s:\'>12} µs"\n', undefined],
    ['a brace in a string in a field, then a literal', 'u = f"{\'{\'}{t} µs}}"\n', undefined],
    ['a fullwidth name', 'ｐｒｉｎｔ = len\n', 'ｐｒｉｎｔ>print'],
    ['the micro sign in a longer name', 'delay_µs = 3\n', 'delay_µs>delay_μs'],
    ['a ligature', 'ﬁle = open\n', 'ﬁle>file'],
    ['a mathematical letter (outside the BMP)', 'x = 𝐩rint\n', '𝐩rint>print'],
    ['an attribute and a keyword argument', 'g(a.b, ｋ=1)\n', 'ｋ>k'],
    ['in an f-string field', 's = f"{{µ}} {ｘ}"\n', 'ｘ>x'],
    ['in a nested f-string field', 's = f"{f\'{ｘ}\'}"\n', 'ｘ>x'],
    // Found by an adversarial tester: a `}` in a string inside the field closed it for a brace counter.
    ['after a closing brace in a string in the field', 'x = f"{\'}\' + str((ｐｒｉｎｔ := shout))}"\n', 'ｐｒｉｎｔ>print'],
    ['after a closing brace in a subscript string', 'x = f"{d[\'}\'] and (ｐｒｉｎｔ := shout)}"\n', 'ｐｒｉｎｔ>print'],
    ['after literal braces in a nested f-string', 'x = f"{f\'}}\' if (ｐｒｉｎｔ := shout) else 0}"\n', 'ｐｒｉｎｔ>print'],
  ])('%s', async (_name, source, expected) => {
    const parser = await loadPythonParser();
    const tree = parser.parse(source);
    try {
      expect(tree.rootNode.hasError).toBe(false);
      const found = unnormalizedName(source, tree.rootNode);
      expect(found && `${found.name}>${found.normalized}`).toBe(expected);
      if (found) expect(source.slice(found.offset, found.offset + found.name.length)).toBe(found.name);
    } finally {
      tree.delete();
    }
  });
});

describe('a module that spells a name Python normalizes', () => {
  it('gets no fix (each is a skip saying why), but its findings are still reported', async () => {
    const { transformSourceWith } = await import('../src/core/transform-source.js');
    const { ruleFrom } = await import('./helpers/patterns.js');
    const source = 'µ = [1]\nx = len(µ)\n';
    const search = await transformSourceWith(source, { transforms: [await ruleFrom({ pattern: 'len($X)' })], path: 'mod.py' });
    expect(search.kind === 'ok' && search.findings.map((f) => f.line)).toEqual([2]);
    const rewrite = await transformSourceWith(source, { transforms: [await ruleFrom({ pattern: 'len($X)', rewrite: 'size($X)' })], path: 'mod.py' });
    expect(rewrite.kind === 'ok' && rewrite.output).toBe(source);
    expect(rewrite.kind === 'ok' && rewrite.skips.map((s) => `${s.line}: ${s.reason}`)).toEqual([expect.stringMatching(/^2: the module spells a name `µ` \(line 1\), which is `μ` to Python/)]);
  });
});
