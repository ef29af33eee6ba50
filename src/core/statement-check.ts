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
    const text = after.slice(run.start + shift, run.end + shift + growth);
    shift += growth;
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

  // Grow to whole lines until no statement of the block is cut by the run's edges.
  const children = childrenOverlapping(block, start, end);
  for (let grown = true; grown; ) {
    grown = false;
    for (const child of childrenOverlapping(block, start, end)) {
      if (!children.includes(child)) children.push(child);
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
  for (const child of children.sort((a, b) => a.startIndex - b.startIndex)) {
    if (!isFiller(source.slice(at, child.startIndex))) return undefined;
    at = Math.max(at, child.endIndex);
  }
  if (!isFiller(source.slice(at, end))) return undefined;
  return { start, end, indent, edits: [] };
}

/** The statements (and comments) of `block` that overlap [start, end), or touch an empty range. */
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
  if (!first) return undefined;
  const prefix = source.slice(lineStart(source, first.startIndex), first.startIndex);
  return /^[ \t]+$/.test(prefix) ? prefix : undefined;
}

/**
 * Parses `text` as statements of a block indented by `indent`. Stricter than tree-sitter, which accepts a
 * block with no statements (`if x:` followed by nothing) and some indentation Python rejects: the run must
 * pass both.
 */
function parsesAtIndent(parser: PythonParser, text: string, indent: string): boolean {
  // An indented run is parsed as the body of `if 1:`, so the if-header adds one line of 6 characters.
  const wrapped = indent === '' ? text : `if 1:\n${text}`;
  const tree = parser.parse(wrapped);
  try {
    const root = tree.rootNode;
    if (root.hasError || root.descendantsOfType('block').some((b) => !b || !firstStatement(b))) return false;
    if (indent === '') return true;
    // It must stay one statement at the top: a line that falls back to a shallower indentation would
    // start module-level statements here, but be an error between the run's neighbours in the real file.
    const top = root.namedChildren.filter((n) => n?.type !== 'comment');
    if (top.length !== 1 || top[0]!.type !== 'if_statement') return false;
    const first = firstStatement(top[0]!.childForFieldName('consequence')!)!;
    // Its first statement must sit exactly at the block's indentation, as its old neighbours do.
    const lineStartInText = lineStart(wrapped, first.startIndex) - 6;
    return first.startIndex - 6 - lineStartInText === indent.length && text.startsWith(indent, lineStartInText);
  } finally {
    tree.delete();
  }
}

function firstStatement(block: Node): Node | null {
  let first = block.firstNamedChild;
  while (first && first.type === 'comment') first = first.nextNamedSibling;
  return first;
}

const isFiller = (text: string) => /^(?:[ \t\f\r\n]|#[^\n]*)*$/.test(text);

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The offset just past the newline that ends the line holding `offset` (the text's end if none). */
function lineEnd(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') return offset;
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}
