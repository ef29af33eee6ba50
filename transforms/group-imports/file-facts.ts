// File-wide facts the formatter needs, taken the way Ruff takes them.
import type { Node } from 'web-tree-sitter';

/** The first line break of the file ('\n' when there is none): Ruff writes the block with it. */
export function firstLineEnding(source: string): string {
  const i = source.search(/[\r\n]/);
  if (i === -1) return '\n';
  return source[i] === '\r' ? (source[i + 1] === '\n' ? '\r\n' : '\r') : '\n';
}

/** The indentation of the file's first indented block (four spaces when there is none). */
export function detectIndentation(root: Node, source: string): string {
  const cursor = root.walk();
  try {
    // Depth-first in document order; the first block whose body starts on a later line than its header.
    for (;;) {
      const node = cursor.currentNode;
      if (node.type === 'block' && node.parent && node.startPosition.row > node.parent.startPosition.row) {
        let start = node.startIndex;
        while (start > 0 && source[start - 1] !== '\n' && source[start - 1] !== '\r') start--;
        const ws = /^[ \t]*/.exec(source.slice(start, node.startIndex))![0];
        if (ws !== '') return ws;
      }
      if (cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return '    ';
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
