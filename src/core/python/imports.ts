// "This module must import X": requests that turn into one insertion edit. Two fixes asking for the
// same import produce the identical edit, which the applier merges, so the import is added once.
// The insertion lands where group-imports (isort / Ruff I001 order) would put it; the sorting keys
// that both use live here, at the bottom of this file.
import type { Node } from 'web-tree-sitter';
import type { Edit } from '../types.js';
import type { ScopeModel } from './scope.js';
import { docstringOf } from './docstring.js';
import { isStdlibModule } from './stdlib.js';
import type { TargetVersion } from '../settings.js';
import { lineEndOf, lineStartOf } from '../text.js';

export interface ImportRequestContext {
  root: Node;
  source: string;
  lineEnding: string;
  scope: ScopeModel;
  targetVersion: TargetVersion;
  /** The project's line length: an import is not joined into a line it would make longer. */
  lineLength?: number;
  /** The file's path (`__init__.py` imports may be re-exports). */
  path?: string;
}

const IMPORT_TYPES = new Set(['import_statement', 'import_from_statement', 'future_import_statement']);

/** The module's top-level statements that form its leading import block (after docstring and comments). */
export function topImportBlock(root: Node): Node[] {
  const doc = docstringOf(root);
  const block: Node[] = [];
  for (const stmt of root.namedChildren) {
    if (!stmt || stmt.type === 'comment' || (doc && stmt.id === doc.id)) continue;
    if (IMPORT_TYPES.has(stmt.type)) block.push(stmt);
    else break;
  }
  return block;
}

/**
 * True when the module already has `import module` (unaliased) as a statement of its own top level: one
 * under `if TYPE_CHECKING:`, in a `try:` or in a function may not have run (it does not count).
 */
export function hasModuleImport(ctx: ImportRequestContext, module: string): boolean {
  const top = module.split('.')[0]!;
  return ctx.scope.moduleBindings(top).some((b) => b.kind === 'import' && b.qualifiedName === top && isUnconditionalImport(b.node));
}

/** True when the import binding `name` comes from an import statement directly at module level. */
export function isUnconditionalImport(name: Node): boolean {
  for (let n = name.parent; n; n = n.parent) {
    if (IMPORT_TYPES.has(n.type)) return n.parent?.type === 'module';
  }
  return false;
}

/**
 * Edits that add `import module` at its sorted place among the module's top imports ([] if present).
 * The raw request, without the conflict checks of `importModule` (ensure-import.ts): for callers that have
 * made those checks themselves (the module logger checks `logging`).
 */
export function ensureImport(ctx: ImportRequestContext, module: string): Edit[] {
  if (hasModuleImport(ctx, module)) return [];
  return [insertImportLine(ctx, `import ${module}`, module, false)];
}

/** Where an import statement sorts: section rank, then `import` before `from`, then module key. */
interface Placement {
  rank: number;
  isFrom: boolean;
  key: ModuleKeyInput;
}

/**
 * Section rank of an existing top-level import: __future__ 0, standard library 1, relative 4, others
 * 2.5 (third- and first-party cannot be told apart here without the project's settings; a request for a
 * standard-library module, the common case, only needs to know they come after it).
 */
function placementOf(stmt: Node, targetVersion: TargetVersion): Placement {
  if (stmt.type === 'future_import_statement') return { rank: 0, isFrom: true, key: { name: '__future__', level: 0 } };
  if (stmt.type === 'import_from_statement') {
    const m = stmt.childForFieldName('module_name');
    let level = 0;
    let name: string | undefined = m?.text;
    if (m?.type === 'relative_import') {
      level = m.namedChildren.find((c) => c?.type === 'import_prefix')?.text.length ?? 1;
      name = m.namedChildren.find((c) => c?.type === 'dotted_name')?.text;
    }
    const first = stmt.childrenForFieldName('name')[0];
    const firstName = first?.type === 'aliased_import' ? first.childForFieldName('name')?.text : first?.text;
    const key: ModuleKeyInput = { name, level, firstAlias: firstName ? { name: firstName } : { name: '*' } };
    return { rank: level > 0 ? 4 : rankOf(name ?? '', targetVersion), isFrom: true, key };
  }
  const first = stmt.namedChild(0);
  const name = (first?.type === 'aliased_import' ? first.childForFieldName('name')?.text : first?.text) ?? '';
  const asname = first?.type === 'aliased_import' ? first.childForFieldName('alias')?.text : undefined;
  return { rank: rankOf(name, targetVersion), isFrom: false, key: { name, asname, level: 0 } };
}

function rankOf(module: string, targetVersion: TargetVersion): number {
  if (module.split('.')[0] === '__future__') return 0;
  return isStdlibModule(module, targetVersion) ? 1 : 2.5;
}

