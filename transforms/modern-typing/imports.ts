// The imports a modern-typing fix changes: the typing names its rewrites leave unused are dropped (only those:
// removeImport keeps what was unused before, `__all__` entries, re-exports), and typing's aliases of
// collections.abc move to `from collections.abc import ...` (Ruff's UP035) where every use of them reads the
// same afterwards.
import type { Node } from 'web-tree-sitter';
import type { Edit } from '../../src/core/types.js';
import { dropImportItems, importedNames, type ImportedName } from '../../src/core/python/import-statements.js';
import { stringMentions } from '../../src/core/python/references.js';
import { placeOf } from '../../src/core/python/annotations.js';
import { lineStartOf } from '../../src/core/text.js';
import { movesToCollectionsAbc } from './names.js';
import type { Analysis, Ctx, Region, Site } from './analysis.js';

export interface ImportChanges {
  edits: Edit[];
  /** `typing.Optional`, `typing` (module): what was dropped. */
  dropped: string[];
  /** Names moved to collections.abc. */
  moved: string[];
  skips: { node: Node; reason: string }[];
}

const TYPING_IMPORT = /\b(?:from[ \t]+typing(?:_extensions)?[ \t]+import|import[ \t]+typing(?:_extensions)?)\b|,[ \t]*typing(?:_extensions)?\b/g;

/** Every import statement of typing or typing_extensions in the module, found from the text. */
function typingImportStatements(ctx: Ctx): Node[] {
  const found: Node[] = [];
  for (const m of ctx.source.matchAll(TYPING_IMPORT)) {
    let n: Node | null = ctx.root.descendantForIndex(m.index + m[0].length - 1);
    while (n && n.type !== 'import_statement' && n.type !== 'import_from_statement' && n.type !== 'module') n = n.parent;
    if (n && n.type !== 'module' && !found.some((f) => f.id === n!.id)) found.push(n);
  }
  return found;
}

const isTypingModule = (m: string) => m === 'typing' || m === 'typing_extensions';
const wordIn = (word: string, text: string) => new RegExp(`(?<![\\w.])${word.replace(/\./g, '\\.')}(?![\\w])`).test(text);

export function importChanges(analysis: Analysis, ctx: Ctx): ImportChanges {
  const result: ImportChanges = { edits: [], dropped: [], moved: [], skips: [] };
  const statements = typingImportStatements(ctx);
  if (statements.length === 0) return result;
  const rewritten = rewrittenSites(analysis.main);
  const strings = changedStrings(analysis.main);
  const isSuppressed = (n: Node) => analysis.suppressedAt(n.startIndex, n.endIndex);

  // Which imported names the rewrite frees: removeImport decides, given the uses that vanish (of every
  // local name the same import binds: `import typing` and `import typing as t` are asked about together).
  const drop = new Set<number>();
  const groups = new Map<string, ImportedName[]>();
  for (const stmt of statements) {
    for (const n of importedNames(stmt)) {
      if (!isTypingModule(n.module)) continue;
      const key = `${n.module}:${n.member ?? ''}`;
      groups.set(key, [...(groups.get(key) ?? []), n]);
    }
  }
  for (const items of groups.values()) {
    const { module, member } = items[0]!;
    const locals = new Set(items.map((n) => n.local.text));
    const vanishing = member === undefined
      ? rewritten.filter((s) => s.head.type === 'attribute' && locals.has(baseName(s.head) ?? '')).map((s) => s.head)
      : rewritten.filter((s) => s.head.type === 'identifier' && locals.has(s.head.text)).map((s) => s.head);
    const freedStrings = strings.filter((r) => [...locals].some((l) => wordIn(l, r.string!.text) && !wordIn(l, r.text!))).map((r) => r.string!);
    if (vanishing.length === 0 && freedStrings.length === 0) continue;
    // typing's names are never a package's API: an `__init__.py` import of one is not kept as a re-export.
    const r = ctx.python.removeImport(module, member, { ignoring: [...vanishing, ...freedStrings], notReexported: member !== undefined });
    if (r.removed === 0) continue;
    const kept = new Set(r.kept.map((k) => k.node.id));
    let any = false;
    for (const n of items) {
      if (kept.has(n.item.id) || isSuppressed(n.statement)) continue;
      drop.add(n.item.id);
      any = true;
    }
    if (any) result.dropped.push(member === undefined ? module : `${module}.${member}`);
  }

  for (const stmt of statements) {
    const names = importedNames(stmt);
    const dropped = names.filter((n) => drop.has(n.item.id));
    const moved = ctx.options['collections-abc'] && stmt.type === 'import_from_statement' && !isSuppressed(stmt) ? movable(ctx, analysis, stmt, names, drop, result) : [];
    if (moved.length === 0) {
      if (dropped.length) result.edits.push(...dropImportItems(ctx.source, stmt, dropped.map((n) => n.item)));
      continue;
    }
    result.moved.push(...moved.map((n) => n.member!));
    const abcLine = `from collections.abc import ${moved.map((n) => n.item.text.replace(/\s+/g, ' ')).join(', ')}`;
    const remaining = names.filter((n) => !drop.has(n.item.id) && !moved.includes(n));
    if (remaining.length === 0) {
      result.edits.push({ start: stmt.startIndex, end: stmt.endIndex, text: abcLine });
      continue;
    }
    const indent = ctx.source.slice(lineStartOf(ctx.source, stmt.startIndex), stmt.startIndex);
    const typingPart = applyWithin(ctx.source, stmt, dropImportItems(ctx.source, stmt, [...dropped, ...moved].map((n) => n.item)));
    result.edits.push({ start: stmt.startIndex, end: stmt.endIndex, text: `${typingPart}${ctx.python.lineEnding}${indent}${abcLine}` });
  }
  return result;
}

