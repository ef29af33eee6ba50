// modern-typing against its reference, Ruff's UP006/UP007/UP045 (+ UP035's collections.abc moves) fix followed by
// removing the typing imports it left unused (test/corpus/modern-typing-ruff.ts): every hand-written fixture's
// expected output must be what Ruff produces, except the deliberate differences listed here (and in
// transforms/modern-typing/README.md), each of which must really differ.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freeWorkspaces, ruffModernTyping } from './corpus/modern-typing-ruff.js';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'modern-typing');

/** Fixtures whose expected output differs from Ruff's on purpose, and why. */
export const DELIBERATE: Readonly<Record<string, string>> = {
  'runtime-py310': 'module-level aliases and isinstance arguments are rewritten (Ruff reports them without a fix)',
  'values-and-bases': 'generic bases and typing objects used as values are left alone (Ruff rewrites them)',
  'collections-abc': 'a base class use and an `__all__` entry keep the name in typing (Ruff moves it)',
  'pydantic-py39': 'annotations pydantic evaluates stay on py39 (Ruff rewrites them: ruff#5434)',
  'typeddict-py39': 'TypedDict and listed base classes stay on py39 (Ruff rewrites them)',
  'fastapi-route': 'FastAPI signatures stay on py39 (Ruff rewrites them)',
  'quoted-members': 'quoted members are unquoted under the future import (Ruff writes `"X" | None`, which get_type_hints cannot evaluate)',
  'string-annotations': 'a quoted member inside a string annotation is unquoted (Ruff writes `"\'Node\' | None"`)',
  'nested-flatten': '`Optional[Union[int, None]]` is `int | None` (Ruff writes `int | None | None`)',
  'deque-defaultdict': 'the collections import goes at its sorted place, as one statement (Ruff appends one per name after the last import)',
  suppression: "pycodemod's own suppression comment (Ruff does not know it)",
  'shadowed-builtin': 'where the class binds `list` anywhere, List stays (Ruff follows the order of definitions)',
};

afterAll(() => freeWorkspaces());

describe('modern-typing fixtures agree with Ruff', () => {
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.input.py')).sort()) {
    const name = file.slice(0, -'.input.py'.length);
    const options = existsSync(join(DIR, `${name}.options.json`)) ? JSON.parse(readFileSync(join(DIR, `${name}.options.json`), 'utf8')) : {};
    const input = readFileSync(join(DIR, file), 'utf8');
    const out = join(DIR, `${name}.output.py`);
    const expected = existsSync(out) ? readFileSync(out, 'utf8') : input;
    const ruff = () => ruffModernTyping(input, options['target-version'] ?? 'py39', options['collections-abc'] ?? true).output;
    if (name in DELIBERATE) {
      it(`${name} differs on purpose: ${DELIBERATE[name]}`, () => expect(ruff()).not.toBe(expected));
    } else {
      it(name, () => expect(ruff()).toBe(expected));
    }
  }
});
