// File-wide facts the formatter needs, taken the way Ruff takes them.
import type { Node } from 'web-tree-sitter';

/** The first line break of the file ('\n' when there is none): Ruff writes the block with it. */
export function firstLineEnding(source: string): string {
  const i = source.search(/[\r\n]/);
  if (i === -1) return '\n';
  return source[i] === '\r' ? (source[i + 1] === '\n' ? '\r\n' : '\r') : '\n';
}

// The only nodes that can hold a block (a body), directly or further down: compound statements and
// their clauses, bodies, and the module. Expressions never do, so the search does not enter them.
const MAY_HOLD_BLOCK = new Set([
  'module', 'block', 'decorated_definition', 'function_definition', 'class_definition', 'if_statement',
  'elif_clause', 'else_clause', 'for_statement', 'while_statement', 'try_statement', 'except_clause',
  'except_group_clause', 'finally_clause', 'with_statement', 'match_statement', 'case_clause',
]);

/** The indentation of the file's first indented block (four spaces when there is none). */
export function detectIndentation(root: Node, source: string): string {
  const cursor = root.walk();
  // Start rows of the nodes on the cursor's path (the current node's ancestors).
  const rows: number[] = [];
  try {
    // Depth-first in document order; the first block whose body starts on a later line than its header.
    for (;;) {
      const type = cursor.nodeType;
      if (type === 'block' && rows.length > 0 && cursor.startPosition.row > rows[rows.length - 1]!) {
        const blockStart = cursor.startIndex;
        let start = blockStart;
        while (start > 0 && source[start - 1] !== '\n' && source[start - 1] !== '\r') start--;
        const ws = /^[ \t]*/.exec(source.slice(start, blockStart))![0];
        if (ws !== '') return ws;
      }
      if (MAY_HOLD_BLOCK.has(type)) {
        const row = cursor.startPosition.row;
        if (cursor.gotoFirstChild()) {
          rows.push(row);
          continue;
        }
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return '    ';
        rows.pop();
      }
    }
  } finally {
    cursor.delete();
  }
}

const EXEMPT = /^#\s*(?:flake8|ruff)\s*:\s*noqa(?:\s*:\s*(.*))?$/i;

/** `# ruff: noqa` / `# flake8: noqa` (bare, or listing I001): Ruff checks nothing (or no I001) in the file. */
export function fileExempt(comments: Node[]): boolean {
  for (const c of comments) {
    const m = EXEMPT.exec(c.text.trim());
    if (!m) continue;
    if (m[1] === undefined || m[1].split(/[\s,]+/).some((code) => /^I(?:0(?:01?)?)?$/i.test(code) || code.toUpperCase() === 'I001')) return true;
  }
  return false;
}
