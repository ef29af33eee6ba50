// Proves that a rewrite still parses by re-parsing only the statements its edits touched.
//
// Why not tree-sitter's own incremental re-parse: with tree-sitter-python it re-reads everything after
// the first edit that lands inside an indented block. The grammar ends a block with zero-width NEWLINE and
// DEDENT tokens at the same offset as the next statement, so the parser meets the next reusable subtree
// one token early, sees a different scanner state and skips it, at every level up to the end of the file.
// On the standard library the "incremental" parse cost 28% of a full one.
//
// Why this is sound: a block is a sequence of statements, and a statement that starts on its own line at
// the block's indentation is tokenized independently of its neighbours. So when the original parsed, the
// edits lie inside runs of whole lines made only of whole statements of one block, and each rewritten run
// parses on its own at that block's indentation, the whole rewrite parses. `true` means proven; `false`
// means "not proven" (the caller then parses the whole file), never "broken".
import type { Node, Tree } from 'web-tree-sitter';
import type { PythonParser } from './parser.js';
import type { Edit } from './types.js';

interface Run {
  /** Whole lines of `before`: [start, end). */
  start: number;
  end: number;
  /** The indentation of the block the run's statements belong to ('' at module level). */
  indent: string;
  /** Indices of the edits inside the run. */
  edits: number[];
}

/** `edits` are sorted, non-overlapping and in `before` coordinates; `tree` is the clean parse of `before`. */
export function rewrittenStatementsParse(parser: PythonParser, tree: Tree, before: string, after: string, edits: readonly Edit[]): boolean {
  const runs: Run[] = [];
  for (let i = 0; i < edits.length; i++) {
    const run = statementRun(tree.rootNode, before, edits[i]!);
    if (!run) return false;
    run.edits.push(i);
    const last = runs[runs.length - 1];
    if (!last || run.start >= last.end) {
      runs.push(run);
      continue;
    }
    // Two runs that share a line are nested: the one in the outer block holds the whole statement the
    // other one is inside, so their union is the outer run.
    last.start = Math.min(last.start, run.start);
    last.end = Math.max(last.end, run.end);
    if (run.indent.length < last.indent.length) last.indent = run.indent;
    last.edits.push(i);
  }

  let shift = 0; // how far `after` has moved relative to `before` at the current run's start
  for (const run of runs) {
    let growth = 0;
    for (const i of run.edits) {
      const e = edits[i]!;
      if (e.start < run.start || e.end > run.end) return false;
      growth += e.text.length - (e.end - e.start);
    }
    const start = run.start + shift;
    const end = run.end + shift + growth;
    shift += growth;
    // The run must still be whole lines of the new text, or its last line would run into the next one.
    if (end < after.length && after[end - 1] !== '\n') return false;
    if (start > 0 && after[start - 1] !== '\n') return false;
    const text = after.slice(start, end);
    // A backslash continuation on the run's last line would join it to the line after the run.
    if (/\\\r?\n$/.test(text)) return false;
    if (!parsesAtIndent(parser, text, run.indent)) return false;
  }
  return true;
}

/** The whole-statement lines around one edit, in the innermost block where they can be cut cleanly. */
function statementRun(root: Node, source: string, edit: Edit): Run | undefined {
  // Start from what follows the edit's indentation: the indentation itself lies outside its block's node.
  let probe = edit.start;
  while ((source[probe] === ' ' || source[probe] === '\t') && (probe < edit.end || edit.start === edit.end)) probe++;
  let node: Node | null = root.descendantForIndex(probe, Math.max(probe, edit.end));
  for (; node; node = node.parent) {
    const isModule = node.type === 'module';
    if (!isModule && node.type !== 'block') continue;
    if (!isModule && (edit.start < ownedStart(node, source) || edit.end > node.endIndex)) continue;
    const run = runInBlock(node, source, edit, isModule);
    if (run) return run;
  }
  return undefined;
}

/** A block that starts its line owns the indentation before its first statement. */
function ownedStart(block: Node, source: string): number {
  const start = lineStart(source, block.startIndex);
  return /^[ \t]*$/.test(source.slice(start, block.startIndex)) ? start : block.startIndex;
}

function runInBlock(block: Node, source: string, edit: Edit, isModule: boolean): Run | undefined {
  const indent = isModule ? '' : blockIndent(block, source);
  if (indent === undefined) return undefined;
  let start = lineStart(source, edit.start);
  // An insertion at a line start may add whole lines between statements: then the run can be empty.
  let end = lineEnd(source, edit.end);
  // New text that does not end its line joins the line after the edit, so that line is in the run too.
  if (end === edit.end && edit.text !== '' && !edit.text.endsWith('\n') && end < source.length) end = lineEnd(source, end + 1);

  // Grow to whole lines until no statement of the block is cut by the run's edges.
  let children: Node[] = [];
  for (let grown = true; grown; ) {
    grown = false;
    children = childrenOverlapping(block, start, end);
    for (const child of children) {
      if (child.startIndex < start) {
        start = lineStart(source, child.startIndex);
        grown = true;
      }
      if (child.endIndex > end) {
        end = lineEnd(source, child.endIndex);
        grown = true;
      }
    }
  }
  // Whatever in the run is not a statement of this block must be blank or a comment: no stray header
  // (`if x: print(1)` puts the block mid-line) and no piece of an outer statement.
  let at = start;
  for (const child of children) {
    if (!isFiller(source.slice(at, child.startIndex))) return undefined;
    at = child.endIndex;
  }
  if (!isFiller(source.slice(at, end))) return undefined;
  return { start, end, indent, edits: [] };
}

