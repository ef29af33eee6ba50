// From syntax to import entries: each statement's names and the comments that travel with it
// (comments above, inline, inside the parentheses), then merged into one entry per imported thing.
import type { Node } from 'web-tree-sitter';

export interface Comment {
  start: number;
  end: number;
  /** From `#` to the end of the line (line break excluded), trailing spaces kept. */
  value: string;
}

export interface CommentSet {
  atop: string[];
  inline: string[];
  trailing: string[];
}

const emptySet = (): CommentSet => ({ atop: [], inline: [], trailing: [] });

interface AliasSyntax {
  name: string;
  asname?: string;
  start: number;
  end: number;
}

export type AnnotatedImport =
  | { kind: 'import'; aliases: AliasSyntax[]; atop: Comment[]; inline: Comment[] }
  | {
      kind: 'from';
      module: string | undefined;
      level: number;
      aliases: (AliasSyntax & { atop: Comment[]; inline: Comment[]; trailing: Comment[] })[];
      atop: Comment[];
      inline: Comment[];
      trailing: Comment[];
      trailingComma: boolean;
    };

/** Every comment in [start, end) of import-only source (no strings there, so `#` always starts one). */
export function scanComments(source: string, start: number, end: number): Comment[] {
  const out: Comment[] = [];
  let i = source.indexOf('#', start);
  while (i !== -1 && i < end) {
    let j = i;
    while (j < source.length && source[j] !== '\n' && source[j] !== '\r') j++;
    out.push({ start: i, end: j, value: source.slice(i, j) });
    i = source.indexOf('#', j);
  }
  return out;
}

/** Offset of the line break ending the line that holds `offset` (or the end of the text). */
export function lineEnd(source: string, offset: number): number {
  let i = offset;
  while (i < source.length && source[i] !== '\n' && source[i] !== '\r') i++;
  return i;
}

/** What annotate needs from one statement's syntax. */
interface StatementSyntax {
  kind: 'import' | 'from';
  module: string | undefined;
  level: number;
  /** The imported names, in source order (`*` for a wildcard). */
  aliases: AliasSyntax[];
  /** The last token inside the parentheses is a comma. */
  trailingComma: boolean;
}

function aliasOf(node: Node): AliasSyntax {
  if (node.type === 'aliased_import') {
    return {
      name: node.childForFieldName('name')!.text,
      asname: node.childForFieldName('alias')!.text,
      start: node.startIndex,
      end: node.endIndex,
    };
  }
  return { name: node.text, start: node.startIndex, end: node.endIndex };
}

/** The imported names of a statement, in source order (`*` for a wildcard). */
function aliasNodes(stmt: Node): Node[] {
  const names = stmt.childrenForFieldName('name').filter((c): c is Node => !!c);
  const star = stmt.children.find((c) => c?.type === 'wildcard_import');
  return star ? [star] : names;
}

function fromModule(stmt: Node): { module: string | undefined; level: number } {
  if (stmt.type === 'future_import_statement') return { module: '__future__', level: 0 };
  const m = stmt.childForFieldName('module_name')!;
  if (m.type !== 'relative_import') return { module: m.text, level: 0 };
  let level = 0;
  let module: string | undefined;
  for (const c of m.namedChildren) {
    if (!c) continue;
    if (c.type === 'import_prefix') level = c.text.replace(/[^.]/g, '').length;
    else if (c.type === 'dotted_name') module = c.text;
  }
  return { module, level };
}

/** A magic trailing comma: the last token inside the parentheses is a comma. */
function hasTrailingComma(stmt: Node): boolean {
  const kids = stmt.children.filter((c): c is Node => !!c && c.type !== 'comment');
  const close = kids.length - 1;
  if (kids[close]?.type !== ')') return false;
  return kids[close - 1]?.type === ',';
}

/** The statement's syntax from the tree: any shape. */
export function syntaxFromTree(stmt: Node): StatementSyntax {
  const aliases = aliasNodes(stmt).map(aliasOf);
  if (stmt.type === 'import_statement') return { kind: 'import', module: undefined, level: 0, aliases, trailingComma: false };
  return { kind: 'from', ...fromModule(stmt), aliases, trailingComma: hasTrailingComma(stmt) };
}

const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;

/**
 * The statement's syntax read from its text, for the shapes nearly every import has (ASCII names,
 * blanks between tokens, comments only inside parentheses); undefined for anything else (a backslash
 * continuation, spaces around a dot, non-ASCII names ...), which the tree then answers. The tree is
 * error-free, so the text is a valid import; reading it avoids a node object per name and token,
 * most of this transform's cost on a file whose imports are already sorted.
 */
