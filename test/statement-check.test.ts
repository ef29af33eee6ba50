// The statement check may say "parses" only when the whole rewrite parses; when it cannot prove it, it says
// so and the engine parses the whole file. Every case here is checked against a full parse as well.
import { describe, expect, it } from 'vitest';
import { applyFixes } from '../src/core/applier.js';
import { loadPythonParser } from '../src/core/parser.js';
import { rewrittenStatementsParse } from '../src/core/statement-check.js';
import type { Edit } from '../src/core/types.js';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomEdits, seededRandom } from './helpers/random-edits.js';

/** Applies `edits` to `before`; returns the check's verdict and a full parse's verdict. */
async function verdicts(before: string, edits: Edit[]) {
  const parser = await loadPythonParser();
  const { output, edits: merged } = applyFixes(before, [{ transformId: 't', message: '', offset: 0, edits }]);
  const tree = parser.parse(before);
  expect(tree.rootNode.hasError).toBe(false);
  const check = rewrittenStatementsParse(parser, tree, before, output, merged);
  tree.delete();
  const full = parser.parse(output);
  const parses = !full.rootNode.hasError;
  full.delete();
  return { check, parses };
}

const at = (src: string, s: string, plus = 0) => {
  const i = src.indexOf(s);
  if (i < 0) throw new Error(`not found: ${s}`);
  return i + plus;
};
const insert = (src: string, before: string, text: string): Edit => ({ start: at(src, before), end: at(src, before), text });
const replace = (src: string, old: string, text: string): Edit => ({ start: at(src, old), end: at(src, old) + old.length, text });

const module = [
  'import sys',
  'import os',
  '',
  'class A:',
  '    """Doc."""',
  '',
  '    def m(self, a=[]):',
  '        import json, re',
  '        x = 1',
  '        print(x)',
  '        return x',
  '',
  '    def n(self):',
  '        if self: print(1)',
  '        return [',
  '    1,',
  '        ]',
  '',
  '',
  'def f():',
  '    s = """',
  'text',
  '"""',
  '    return s',
  '',
].join('\n');