/**
 * The names of `from typing import ...` that can move to collections.abc: on the target, used only where the
 * collections.abc class reads the same (annotations, subscripts, isinstance), not listed in `__all__`.
 */
function movable(ctx: Ctx, analysis: Analysis, stmt: Node, names: ImportedName[], drop: ReadonlySet<number>, result: ImportChanges): ImportedName[] {
  if (stmt.childForFieldName('module_name')?.text !== 'typing') return [];
  const candidates = names.filter((n) => n.member !== undefined && movesToCollectionsAbc(n.member, analysis.minor) && !drop.has(n.item.id));
  if (candidates.length === 0) return [];
  const alone = candidates.length + names.filter((n) => drop.has(n.item.id)).length === names.length;
  const before = ctx.source.slice(lineStartOf(ctx.source, stmt.startIndex), stmt.startIndex);
  if (!alone && before.trim() !== '') {
    result.skips.push({ node: stmt, reason: `\`${candidates.map((n) => n.member).join('`, `')}\` not moved to collections.abc: the import shares its line with other code` });
    return [];
  }
  return candidates.filter((n) => {
    const why = moveProblem(ctx, n);
    if (why) result.skips.push({ node: n.item, reason: `\`${n.member}\` not moved to collections.abc: ${why}` });
    return !why;
  });
}

/** Why moving `n` to collections.abc could change what some code sees, or undefined. */
function moveProblem(ctx: Ctx, n: ImportedName): string | undefined {
  const local = n.local.text;
  const all = stringMentions(ctx.root, ctx.source, local).find((s) => !isAnnotationString(s));
  if (all) return `\`${local}\` is listed in \`__all__\` (line ${all.startPosition.row + 1}): the module re-exports typing's object`;
  for (const ref of ctx.python.references(n.local)) {
    if (ref.kind !== 'read') continue;
    const id = ref.node;
    const place = placeOf(id, (e) => ctx.python.qualifiedName(e));
    if (place.kind === 'annotation') continue;
    const line = id.startPosition.row + 1;
    if (place.role === 'base-class') return `a base class at line ${line}: typing's alias puts typing.Generic in the MRO, collections.abc's does not`;
    const parent = id.parent;
    const subscripted = (parent?.type === 'subscript' && parent.childForFieldName('value')?.id === id.id) || (parent?.type === 'generic_type' && parent.namedChild(0)?.id === id.id);
    const isinstanceArg = place.role === 'isinstance' && (parent?.type === 'argument_list' || (parent?.type === 'tuple' && parent.parent?.type === 'argument_list'));
    if (!subscripted && !isinstanceArg) return `used as a value at line ${line} (compared, stored or passed on): typing's alias and the collections.abc class are different objects`;
  }
  return undefined;
}

function isAnnotationString(s: Node): boolean {
  for (let p = s.parent; p; p = p.parent) {
    if (p.type === 'type') return true;
    if (p.type === 'block' || p.type === 'module') return false;
  }
  return false;
}

/** `t` for `t.Optional`: the first name of a dotted name. */
function baseName(expr: Node): string | undefined {
  let n = expr;
  while (n.type === 'attribute') n = n.childForFieldName('object')!;
  return n.type === 'identifier' ? n.text : undefined;
}

/** The statement's text with `edits` (inside its lines) applied. */
function applyWithin(source: string, stmt: Node, edits: readonly Edit[]): string {
  const start = stmt.startIndex;
  const end = stmt.endIndex;
  let out = '';
  let at = start;
  for (const e of [...edits].sort((a, b) => a.start - b.start)) {
    out += source.slice(at, Math.max(e.start, start)) + e.text;
    at = Math.max(at, Math.min(e.end, end));
  }
  return out + source.slice(at, end);
}

/** The rewritten sites of the module itself (string annotations are counted through `changedStrings`). */
function rewrittenSites(region: Region): Site[] {
  return region.sites.filter((s) => s.text !== undefined);
}

/** The string annotations of the module whose text changes. */
function changedStrings(region: Region): Region[] {
  return [...region.strings.values()].filter((r): r is Region => !!r && r.text !== undefined && r.text !== r.string!.text);
}