function comparePlacement(a: Placement, b: Placement): number {
  if (a.rank !== b.rank) return a.rank - b.rank;
  if (a.rank !== 0 && a.isFrom !== b.isFrom) return a.isFrom ? 1 : -1;
  return compareModules(a.key, b.key);
}

/**
 * The start of `stmt`'s line, moved up over the comment lines right above it (they travel with it) and
 * over the blank line that separates such a comment from the statement before (group-imports keeps one).
 */
function startWithComments(source: string, stmt: Node, floor: number): number {
  const prevLineStart = (at: number) => lineStartOf(source, at - (source[at - 2] === '\r' && source[at - 1] === '\n' ? 2 : 1));
  let start = lineStartOf(source, stmt.startIndex);
  let movedOverComment = false;
  while (start > floor) {
    const prev = prevLineStart(start);
    if (!source.slice(prev, start).trim().startsWith('#')) break;
    start = prev;
    movedOverComment = true;
  }
  while (movedOverComment && start > floor) {
    const prev = prevLineStart(start);
    if (source.slice(prev, start).trim() !== '') break;
    start = prev;
  }
  return start;
}

/**
 * The edit that inserts the import statement `line` (for `module`; a `from` import when `isFrom`, whose
 * first member is `member`) where group-imports would sort it among the module's top imports.
 */
export function insertImportLine(ctx: ImportRequestContext, line: string, module: string, isFrom: boolean, member?: MemberKeyInput): Edit {
  const block = topImportBlock(ctx.root);
  const nl = ctx.lineEnding;
  if (block.length === 0) {
    const at = afterDocstringOffset(ctx);
    return { start: at.offset, end: at.offset, text: `${at.prefix}${line}${nl}${at.suffix}` };
  }
  // The sorted place, as group-imports would sort it: before the first statement that sorts after it.
  const wanted: Placement = {
    rank: rankOf(module, ctx.targetVersion),
    isFrom,
    key: isFrom ? { name: module, level: 0, firstAlias: member ?? { name: line.replace(/^.* import /, '') } } : { name: module, level: 0 },
  };
  const placed = block.map((stmt) => ({ stmt, p: placementOf(stmt, ctx.targetVersion) }));
  const sameSection = placed.some(({ p }) => p.rank === wanted.rank);
  const blockStart = lineStartOf(ctx.source, block[0]!.startIndex);
  for (let i = 0; i < placed.length; i++) {
    const { stmt, p } = placed[i]!;
    if (comparePlacement(wanted, p) >= 0) continue;
    const previous = placed[i - 1];
    if (previous && previous.p.rank === wanted.rank && p.rank !== wanted.rank) {
      // The end of its own section: right after that section's last statement, before the blank line
      // that separates it from the next section.
      const end = lineEndOf(ctx.source, previous.stmt.endIndex);
      return { start: end, end, text: `${line}${nl}` };
    }
    // Comments above a statement inside the block travel with it: insert above them (not above the
    // block's first statement, whose comments above are the file's header).
    const start = i === 0 ? blockStart : startWithComments(ctx.source, stmt, blockStart);
    // A section of its own before a later section: a blank line separates them.
    const blank = !sameSection && p.rank !== wanted.rank ? nl : '';
    return { start, end: start, text: `${line}${nl}${blank}` };
  }
  const last = block[block.length - 1]!;
  const end = lineEndOf(ctx.source, last.endIndex);
  const blank = !sameSection ? nl : '';
  const eofBreak = end === ctx.source.length && !/[\r\n]$/.test(ctx.source) ? nl : '';
  return { start: end, end, text: `${eofBreak}${blank}${line}${nl}` };
}