describe('rewrittenStatementsParse proves a rewrite parses from the statements it touched', () => {
  it('passes valid rewrites at module level, in nested blocks, and several at once', async () => {
    const cases: Edit[][] = [
      [replace(module, 'import sys\nimport os\n', 'import os\nimport sys\n')],
      [replace(module, 'import json, re', 'import json\n        import re')],
      [replace(module, 'a=[]', 'a=None'), insert(module, '        import json', '        if a is None:\n            a = []\n')],
      [replace(module, 'print(x)', 'logger.info(x)'), insert(module, 'class A:', 'logger = logging.getLogger(__name__)\n\n\n')],
      [replace(module, 'print(1)', 'logger.info(1)')],
      [insert(module, 'def f():', 'def g():\n    pass\n\n\n')],
      [insert(module, 'text', 'more ')],
    ];
    for (const edits of cases) expect(await verdicts(module, edits)).toEqual({ check: true, parses: true });
  });

  it('never passes a rewrite that does not parse', async () => {
    const broken: Edit[][] = [
      [replace(module, 'import os', 'import (os')],
      [insert(module, '        return x', '        else:\n            pass\n')],
      [replace(module, 'print(1)', 'print(1')],
      [replace(module, '    return s', '    return s +')],
    ];
    for (const edits of broken) expect(await verdicts(module, edits)).toEqual({ check: false, parses: false });
  });

  it('is stricter than tree-sitter, which accepts empty blocks and indentation Python rejects', async () => {
    const invalidPython: Edit[][] = [
      [replace(module, '        x = 1', '      x = 1')], // a dedent that matches no outer block
      [replace(module, '        x = 1', '            x = 1')], // an unexpected indent
      [replace(module, '        x = 1', 'x = 1')], // back to module level, then the method goes on below it
      [replace(module, '        x = 1\n', '        if x:\n')], // a header whose body is missing
    ];
    for (const edits of invalidPython) expect(await verdicts(module, edits)).toEqual({ check: false, parses: true });
    const src = 'def f():\n    import a\n\nx = 1\n';
    expect(await verdicts(src, [replace(src, '    import a\n', '')])).toEqual({ check: false, parses: true });
  });

  it('says "not proven" (and the engine parses the whole file) where a run cannot be cut cleanly', async () => {
    // A decorator alone is not a statement.
    expect(await verdicts(module, [insert(module, 'def f():', '@decorator\n')])).toEqual({ check: false, parses: true });
    // An edit that reaches past its block's last line is checked with the whole outer statement.
    const src = 'def f():\n    import a\n\nx = 1\n';
    expect(await verdicts(src, [replace(src, '    import a\n', '    import a\nimport b\n')])).toEqual({ check: true, parses: true });
  });

  it('copes with tabs, CRLF line endings, comments at odd indentation and text outside the BMP', async () => {
    const tabs = 'def f(a={}):\n\tb = "😀"\n# a comment at column 0\n\treturn a\n';
    expect(await verdicts(tabs, [replace(tabs, 'a={}', 'a=None'), insert(tabs, '\tb = ', '\tif a is None:\n\t\ta = {}\n')])).toEqual({ check: true, parses: true });
    // Four spaces among tab-indented lines: tree-sitter counts a tab as 8 columns and accepts it; Python may not.
    expect((await verdicts(tabs, [insert(tabs, '\tb = ', '    x = 1\n')])).check).toBe(false);
    const crlf = 'import b\r\nimport a\r\n\r\ndef f():\r\n    print("é")\r\n';
    expect(await verdicts(crlf, [replace(crlf, 'import b\r\nimport a', 'import a\r\nimport b'), replace(crlf, 'print', 'logger.info')])).toEqual({
      check: true,
      parses: true,
    });
  });

  it('holds runs to Python indentation rules: one indentation per block, deeper than its header', async () => {
    const src = 'def f():\n    a = 1\n    b = 2\n\n\ndef g():\n    return 3\n';
    // Statements sharing a line, and a block on its header's line, are fine.
    expect(await verdicts(src, [replace(src, '    a = 1', '    a = 1; c = 3'), replace(src, '    return 3', '    if a: return 3')])).toEqual({ check: true, parses: true });
    // A header-line block followed by an indented line, a sibling one space deeper, a tab among spaces:
    // tree-sitter accepts all three, Python none.
    for (const text of ['    if a: b = 1\n        c = 2\n', '    a = 1\n     c = 2\n', '    a = 1\n\tc = 2\n']) {
      expect(await verdicts(src, [replace(src, '    a = 1\n', text)])).toEqual({ check: false, parses: true });
    }
    // A line continuation that pulls the next run's line in, and text that ends mid-line before a statement.
    expect((await verdicts(src, [replace(src, '    b = 2\n', '    b = 2 + \\\n')])).check).toBe(false);
    expect(await verdicts(src, [insert(src, 'def g', '#')])).toEqual({ check: false, parses: true });
  });

  it('is not fooled by an edit that leaves a statement at the wrong depth', async () => {
    // tree-sitter accepts the `y = 2` that follows at an indentation no block has; Python does not.
    const nested = 'def f():\n    import a\n    y = 2\n';
    expect(await verdicts(nested, [replace(nested, '    import a\n', '    import a\nimport b\n')])).toEqual({ check: false, parses: true });
  });

  it('agrees with a full parse whenever it says "parses", on random rewrites of every fixture', async () => {
    // The wider run is test/corpus/statement-check-fuzz.ts over the real-code corpus.
    const parser = await loadPythonParser();
    const random = seededRandom(2026);
    const root = join(import.meta.dirname, '..', 'fixtures');
    let proven = 0;
    for (const folder of readdirSync(root)) {
      for (const name of readdirSync(join(root, folder)).filter((f) => f.endsWith('.input.py'))) {
        const source = readFileSync(join(root, folder, name), 'utf8');
        const tree = parser.parse(source);
        for (let n = 0; n < 20 && !tree.rootNode.hasError; n++) {
          const edits = randomEdits(source, random).map((e) => ({ transformId: 'fuzz', message: '', offset: e.start, edits: [e] }));
          const { output, edits: merged, applied } = applyFixes(source, edits);
          if (applied.length === 0 || !rewrittenStatementsParse(parser, tree, source, output, merged)) continue;
          proven++;
          const full = parser.parse(output);
          expect(full.rootNode.hasError, `${folder}/${name}: ${JSON.stringify(merged)}`).toBe(false);
          full.delete();
        }
        tree.delete();
      }
    }
    expect(proven).toBeGreaterThan(300);
  });
});
