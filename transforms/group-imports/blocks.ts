// Finding the import blocks: runs of import statements in one body, split by any other statement,
// by `# isort: split`, and cut around the imports that `# isort: skip` / `# isort: off` exclude.
import type { Node } from 'web-tree-sitter';

export const IMPORT_TYPES = new Set(['import_statement', 'import_from_statement', 'future_import_statement']);

/** What follows a block at module level decides the blank lines after it. */
export type Trailer = 'sibling' | 'def' | undefined;

export interface ImportBlock {
  imports: Node[];
  trailer: Trailer;
  nested: boolean;
}

export interface Directives {
  skipFile: boolean;
  /** Offsets where `# isort: split` comments start. */
  splits: number[];
  /** Ranges whose imports are left alone (`isort: skip` lines, `isort: off` ... `isort: on`). */
  exclusions: { start: number; end: number }[];
}

const lineStart = (s: string, o: number) => {
  let i = o;
  while (i > 0 && s[i - 1] !== '\n' && s[i - 1] !== '\r') i--;
  return i;
};
const lineEndNoBreak = (s: string, o: number) => {
  let i = o;
  while (i < s.length && s[i] !== '\n' && s[i] !== '\r') i++;
  return i;
};

/** Reads isort's action comments (same spellings Ruff accepts). */
export function readDirectives(source: string, comments: Node[]): Directives {
  const d: Directives = { skipFile: false, splits: [], exclusions: [] };
  let off: number | undefined;
  for (const c of comments) {
    const text = c.text.trimEnd();
    if (text === '# isort: split' || text === '# ruff: isort: split') d.splits.push(c.startIndex);
    else if (/^# (?:ruff: )?isort: ?skip_file$/.test(text)) return { skipFile: true, splits: [], exclusions: [] };
    else if (off !== undefined) {
      if (text === '# isort: on' || text === '# ruff: isort: on') {
        d.exclusions.push({ start: off, end: c.startIndex });
        off = undefined;
      }
    } else if (text.includes('isort: skip') || text.includes('isort:skip')) {
      d.exclusions.push({ start: lineStart(source, c.startIndex), end: lineEndNoBreak(source, c.startIndex) });
    } else if (text === '# isort: off' || text === '# ruff: isort: off') off = c.startIndex;
  }
  // An `isort: off` never turned back on covers the rest of the file.
  if (off !== undefined) d.exclusions.push({ start: off, end: source.length + 1 });
  return d;
}

/**
 * True when, between the imports and a def/class, a comment is followed by a blank line: the
 * comment then counts as the next statement and one blank line is enough (Ruff's rule).
 */
function hasCommentBreak(source: string, stmt: Node): boolean {
  const lines = source.slice(0, stmt.startIndex).split(/\r\n|\n|\r/);
  // The (empty or indentation-only) start of the statement's own line is not a line above it.
  lines.pop();
  let seenBlank = false;
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!.trim();
    if (seenBlank) {
      if (line.startsWith('#')) return true;
      if (line !== '') break;
    } else if (line === '') seenBlank = true;
    else if (line.startsWith('#') || line.startsWith('@')) continue;
    else break;
  }
  return false;
}

function isDefOrClass(stmt: Node): boolean {
  if (stmt.type === 'function_definition' || stmt.type === 'class_definition') return true;
  return stmt.type === 'decorated_definition';
}

/** The statement-holding bodies of a compound statement, in Ruff's visiting order. */
function bodiesOf(stmt: Node): Node[] {
  const out: Node[] = [];
  const add = (n: Node | null | undefined) => {
    if (n) out.push(n);
  };
  const blockChild = (n: Node) => n.namedChildren.find((c) => c?.type === 'block');
  switch (stmt.type) {
    case 'function_definition':
    case 'class_definition':
    case 'with_statement':
      add(stmt.childForFieldName('body'));
      break;
    case 'decorated_definition':
      add(stmt.childForFieldName('definition')?.childForFieldName('body'));
      break;
    case 'for_statement':
    case 'while_statement':
      add(stmt.childForFieldName('body'));
      add(stmt.childForFieldName('alternative')?.childForFieldName('body'));
      break;
    case 'if_statement':
      add(stmt.childForFieldName('consequence'));
      for (const alt of stmt.childrenForFieldName('alternative')) {
        if (alt?.type === 'elif_clause') add(alt.childForFieldName('consequence'));
        else if (alt?.type === 'else_clause') add(alt.childForFieldName('body'));
      }
      break;
    case 'try_statement': {
      // Ruff visits the handlers before the body; the order only decides the order of the blocks.
      for (const c of stmt.namedChildren) {
        if (c && (c.type === 'except_clause' || c.type === 'except_group_clause')) add(blockChild(c));
      }
      add(stmt.childForFieldName('body'));
      for (const c of stmt.namedChildren) {
        if (c?.type === 'else_clause') add(c.childForFieldName('body'));
        else if (c?.type === 'finally_clause') add(blockChild(c));
      }
      break;
    }
    case 'match_statement':
      for (const body of stmt.childrenForFieldName('body')) {
        for (const clause of body?.namedChildren ?? []) {
          if (clause?.type === 'case_clause') add(clause.childForFieldName('consequence'));
        }
      }
      break;
  }
  return out;
}

/** Every import block of the module, nested ones included. */
export function findBlocks(root: Node, source: string, directives: Directives, isStub: boolean): ImportBlock[] {
  const blocks: ImportBlock[] = [];
  let current: Node[] = [];
  let currentNested = false;
  let nested = false;
  let split = 0;
  const finalize = (trailer: Trailer) => {
    if (current.length > 0) {
      blocks.push({ imports: current, trailer, nested: currentNested });
      current = [];
    }
  };
  const trailerFor = (stmt: Node): Trailer => {
    if (current.length === 0 || nested) return undefined;
    if (isStub) return 'sibling';
    return isDefOrClass(stmt) && !hasCommentBreak(source, stmt) ? 'def' : 'sibling';
  };
  const excluded = (stmt: Node) => directives.exclusions.some((r) => stmt.startIndex >= r.start && stmt.startIndex < r.end);
  const visitBody = (body: Node) => {
    for (const s of body.namedChildren) if (s && s.type !== 'comment') visit(s);
    finalize(undefined);
  };
  const visit = (stmt: Node) => {
    const splits = directives.splits;
    if (split < splits.length && stmt.startIndex >= splits[split]!) {
      while (split < splits.length && stmt.startIndex >= splits[split]!) split++;
      finalize(trailerFor(stmt));
    }
    if (IMPORT_TYPES.has(stmt.type) && !excluded(stmt)) {
      current.push(stmt);
      currentNested = nested;
    } else finalize(trailerFor(stmt));
    const bodies = bodiesOf(stmt);
    if (bodies.length === 0) return;
    const prev = nested;
    nested = true;
    for (const body of bodies) visitBody(body);
    nested = prev;
  };
  for (const stmt of root.namedChildren) if (stmt && stmt.type !== 'comment') visit(stmt);
  finalize(undefined);
  return blocks;
}
