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
 * Reads the lines above the statement backwards, stopping at the first that decides.
 */
export function hasCommentBreak(source: string, stmt: { startIndex: number }): boolean {
  // The (empty or indentation-only) start of the statement's own line is not a line above it.
  let start = lineStart(source, stmt.startIndex);
  let seenBlank = false;
  while (start > 0) {
    // One line break back (`\r\n` counts once), then to the start of that line.
    const end = source[start - 1] === '\n' && source[start - 2] === '\r' ? start - 2 : start - 1;
    start = lineStart(source, end);
    const line = source.slice(start, end).trim();
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

/**
 * Every import block of the module, nested ones included, in document order. Most files have no
 * isort action comment: their imports are found from the text (see importStatements) and grouped
 * without visiting any other statement. `# isort: split` / `skip` / `off` need the statement walk.
 */
export function findBlocks(root: Node, source: string, directives: Directives, isStub: boolean): ImportBlock[] {
  if (directives.splits.length > 0 || directives.exclusions.length > 0) return walkBlocks(root, source, directives, isStub);
  const blocks: ImportBlock[] = [];
  let current: Node[] = [];
  let body = -1;
  let nested = false;
  const finalize = () => {
    const last = current[current.length - 1];
    if (!last) return;
    let trailer: Trailer;
    if (!nested) {
      // The statement after a module-level block decides the blank lines after it.
      let next = last.nextNamedSibling;
      while (next && next.type === 'comment') next = next.nextNamedSibling;
      if (next) trailer = isStub ? 'sibling' : isDefOrClass(next) && !hasCommentBreak(source, next) ? 'def' : 'sibling';
    }
    blocks.push({ imports: current, trailer, nested });
    current = [];
  };
  for (const stmt of importStatements(root, source)) {
    const parent = stmt.parent!;
    const prev = current[current.length - 1];
    if (!prev || parent.id !== body || !nothingBetween(source, prev, stmt)) {
      finalize();
      body = parent.id;
      nested = parent.type !== 'module';
    }
    current.push(stmt);
  }
  finalize();
  return blocks;
}

const IMPORT_KEYWORD = /\bimport\b/g;

/**
 * Every import statement, in document order. Each holds exactly one `import` keyword, so the
 * keyword's occurrences in the text (few, cheap to find) lead to them; occurrences inside strings
 * and comments are told apart by the node found there. Far cheaper than walking or querying the
 * whole tree, and the answer is the same.
 */
export function importStatements(root: Node, source: string): Node[] {
  const out: Node[] = [];
  IMPORT_KEYWORD.lastIndex = 0;
  for (let m = IMPORT_KEYWORD.exec(source); m; m = IMPORT_KEYWORD.exec(source)) {
    const keyword = root.descendantForIndex(m.index, m.index + 6);
    if (keyword?.type !== 'import') continue;
    const stmt = keyword.parent;
    if (stmt && IMPORT_TYPES.has(stmt.type)) out.push(stmt);
  }
  return out;
}

/**
 * True when only blanks, comments, `;` and line continuations separate two statements of one body:
 * then no statement lies between them. Anything else is settled by the tree.
 */
function nothingBetween(source: string, a: Node, b: Node): boolean {
  const end = b.startIndex;
  for (let i = a.endIndex; i < end; i++) {
    const c = source[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === ';' || c === '\\') continue;
    if (c === '#') {
      while (i < end && source[i] !== '\n' && source[i] !== '\r') i++;
      continue;
    }
    let prev = b.previousNamedSibling;
    while (prev && prev.type === 'comment') prev = prev.previousNamedSibling;
    return prev !== null && prev.id === a.id;
  }
  return true;
}

/**
 * The blocks in Ruff's visiting order, the order their fixes and skips are reported in: document
 * order, except that a try statement's handlers come before its body. Only nested blocks can be out
 * of document order, and only under a try statement.
 */
export function inVisitOrder(blocks: ImportBlock[]): ImportBlock[] {
  if (blocks.filter((b) => b.nested).length < 2) return blocks;
  // Each block's first import with its ancestors, from the module down.
  const paths = new Map<ImportBlock, Node[]>();
  let underTry = false;
  for (const b of blocks) {
    const path: Node[] = [];
    for (let n: Node | null = b.imports[0]!; n; n = n.parent) {
      path.push(n);
      if (n.type === 'try_statement') underTry = true;
    }
    paths.set(b, path.reverse());
  }
  if (!underTry) return blocks;
  const rank = (c: Node) => (c.type === 'except_clause' || c.type === 'except_group_clause' ? 0 : c.type === 'block' ? 1 : 2);
  return [...blocks].sort((x, y) => {
    const px = paths.get(x)!;
    const py = paths.get(y)!;
    let i = 0;
    while (i < px.length - 1 && i < py.length - 1 && px[i]!.id === py[i]!.id) i++;
    // px[i] and py[i] are different children of one node (imports hold no blocks, so neither path ends first).
    if (px[i - 1]!.type === 'try_statement') {
      const r = rank(px[i]!) - rank(py[i]!);
      if (r !== 0) return r;
    }
    return px[i]!.startIndex - py[i]!.startIndex;
  });
}

/** The statement-by-statement walk (Ruff's visiting order), which `# isort:` action comments need. */
function walkBlocks(root: Node, source: string, directives: Directives, isStub: boolean): ImportBlock[] {
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
