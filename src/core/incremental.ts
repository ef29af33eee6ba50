// Tells a tree which text edits were made, so the next parse can reuse every untouched subtree.
// Indices and columns are UTF-16 code units (web-tree-sitter converts to bytes itself); rows count '\n'.
import type { Point, Tree } from 'web-tree-sitter';
import type { Edit } from './types.js';

/** `edits` are non-overlapping and sorted by position in `before`, the text the tree was parsed from. */
export function editTree(tree: Tree, before: string, edits: readonly Edit[]): void {
  // Last edit first: the positions of everything before an edit stay valid in the original text.
  for (let i = edits.length - 1; i >= 0; i--) {
    const e = edits[i]!;
    const startPosition = pointAt(before, e.start);
    tree.edit({
      startIndex: e.start,
      oldEndIndex: e.end,
      newEndIndex: e.start + e.text.length,
      startPosition,
      oldEndPosition: pointAt(before, e.end),
      newEndPosition: advance(startPosition, e.text),
    });
  }
}

function pointAt(text: string, offset: number): Point {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}

function advance(start: Point, inserted: string): Point {
  const lastBreak = inserted.lastIndexOf('\n');
  if (lastBreak === -1) return { row: start.row, column: start.column + inserted.length };
  let rows = 0;
  for (let i = inserted.indexOf('\n'); i !== -1; i = inserted.indexOf('\n', i + 1)) rows++;
  return { row: start.row + rows, column: inserted.length - lastBreak - 1 };
}
