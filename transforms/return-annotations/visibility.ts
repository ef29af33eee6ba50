// Which functions are public, as Ruff's flake8-annotations rules see them (ANN201 public, ANN202 private):
// a `_name` is private, and so is everything in a private module (`_impl.py`), a nested function, a method of
// a private class, a property's setter or deleter, and, when the module lists `__all__`, a module-level
// function or class it does not list. Special methods (`__eq__`) of public classes are public.
import type { Node } from 'web-tree-sitter';
import type { TransformContext } from '../../src/core/types.js';

type Ctx = TransformContext<unknown>;

const isMagic = (name: string) => name.length > 4 && name.startsWith('__') && name.endsWith('__');

export function visibility(ctx: Ctx, func: Node, cls: Node | null): 'public' | 'private' {
  const file = ctx.path.split(/[\\/]/).pop() ?? '';
  const stem = file.replace(/\.pyi?$/, '');
  if (stem.startsWith('_') && stem !== '__init__' && stem !== '__main__') return 'private';
  const name = func.childForFieldName('name')?.text ?? '';
  if (cls) {
    if (!classIsPublic(ctx, cls)) return 'private';
    if (isAccessor(func, name)) return 'private';
    return !name.startsWith('_') || isMagic(name) ? 'public' : 'private';
  }
  // A def in a def (or in a method) is nested: private.
  for (let p = func.parent; p; p = p.parent) if (p.type === 'function_definition') return 'private';
  if (name.startsWith('_')) return 'private';
  const exported = dunderAll(ctx);
  return exported && atModuleLevel(func) && !exported.has(name) ? 'private' : 'public';
}

function classIsPublic(ctx: Ctx, cls: Node): boolean {
  const name = cls.childForFieldName('name')?.text ?? '';
  if (name.startsWith('_')) return false;
  for (let p = cls.parent; p; p = p.parent) {
    if (p.type === 'function_definition') return false;
    if (p.type === 'class_definition') return classIsPublic(ctx, p);
  }
  const exported = dunderAll(ctx);
  return !(exported && atModuleLevel(cls) && !exported.has(name));
}

/** `@name.setter` / `@name.deleter`. */
function isAccessor(func: Node, name: string): boolean {
  const outer = func.parent?.type === 'decorated_definition' ? func.parent : null;
  return (outer?.namedChildren ?? []).some((d) => d?.type === 'decorator' && (d.namedChild(0)?.text === `${name}.setter` || d.namedChild(0)?.text === `${name}.deleter`));
}

function atModuleLevel(def: Node): boolean {
  const holder = def.parent?.type === 'decorated_definition' ? def.parent.parent : def.parent;
  return holder?.type === 'module';
}

const allCache = new WeakMap<object, Set<string> | null>();

/** The names a literal module-level `__all__ = [...]` (or tuple, `+=` of literals) lists; null without one. */
function dunderAll(ctx: Ctx): Set<string> | null {
  const key = ctx.root as unknown as object;
  if (allCache.has(key)) return allCache.get(key)!;
  let names: Set<string> | null = null;
  if (ctx.source.includes('__all__')) {
    for (const stmt of ctx.root.namedChildren) {
      const e = stmt?.type === 'expression_statement' ? stmt.namedChild(0) : null;
      if ((e?.type !== 'assignment' && e?.type !== 'augmented_assignment') || e.childForFieldName('left')?.text !== '__all__') continue;
      const right = e.childForFieldName('right');
      if (right?.type !== 'list' && right?.type !== 'tuple') continue;
      names ??= new Set();
      for (const item of right.namedChildren) {
        const content = item?.type === 'string' ? item.namedChildren.find((c) => c?.type === 'string_content')?.text : undefined;
        if (content) names.add(content);
      }
    }
  }
  allCache.set(key, names);
  return names;
}
