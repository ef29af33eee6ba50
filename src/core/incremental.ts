// Tells a tree which text edits were made, so the next parse can reuse every untouched subtree.
// Indices and columns are UTF-16 code units (web-tree-sitter converts to bytes itself); rows count '\n'.
import type { Point, Tree } from 'web-tree-sitter';
import type { Edit } from './types.js';

/** `edits` are non-overlapping and sorted by position in `before`, the text the tree was parsed from. */
export function editTree(tree: Tree, before: string, edits: readonly Edit[]): void {
  const points = pointsAt(before, edits.flatMap((e) => [e.start, e.end]));
  // Last edit first: the positions of everything before an edit stay valid in the original text.
  for (let i = edits.length - 1; i >= 0; i--) {
    const e = edits[i]!;
    const startPosition = points[2 * i]!;
    tree.edit({
      startIndex: e.start,
      oldEndIndex: e.end,
      newEndIndex: e.start + e.text.length,
      startPosition,
      oldEndPosition: points[2 * i + 1]!,
      newEndPosition: advance(startPosition, e.text),
    });
  }
}

/** The points of ascending offsets, in one sweep over the text (a file can get hundreds of edits). */
function pointsAt(text: string, offsets: readonly number[]): Point[] {
  const points: Point[] = [];
  let row = 0;
  let lineStart = 0;
  let nextBreak = text.indexOf('\n');
  for (const offset of offsets) {
    while (nextBreak !== -1 && nextBreak < offset) {
      row++;
      lineStart = nextBreak + 1;
      nextBreak = text.indexOf('\n', nextBreak + 1);
    }
    points.push({ row, column: offset - lineStart });
  }
  return points;
}

function advance(start: Point, inserted: string): Point {
  const lastBreak = inserted.lastIndexOf('\n');
  if (lastBreak === -1) return { row: start.row, column: start.column + inserted.length };
  let rows = 0;
  for (let i = inserted.indexOf('\n'); i !== -1; i = inserted.indexOf('\n', i + 1)) rows++;
  return { row: start.row + rows, column: inserted.length - lastBreak - 1 };
}