/** The statements (and comments) of `block` that overlap [start, end), or hold an empty range; in order. */
function childrenOverlapping(block: Node, start: number, end: number): Node[] {
  const found: Node[] = [];
  for (let child = block.firstChildForIndex(start); child && child.startIndex <= end; child = child.nextSibling) {
    if (child.endIndex === child.startIndex) continue; // zero-width NEWLINE / INDENT / DEDENT tokens
    const overlaps = child.startIndex < end && child.endIndex > start;
    const holdsInsertion = start === end && child.startIndex < start && start < child.endIndex;
    if (overlaps || holdsInsertion) found.push(child);
  }
  return found;
}

/** The indentation of a block whose statements start their lines; undefined for `if x: y` style blocks. */
function blockIndent(block: Node, source: string): string | undefined {
  const first = firstStatement(block);
  // A block always sits deeper than the margin: an empty indentation here is not a block's.
  return (first && lineIndent(source, first)) || undefined;
}

/**
 * Parses `text` as statements of a block indented by `indent`. Stricter than tree-sitter, which accepts
 * blocks with no statement and indentation Python rejects: the run must pass Python's indentation rules too.
 */
function parsesAtIndent(parser: PythonParser, text: string, indent: string): boolean {
  // An indented run is parsed as a class body: a header that takes no `else`/`elif`/`except` clause, so a
  // clause the run lost to a shallower indentation cannot attach to the wrapper.
  const wrapped = indent === '' ? text : `${WRAPPER}${text}`;
  const tree = parser.parse(wrapped);
  try {
    const root = tree.rootNode;
    if (root.hasError || !indentationHolds(root, wrapped)) return false;
    if (indent === '') return true;
    // It must stay one statement at the top: a line that falls back to a shallower indentation would
    // start module-level statements here, but be an error between the run's neighbours in the real file.
    const top = statementsOf(root);
    if (top.length !== 1 || top[0]!.type !== 'class_definition') return false;
    // And its statements must sit exactly at the block's indentation, as their old neighbours do.
    return lineIndent(wrapped, statementsOf(top[0]!.childForFieldName('body')!)[0]!) === indent;
  } finally {
    tree.delete();
  }
}

const WRAPPER = 'class _:\n';

/**
 * Python's indentation rules, which tree-sitter does not enforce: module-level statements start at the
 * margin; every block has a statement; the statements of a block that start a line share one indentation,
 * deeper than the line that opens the block. Compared as text, which is stricter than Python (it lets tabs
 * and spaces mix when every reading agrees): a mix here only means "not proven".
 */
function indentationHolds(root: Node, text: string): boolean {
  if (statementsOf(root).some((s) => lineIndent(text, s) !== '')) return false;
  for (const block of root.descendantsOfType('block')) {
    if (!block) continue;
    const statements = statementsOf(block);
    if (statements.length === 0) return false;
    const own = lineIndent(text, statements[0]!);
    // `if x: a; b` keeps its block on the header's line: no statement of it may start a line of its own.
    if (own === undefined) {
      if (statements.some((s) => lineIndent(text, s) !== undefined)) return false;
      continue;
    }
    if (statements.some((s) => { const i = lineIndent(text, s); return i !== undefined && i !== own; })) return false;
    const opener = lineIndent(text, block.parent ?? block) ?? '';
    if (!own.startsWith(opener) || own.length <= opener.length) return false;
  }
  return true;
}

/** A block's (or the module's) statements: its named children but comments. */
function statementsOf(block: Node): Node[] {
  return block.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment');
}

/** The indentation before `node` when it starts its line; undefined when code precedes it there. */
function lineIndent(text: string, node: Node): string | undefined {
  const prefix = text.slice(lineStart(text, node.startIndex), node.startIndex);
  return /^[ \t]*$/.test(prefix) ? prefix : undefined;
}

function firstStatement(block: Node): Node | null {
  let first = block.firstNamedChild;
  while (first && first.type === 'comment') first = first.nextNamedSibling;
  return first;
}

const isFiller = (text: string) => /^(?:[ \t\f\r\n]|#[^\n]*)*$/.test(text);

// Lines end at '\n' only here (text.ts's lineStartOf/lineEndOf also break at a lone '\r'): the checks
// below look for '\n', and a file with bare '\r' line ends is then one long line, checked whole.
function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The offset just past the newline that ends the line holding `offset` (the text's end if none). */
function lineEnd(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') return offset;
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}
