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

/** Attaches comments to statements and names, as Ruff's isort does. */
export function annotate(stmts: Node[], comments: Comment[], source: string, splitOnTrailingComma: boolean): AnnotatedImport[] {
  let k = 0;
  const take = (pred: (c: Comment) => boolean): Comment[] => {
    const got: Comment[] = [];
    while (k < comments.length && pred(comments[k]!)) got.push(comments[k++]!);
    return got;
  };
  return stmts.map((stmt) => {
    const atop = take((c) => c.start < stmt.startIndex);
    if (stmt.type === 'import_statement') {
      const end = lineEnd(source, stmt.endIndex);
      const inline = take((c) => c.end <= end);
      return { kind: 'import', aliases: aliasNodes(stmt).map(aliasOf), atop, inline };
    }
    const { module, level } = fromModule(stmt);
    const names = aliasNodes(stmt);
    // Comments on the first line belong to the statement, unless it is a one-name, one-line import
    // (`from a import b  # noqa`), where they belong to the name.
    let inline: Comment[] = [];
    const first = names[0];
    if (names.length > 1 || (first && /[\r\n]/.test(source.slice(stmt.startIndex, first.startIndex)))) {
      const end = lineEnd(source, stmt.startIndex);
      inline = take((c) => c.end <= end);
    }
    const aliases = names.map((n) => {
      const a = aliasOf(n);
      const aAtop = take((c) => c.start < a.start);
      const end = lineEnd(source, a.end);
      const aInline = take((c) => c.end <= end);
      return { ...a, atop: aAtop, inline: aInline, trailing: [] as Comment[] };
    });
    // Comments after the last name but inside the statement (before the closing parenthesis).
    const last = aliases[aliases.length - 1];
    if (last) last.trailing = take((c) => c.start < stmt.endIndex);
    const stmtEnd = lineEnd(source, stmt.endIndex);
    const trailing = take((c) => c.start < stmtEnd);
    return {
      kind: 'from',
      module,
      level,
      aliases,
      atop,
      inline,
      trailing,
      trailingComma: splitOnTrailingComma && hasTrailingComma(stmt),
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
        e.atop.push(...imp.atop.map((c) => c.value));
        e.inline.push(...imp.inline.map((c) => c.value));
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
        if (i === 0) e.comments.atop.push(...imp.atop.map((c) => c.value));
        e.comments.inline.push(...imp.inline.map((c) => c.value));
        e.comments.trailing.push(...imp.trailing.map((c) => c.value));
      });
    } else if (imp.aliases[0]) {
      const e = target(imp.aliases[0], false);
      e.comments.atop.push(...imp.atop.map((c) => c.value));
      e.comments.inline.push(...imp.inline.map((c) => c.value));
      e.comments.trailing.push(...imp.trailing.map((c) => c.value));
    }
    for (const a of imp.aliases) {
      const e = target(a, isolate);
      const key = aliasKey(a.name, a.asname);
      let m = e.members.get(key);
      if (!m) e.members.set(key, (m = { name: a.name, asname: a.asname, comments: emptySet() }));
      m.comments.atop.push(...a.atop.map((c) => c.value));
      m.comments.inline.push(...a.inline.map((c) => c.value));
      m.comments.trailing.push(...a.trailing.map((c) => c.value));
      if (!isolate && imp.trailingComma) e.trailingComma = true;
    }
  });
  return block;
}
