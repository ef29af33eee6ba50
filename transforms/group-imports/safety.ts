// Sorting must never change what a name means. When two imports of a block bind the same name to
// different things (`from a import x` then `from b import x`), the later one wins at run time; if
// sorting would put the other one last, the block is left alone and reported.
//
// Star imports are opaque here, as they are to isort and Ruff: which names `from m import *` binds is
// only known at run time, so a name it might rebind is not guarded (see the README).
import type { AnnotatedImport } from './collect.js';
import type { OrderedImport } from './order.js';

interface Binding {
  /** The bound name, or '*' for a star import (which may bind anything). */
  name: string;
  /** What it is bound to. */
  value: string;
}

function fromValue(level: number, module: string | undefined, name: string): string {
  return `${'.'.repeat(level)}${module ?? ''}:${name}`;
}

function bindingsOfStatement(imp: AnnotatedImport): Binding[] {
  if (imp.kind === 'import') {
    return imp.aliases.map((a) => {
      if (a.asname !== undefined) return { name: a.asname, value: `module:${a.name}` };
      // `import a.b.c` binds `a` (to the package a), as `import a` does.
      const top = a.name.split('.')[0]!.trim();
      return { name: top, value: `module:${top}` };
    });
  }
  if (imp.aliases.some((a) => a.name === '*')) return [{ name: '*', value: fromValue(imp.level, imp.module, '*') }];
  return imp.aliases.map((a) => ({ name: a.asname ?? a.name, value: fromValue(imp.level, imp.module, a.name) }));
}

function bindingsOfOutput(ordered: OrderedImport[]): Binding[] {
  const out: Binding[] = [];
  for (const item of ordered) {
    if (item.kind === 'import') {
      const e = item.entry;
      if (e.asname !== undefined) out.push({ name: e.asname, value: `module:${e.name}` });
      else {
        const top = e.name.split('.')[0]!.trim();
        out.push({ name: top, value: `module:${top}` });
      }
      continue;
    }
    for (const m of item.members) {
      if (m.name === '*') out.push({ name: '*', value: fromValue(item.entry.level, item.entry.module, '*') });
      else out.push({ name: m.asname ?? m.name, value: fromValue(item.entry.level, item.entry.module, m.name) });
    }
  }
  return out;
}

/** For each visibly bound name: the value of its last binding (the one that wins at run time). */
function winners(bindings: Binding[]): { names: Map<string, string> } {
  const names = new Map<string, string>();
  for (const b of bindings) if (b.name !== '*') names.set(b.name, b.value);
  return { names };
}

/** A reason to leave the block alone, or undefined when every name keeps its meaning. */
export function bindingConflict(original: AnnotatedImport[], ordered: OrderedImport[]): string | undefined {
  const before = original.flatMap(bindingsOfStatement);
  // Fast path: no name bound twice and no star import, so no order can change a meaning.
  const seen = new Set<string>();
  let repeated = false;
  for (const b of before) {
    if (b.name !== '*' && seen.has(b.name)) {
      repeated = true;
      break;
    }
    seen.add(b.name);
  }
  if (!repeated) return undefined;

  const a = winners(before);
  const b = winners(bindingsOfOutput(ordered));
  for (const [name, value] of a.names) {
    const now = b.names.get(name);
    if (now !== value) {
      // Two different values competing for one name (or a star import that may rebind it).
      const values = new Set([...before.filter((x) => x.name === name).map((x) => x.value)]);
      if (values.size === 1) continue;
      return `sorting would change which import binds \`${name}\`; block left as it is`;
    }
  }
  return undefined;
}
