// In-source suppression comments:
//   `# pycodemod: skip` / `# pycodemod: skip[id,id]` at the end of a statement's line skips that statement;
//   `# pycodemod: skip-file` / `# pycodemod: skip-file[id,id]` in the file's first comment block skips the file.
import type { Node } from 'web-tree-sitter';
import type { Edit } from './types.js';

const STATEMENT_PARENTS = new Set(['module', 'block']);
const SKIP_COMMENT = /#\s*pycodemod:\s*skip(?!-)(?:\[([^\]]*)\])?/g;
const SKIP_FILE = /#\s*pycodemod:\s*skip-file(?:\[([^\]]*)\])?/;

/** undefined: no file-level skip; 'all'; or the transform ids listed. */
export function fileSkip(source: string): 'all' | Set<string> | undefined {
  if (!source.includes('pycodemod:')) return undefined; // the common case, without splitting lines
  // The first comment block: leading blank lines and comment lines (shebang, coding cookie, headers).
  const line = /[^\r\n]*(?:\r\n|\n|\r|$)/y;
  line.lastIndex = source.startsWith('\uFEFF') ? 1 : 0;
  while (line.lastIndex < source.length) {
    const text = line.exec(source)![0].trim();
    if (text === '') continue;
    if (!text.startsWith('#')) break;
    const m = SKIP_FILE.exec(text);
    if (m) return m[1] === undefined ? 'all' : parseIds(m[1]);
  }
  return undefined;
}

export interface SuppressedRange {
  start: number;
  end: number;
  /** undefined: every transform. */
  ids?: Set<string>;
}

/** The statements suppressed by a trailing `# pycodemod: skip` comment, as offset ranges. */
export function suppressedRanges(source: string, root: Node): SuppressedRange[] {
  if (!source.includes('pycodemod:')) return [];
  const ranges: SuppressedRange[] = [];
  for (const m of source.matchAll(SKIP_COMMENT)) {
    const comment = root.descendantForIndex(m.index!);
    if (comment?.type !== 'comment') continue;
    const stmt = statementOnLineOf(root, source, comment);
    if (!stmt) continue;
    const body = stmt.childForFieldName('body');
    // A compound statement is suppressed in its header only (`def f(x=[]):  # pycodemod: skip`).
    const end = body && body.startPosition.row > comment.startPosition.row ? body.startIndex : stmt.endIndex;
    ranges.push({ start: stmt.startIndex, end, ids: m[1] === undefined ? undefined : parseIds(m[1]) });
  }
  return ranges;
}

function statementOnLineOf(root: Node, source: string, comment: Node): Node | null {
  // The first code on the comment's line; climb to the statement that holds it.
  let lineStart = comment.startIndex;
  while (lineStart > 0 && source[lineStart - 1] !== '\n' && source[lineStart - 1] !== '\r') lineStart--;
  let first = lineStart;
  while (first < comment.startIndex && /[ \t\f]/.test(source[first]!)) first++;
  if (first === comment.startIndex) return null; // a comment on a line of its own suppresses nothing
  let node: Node | null = root.descendantForIndex(first);
  while (node && node.parent && !STATEMENT_PARENTS.has(node.parent.type)) node = node.parent;
  return node && node.parent ? node : null;
}

export function isSuppressed(edits: readonly Edit[], transformId: string, ranges: readonly SuppressedRange[]): boolean {
  return ranges.some(
    (r) =>
      (!r.ids || r.ids.has(transformId)) &&
      edits.some((e) => (e.start === e.end ? e.start > r.start && e.start < r.end : e.start < r.end && e.end > r.start)),
  );
}

function parseIds(list: string): Set<string> {
  return new Set(list.split(',').map((s) => s.trim()).filter(Boolean));
}