export function syntaxFromText(s: string, start: number, end: number): StatementSyntax | undefined {
  let i = start;
  const blanks = () => {
    const from = i;
    while (i < end && (s[i] === ' ' || s[i] === '\t')) i++;
    return i > from;
  };
  // Inside parentheses line breaks and comments may sit between tokens.
  const blanksInParens = () => {
    while (i < end) {
      const c = s[i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') i++;
      else if (c === '#') while (i < end && s[i] !== '\n' && s[i] !== '\r') i++;
      else return;
    }
  };
  const word = (): string | undefined => {
    WORD.lastIndex = i;
    const m = WORD.exec(s);
    if (!m || WORD.lastIndex > end) return undefined;
    i = WORD.lastIndex;
    return m[0];
  };
  const dotted = (): string | undefined => {
    const from = i;
    if (word() === undefined) return undefined;
    while (s[i] === '.') {
      i++;
      if (word() === undefined) return undefined;
    }
    return s.slice(from, i);
  };
  const alias = (name: () => string | undefined): AliasSyntax | undefined => {
    const from = i;
    const n = name();
    if (n === undefined) return undefined;
    const nameEnd = i;
    if (blanks() && i < end && /[A-Za-z_]/.test(s[i]!)) {
      if (word() !== 'as' || !blanks()) return undefined;
      const asname = word();
      return asname === undefined ? undefined : { name: n, asname, start: from, end: i };
    }
    i = nameEnd;
    return { name: n, start: from, end: i };
  };
  // `a, b as c` (no parentheses).
  const list = (name: () => string | undefined): AliasSyntax[] | undefined => {
    const out: AliasSyntax[] = [];
    for (;;) {
      const a = alias(name);
      if (!a) return undefined;
      out.push(a);
      blanks();
      if (s[i] !== ',') return out;
      i++;
      blanks();
    }
  };

  if (s.startsWith('import', start)) {
    i += 6;
    if (!blanks()) return undefined;
    const aliases = list(dotted);
    return aliases && i === end ? { kind: 'import', module: undefined, level: 0, aliases, trailingComma: false } : undefined;
  }
  if (!s.startsWith('from', start)) return undefined;
  i += 4;
  if (!blanks()) return undefined;
  let level = 0;
  while (s[i] === '.') {
    level++;
    i++;
  }
  let module: string | undefined;
  if (level === 0 || s[i] !== ' ') {
    module = dotted();
    if (module === undefined) return undefined;
  }
  if (!blanks() || !s.startsWith('import', i)) return undefined;
  i += 6;
  if (i < end && /[A-Za-z0-9_]/.test(s[i]!)) return undefined;
  blanks();
  let aliases: AliasSyntax[] | undefined;
  let trailingComma = false;
  if (s[i] === '*') {
    aliases = [{ name: '*', start: i, end: i + 1 }];
    i++;
  } else if (s[i] === '(') {
    i++;
    aliases = [];
    blanksInParens();
    while (s[i] !== ')') {
      const a = alias(word);
      if (!a) return undefined;
      aliases.push(a);
      blanksInParens();
      trailingComma = s[i] === ',';
      if (!trailingComma) break;
      i++;
      blanksInParens();
    }
    if (s[i] !== ')' || aliases.length === 0) return undefined;
    i++;
  } else aliases = list(word);
  return aliases && i === end ? { kind: 'from', module, level, aliases, trailingComma } : undefined;
}

function hasLineBreak(source: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (source[i] === '\n' || source[i] === '\r') return true;
  return false;
}

/** Attaches comments to statements and names, as Ruff's isort does. */
export function annotate(stmts: Node[], comments: Comment[], source: string, splitOnTrailingComma: boolean): AnnotatedImport[] {
  let k = 0;
  // The next comments, in order: those starting before `start` / ending by `end`.
  const takeStartingBefore = (start: number): Comment[] => {
    const got: Comment[] = [];
    while (k < comments.length && comments[k]!.start < start) got.push(comments[k++]!);
    return got;
  };
  const takeEndingBy = (end: number): Comment[] => {
    const got: Comment[] = [];
    while (k < comments.length && comments[k]!.end <= end) got.push(comments[k++]!);
    return got;
  };
  return stmts.map((stmt) => {
    const syntax = syntaxFromText(source, stmt.startIndex, stmt.endIndex) ?? syntaxFromTree(stmt);
    const atop = takeStartingBefore(stmt.startIndex);
    if (syntax.kind === 'import') {
      const end = lineEnd(source, stmt.endIndex);
      const inline = takeEndingBy(end);
      return { kind: 'import', aliases: syntax.aliases, atop, inline };
    }
    const { module, level } = syntax;
    // Comments on the first line belong to the statement, unless it is a one-name, one-line import
    // (`from a import b  # noqa`), where they belong to the name.
    let inline: Comment[] = [];
    const first = syntax.aliases[0];
    if (syntax.aliases.length > 1 || (first && hasLineBreak(source, stmt.startIndex, first.start))) {
      const end = lineEnd(source, stmt.startIndex);
      inline = takeEndingBy(end);
    }
    const aliases = syntax.aliases.map((a) => {
      const aAtop = takeStartingBefore(a.start);
      const end = lineEnd(source, a.end);
      const aInline = takeEndingBy(end);
      return { ...a, atop: aAtop, inline: aInline, trailing: [] as Comment[] };
    });
    // Comments after the last name but inside the statement (before the closing parenthesis).
    const last = aliases[aliases.length - 1];
    if (last) last.trailing = takeStartingBefore(stmt.endIndex);
    const stmtEnd = lineEnd(source, stmt.endIndex);
    const trailing = takeStartingBefore(stmtEnd);
    return {
      kind: 'from',
      module,
      level,
      aliases,
      atop,
      inline,
      trailing,
      trailingComma: splitOnTrailingComma && syntax.trailingComma,
    };
  });
}

export interface StraightEntry {
  name: string;
  asname: string | undefined;
  firstIndex: number;
  atop: string[];
  inline: string[];
}

export interface MemberEntry {
  name: string;
  asname: string | undefined;
  comments: CommentSet;
}

export interface FromEntry {
  module: string | undefined;
  level: number;
  firstIndex: number;
  comments: CommentSet;
  members: Map<string, MemberEntry>;
  trailingComma: boolean;
}

export interface NormalizedBlock {
  straight: Map<string, StraightEntry>;
  /** `from m import a, b` (and aliased names when `combine-as-imports`). */
  from: Map<string, FromEntry>;
  /** One entry per `from m import a as b`, which stays on its own line. */
  fromAs: Map<string, FromEntry>;
  /** `from m import *`. */
  star: Map<string, FromEntry>;
}

export interface NormalizeOptions {
  forceSingleLine: boolean;
  combineAsImports: boolean;
}

const aliasKey = (name: string, asname: string | undefined) => (asname === undefined ? name : `${name} as ${asname}`);

const pushValues = (to: string[], comments: readonly Comment[]) => {
  for (const c of comments) to.push(c.value);
};

/** Merges repeated imports, splits `import a, b`, and groups the names of `from` imports. */
export function normalize(imports: AnnotatedImport[], opts: NormalizeOptions): NormalizedBlock {
  const block: NormalizedBlock = { straight: new Map(), from: new Map(), fromAs: new Map(), star: new Map() };
  const straight = (name: string, asname: string | undefined, index: number) => {
    const key = aliasKey(name, asname);
    let e = block.straight.get(key);
    if (!e) block.straight.set(key, (e = { name, asname, firstIndex: index, atop: [], inline: [] }));
    return e;
  };
  const entry = (map: Map<string, FromEntry>, key: string, module: string | undefined, level: number, index: number) => {
    let e = map.get(key);
    if (!e) map.set(key, (e = { module, level, firstIndex: index, comments: emptySet(), members: new Map(), trailingComma: false }));
    return e;
  };
  imports.forEach((imp, index) => {
    if (imp.kind === 'import') {
      // Comments of `import a, b` go with the first name (best effort, as Ruff does).
      const first = imp.aliases[0];
      if (first) {
        const e = straight(first.name, first.asname, index);
        pushValues(e.atop, imp.atop);
        pushValues(e.inline, imp.inline);
      }
      for (const a of imp.aliases) straight(a.name, a.asname, index);
      return;
    }
    const modKey = `${imp.level}|${imp.module ?? ''}`;
    const isolate = opts.forceSingleLine && imp.aliases[0]?.name !== '*';
    const target = (a: { name: string; asname?: string }, single: boolean): FromEntry => {
      if (a.name === '*') return entry(block.star, modKey, imp.module, imp.level, index);
      if (!single && (a.asname === undefined || opts.combineAsImports)) return entry(block.from, modKey, imp.module, imp.level, index);
      return entry(block.fromAs, `${modKey}|${aliasKey(a.name, a.asname)}`, imp.module, imp.level, index);
    };
    if (isolate) {
      // One statement per name: the comments above go with the first, inline ones are repeated.
      imp.aliases.forEach((a, i) => {
        const e = target(a, true);
        if (i === 0) pushValues(e.comments.atop, imp.atop);
        pushValues(e.comments.inline, imp.inline);
        pushValues(e.comments.trailing, imp.trailing);
      });
    } else if (imp.aliases[0]) {
      const e = target(imp.aliases[0], false);
      pushValues(e.comments.atop, imp.atop);
      pushValues(e.comments.inline, imp.inline);
      pushValues(e.comments.trailing, imp.trailing);
    }
    for (const a of imp.aliases) {
      const e = target(a, isolate);
      const key = aliasKey(a.name, a.asname);
      let m = e.members.get(key);
      if (!m) e.members.set(key, (m = { name: a.name, asname: a.asname, comments: emptySet() }));
      pushValues(m.comments.atop, a.atop);
      pushValues(m.comments.inline, a.inline);
      pushValues(m.comments.trailing, a.trailing);
      if (!isolate && imp.trailingComma) e.trailingComma = true;
    }
  });
  return block;
}