function afterDocstringOffset(ctx: ImportRequestContext): { offset: number; prefix: string; suffix: string } {
  const doc = docstringOf(ctx.root);
  const nl = ctx.lineEnding;
  if (doc) {
    const end = lineEndOf(ctx.source, doc.endIndex);
    const needsBreak = end === ctx.source.length && !/[\r\n]$/.test(ctx.source);
    return { offset: end, prefix: needsBreak ? nl : '', suffix: '' };
  }
  // After a shebang / coding cookie / leading comment lines.
  let offset = 0;
  const re = /(#[^\r\n]*)(\r\n|\n|\r|$)/y;
  for (;;) {
    re.lastIndex = offset;
    const m = re.exec(ctx.source);
    if (!m || m[0].length === 0) break;
    offset += m[0].length;
  }
  return { offset, prefix: '', suffix: '' };
}

// ---- Sorting keys (isort's profile, as Ruff's I001 compares imports) ----
//
// Names compare "naturally" (digit runs by value: `py2` < `py10`), first case-insensitively, then
// case-sensitively as a tie-break. Members of a `from` import are grouped by type first
// (CONSTANTS, then Classes, then functions/variables).

/** Natural comparison by code points, with ASCII digit runs compared by value, whitespace ignored. */
export function natCompare(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  let i = 0;
  let j = 0;
  const digit = (c: string | undefined) => (c !== undefined && c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : undefined);
  for (;;) {
    while (i < left.length && /\s/u.test(left[i]!)) i++;
    while (j < right.length && /\s/u.test(right[j]!)) j++;
    const l = left[i];
    const r = right[j];
    if (l === undefined) return r === undefined ? 0 : -1;
    if (r === undefined) return 1;
    let ld = digit(l);
    let rd = digit(r);
    if (ld !== undefined && rd !== undefined) {
      if (ld === 0 || rd === 0) {
        // A run starting with a zero compares left-aligned, as a fraction would (`015` < `12`).
        for (;;) {
          if (ld! !== rd!) return ld! - rd!;
          i++;
          j++;
          ld = digit(left[i]);
          rd = digit(right[j]);
          if (ld === undefined && rd === undefined) break;
          if (rd === undefined) return 1;
          if (ld === undefined) return -1;
        }
      } else {
        // Other runs compare right-aligned: the longer run is the larger number (`15` < `123`).
        let last = ld - rd;
        for (;;) {
          i++;
          j++;
          ld = digit(left[i]);
          rd = digit(right[j]);
          if (ld === undefined && rd === undefined) break;
          if (rd === undefined) return 1;
          if (ld === undefined) return -1;
          if (last === 0) last = ld - rd;
        }
        if (last !== 0) return last;
      }
      continue; // the characters after the runs are already current
    }
    if (l !== r) return l.codePointAt(0)! - r.codePointAt(0)!;
    i++;
    j++;
  }
}

function compareOptional(a: string | undefined, b: string | undefined): number {
  if (a === undefined) return b === undefined ? 0 : -1;
  if (b === undefined) return 1;
  return natCompare(a, b);
}

export const enum MemberType {
  Constant = 0,
  Class = 1,
  Variable = 2,
}

const isLower = (c: string) => /\p{Lowercase}/u.test(c);
const isUpper = (c: string) => /\p{Uppercase}/u.test(c);

/** CONSTANT (two or more characters, all cased ones upper case), Class (leading capital), or variable. */
export function memberType(name: string): MemberType {
  if (name.length > 1) {
    let cased = false;
    let lower = false;
    for (const c of name) {
      if (isLower(c)) {
        lower = true;
        break;
      }
      if (isUpper(c)) cased = true;
    }
    if (cased && !lower) return MemberType.Constant;
  }
  const first = [...name][0];
  return first !== undefined && isUpper(first) ? MemberType.Class : MemberType.Variable;
}

export interface MemberKeyInput {
  name: string;
  asname?: string;
}

/** Order of two members inside one `from` import: `*` first, then by type, then by name. */
export function compareMembers(a: MemberKeyInput, b: MemberKeyInput, orderByType = true): number {
  const as = a.name === '*' ? 0 : 1;
  const bs = b.name === '*' ? 0 : 1;
  if (as !== bs) return as - bs;
  if (orderByType) {
    const t = memberType(a.name) - memberType(b.name);
    if (t !== 0) return t;
  }
  return (
    natCompare(a.name.toLowerCase(), b.name.toLowerCase()) ||
    natCompare(a.name, b.name) ||
    compareOptional(a.asname, b.asname)
  );
}

/** What orders two import statements within a section. */
export interface ModuleKeyInput {
  /** `import x` / `from x import` module name, without the leading dots; undefined for `from . import`. */
  name: string | undefined;
  /** The `as` name of an `import x as y`. */
  asname?: string;
  /** Leading dots of a relative import. */
  level: number;
  /** The first member (after sorting) of a `from` import; undefined for `import x`. */
  firstAlias?: MemberKeyInput;
}

/** Relative imports furthest first (`..` before `.`), then natural case-insensitive name order. */
export function compareModules(a: ModuleKeyInput, b: ModuleKeyInput): number {
  // Distance: absolute imports have none and sort after relative ones; more dots sort first.
  const da = a.level === 0 ? Number.POSITIVE_INFINITY : -a.level;
  const db = b.level === 0 ? Number.POSITIVE_INFINITY : -b.level;
  if (da !== db) return da < db ? -1 : 1;
  const byName =
    compareOptional(a.name?.toLowerCase(), b.name?.toLowerCase()) || compareOptional(a.name, b.name);
  if (byName !== 0) return byName;
  if (a.firstAlias === undefined || b.firstAlias === undefined) {
    if (a.firstAlias !== b.firstAlias) return a.firstAlias === undefined ? -1 : 1;
  } else {
    const m = compareMembers(a.firstAlias, b.firstAlias);
    if (m !== 0) return m;
  }
  return compareOptional(a.asname, b.asname);
}
