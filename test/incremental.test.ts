// The fix loop re-parses incrementally; the tree must be the one a full parse gives.
import { describe, expect, it } from 'vitest';
import type { Node } from 'web-tree-sitter';
import { applyFixes } from '../src/core/applier.js';
import { editTree } from '../src/core/incremental.js';
import { loadPythonParser } from '../src/core/parser.js';
import type { Edit } from '../src/core/types.js';

const shape = (n: Node): string =>
  `${n.type}[${n.startIndex},${n.endIndex}:${n.startPosition.row}.${n.startPosition.column}](${n.children.map((c) => shape(c!)).join(' ')})`;

async function check(before: string, edits: Edit[]) {
  const parser = await loadPythonParser();
  const { output, edits: applied } = applyFixes(before, [{ transformId: 't', message: '', offset: 0, edits }]);
  const tree = parser.parse(before);
  editTree(tree, before, applied);
  const incremental = parser.parse(output, tree);
  const full = parser.parse(output);
  expect(shape(incremental.rootNode)).toBe(shape(full.rootNode));
  [tree, incremental, full].forEach((t) => t.delete());
}

describe('editTree + incremental parse', () => {
  it('matches a full parse after insertions, deletions and replacements on several lines', async () => {
    const src = 'import os\nimport sys\n\ndef f(x=[]):\n    print("é😀", x)\n    return x\n';
    const at = (s: string) => src.indexOf(s);
    await check(src, [
      { start: 0, end: at('import sys'), text: '' },
      { start: at('import sys') + 10, end: at('import sys') + 10, text: '\nimport logging\n\nlogger = logging.getLogger(__name__)\n' },
      { start: at('[]'), end: at('[]') + 2, text: 'None' },
      { start: at('    print'), end: at('    print'), text: '    if x is None:\n        x = []\n' },
      { start: at('print'), end: at('print') + 5, text: 'logger.info' },
    ]);
  });

  it('matches with CRLF line endings and non-ASCII text before the edits', async () => {
    const src = 's = "ünïcödé 😀"\r\ndef g(a={}):\r\n    return a\r\n';
    const at = src.indexOf('{}');
    await check(src, [{ start: at, end: at + 2, text: 'None' }, { start: src.indexOf('    return'), end: src.indexOf('    return'), text: '    if a is None:\r\n        a = {}\r\n' }]);
  });
});
