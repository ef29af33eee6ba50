// What `from M import *` may bind. For a standard-library module: the names in
// star-exports-data.ts (CPython 3.11's `__all__` or public names, joined with typeshed's names for
// every version and platform). For any other module (third-party, first-party, relative, or a
// standard-library module the table lacks): any name at all, since only running it would tell.
import type { Node } from 'web-tree-sitter';
import { STDLIB_STAR_EXPORTS } from './star-exports-data.js';

export type StarExports =
  /** Exactly these names. */
  | { kind: 'known'; names: ReadonlySet<string> }
  /** Any name not starting with `_` (a module without `__all__`, whose names are not known). */
  | { kind: 'public' }
  /** Any name at all. */
  | { kind: 'any' };

const ANY: StarExports = { kind: 'any' };
const parsed = new Map<string, StarExports>();

/** The names `from <dots><module> import *` may bind (`level` is the number of leading dots). */
export function starExports(module: string | undefined, level = 0): StarExports {
  if (level > 0 || !module) return ANY;
  const key = module.replace(/\s+/g, '');
  let found = parsed.get(key);
  if (!found) {
    const text = Object.hasOwn(STDLIB_STAR_EXPORTS, key) ? STDLIB_STAR_EXPORTS[key] : undefined;
    found = text === undefined ? ANY : { kind: 'known', names: new Set(text.split(' ').filter(Boolean)) };
    parsed.set(key, found);
  }
  return found;
}

/** True when `from <module> import *` may bind `name`. */
export function starMayBind(module: string | undefined, level: number, name: string): boolean {
  return exportsMayBind(starExports(module, level), name);
}

/** True when a star import with these exports may bind `name`. */
export function exportsMayBind(e: StarExports, name: string): boolean {
  if (e.kind === 'known') return e.names.has(name);
  return e.kind === 'any' || !name.startsWith('_');
}

/** True when this `from m import *` (its `*` node, from ScopeModel.wildcardImports()) may bind `name`. */
export function starImportMayBind(star: Node, name: string): boolean {
  const { module, level } = starImportModule(star);
  return starMayBind(module, level, name);
}

/**
 * The first of these star imports (`*` nodes, in source order) that may bind `name`; with `after`, the
 * first that starts after that offset (one below a binding may rebind it).
 */
export function firstStarImportBinding(stars: readonly Node[], name: string, after?: number): Node | undefined {
  return stars.find((star) => (after === undefined || star.startIndex > after) && starImportMayBind(star, name));
}

/** The module of a `from <module> import *`, given its `*` node (ScopeModel.wildcardImports()). */
export function starImportModule(star: Node): { module: string | undefined; level: number } {
  const name = star.parent?.childForFieldName('module_name');
  if (name?.type !== 'relative_import') return { module: name?.text, level: 0 };
  const level = name.namedChildren.find((c) => c?.type === 'import_prefix')?.text.length ?? 1;
  return { module: name.namedChildren.find((c) => c?.type === 'dotted_name')?.text, level };
}
