// Sorting must never change what a name means. When two imports of a block bind the same name to
// different things (`from a import x` then `from b import x`), the later one wins at run time; if
// sorting would put the other one last, the block is left alone and reported.
//
// A star import binds every name its module exports. For a standard-library module those are known
// (src/core/python/star-exports.ts); a project module without `__all__` binds its names not starting
// with `_`; any other module's star import may bind any name (module-facts.ts). So a block is
// also left alone when sorting moves an import of a name across a star import that may bind it, or
// swaps two star imports that may bind a common name (`from pickle import *` / `from json import *`).
import type { AnnotatedImport } from './collect.js';
import type { OrderedImport } from './order.js';
import { exportsMayBind, type StarExports } from '../../src/core/python/star-exports.js';
import type { ModuleFacts } from './module-facts.js';

type Binding =
  /** `import a as b`, `from m import x`: binds `name` to `value` for certain. */
  | { star: false; name: string; value: string }
  /** `from m import *`: may bind any name `exports` allows, each to `m.<name>`. */
  | { star: true; label: string; prefix: string; exports: StarExports };

function fromValue(level: number, module: string | undefined, name: string): string {
  return `${'.'.repeat(level)}${module ?? ''}:${name}`;
}

function straightBinding(name: string, asname: string | undefined): Binding {
  if (asname !== undefined) return { star: false, name: asname, value: `module:${name}` };
  // `import a.b.c` binds `a` (to the package a), as `import a` does.
  const top = name.split('.')[0]!.trim();
  return { star: false, name: top, value: `module:${top}` };
}

function starBinding(level: number, module: string | undefined, modules: ModuleFacts): Binding {
  return { star: true, label: `from ${'.'.repeat(level)}${module ?? ''} import *`, prefix: fromValue(level, module, ''), exports: modules.starExports(level, module) };
}

export function bindingsOfStatement(imp: AnnotatedImport, modules: ModuleFacts): Binding[] {
  if (imp.kind === 'import') return imp.aliases.map((a) => straightBinding(a.name, a.asname));
  if (imp.aliases.some((a) => a.name === '*')) return [starBinding(imp.level, imp.module, modules)];
  return imp.aliases.map((a) => ({ star: false, name: a.asname ?? a.name, value: fromValue(imp.level, imp.module, a.name) }));
}

export function bindingsOfOutput(ordered: OrderedImport[], modules: ModuleFacts): Binding[] {
  const out: Binding[] = [];
  for (const item of ordered) {
    if (item.kind === 'import') {
      out.push(straightBinding(item.entry.name, item.entry.asname));
      continue;
    }
    for (const m of item.members) {
      if (m.name === '*') out.push(starBinding(item.entry.level, item.entry.module, modules));
      else out.push({ star: false, name: m.asname ?? m.name, value: fromValue(item.entry.level, item.entry.module, m.name) });
    }
  }
  return out;
}

function bindsAnyNameTwice(bindings: Binding[]): boolean {
  const seen = new Set<string>();
  for (const b of bindings) {
    if (b.star) continue;
    if (seen.has(b.name)) return true;
    seen.add(b.name);
  }
  return false;
}

const mayBind = (b: Binding, name: string) => (b.star ? exportsMayBind(b.exports, name) : b.name === name);

/**
 * What `name` may end up bound to after the bindings run, latest first: the last binding certain to
 * bind it, and every star import after it that may (any of them could be the one that wins).
 */
function possibleValues(bindings: Binding[], name: string): string[] {
  const out: string[] = [];
  for (let i = bindings.length - 1; i >= 0; i--) {
    const b = bindings[i]!;
    if (!mayBind(b, name)) continue;
    out.push(b.star ? b.prefix + name : b.value);
    // A known module's star import binds each name it exports for certain.
    if (!b.star || b.exports.kind === 'known') break;
  }
  return out;
}

function sameMeaning(a: string[], b: string[]): boolean {
  if (a.length === b.length && a.every((v, i) => v === b[i])) return true;
  // Every possibility is one and the same thing (`from m import x` merged with `from m import *`).
  const values = new Set([...a, ...b]);
  return values.size <= 1;
}

/** A reason to leave the block alone, or undefined when every name keeps its meaning. */
export function bindingConflict(original: AnnotatedImport[], ordered: OrderedImport[], modules: ModuleFacts): string | undefined {
  const before = original.flatMap((imp) => bindingsOfStatement(imp, modules));
  const stars = before.filter((b): b is Extract<Binding, { star: true }> => b.star);
  const submodule = submoduleConflict(original.flatMap(eventsOfStatement), ordered.flatMap(eventsOfOutput), modules);
  if (submodule) return submodule;
  // Fast path: no name bound twice and no star import, so no order can change a meaning.
  if (stars.length === 0 && !bindsAnyNameTwice(before)) return undefined;
  const after = bindingsOfOutput(ordered, modules);

  // Every name some import binds for certain or a known star import exports.
  const names = new Set<string>();
  for (const b of before) {
    if (!b.star) names.add(b.name);
    else if (b.exports.kind === 'known') for (const n of b.exports.names) names.add(n);
  }
  for (const name of names) {
    if (sameMeaning(possibleValues(before, name), possibleValues(after, name))) continue;
    const binders = stars.filter((s) => mayBind(s, name)).map((s) => `\`${s.label}\``);
    const via = binders.length ? ` (star imports that may bind it: ${binders.join(', ')})` : '';
    return `sorting would change which import binds \`${name}\`${via}; block left as it is`;
  }

  // Names only star imports of unknown modules bind were not listed above: two star imports of
  // different modules, one of them not known, may share a name, so their order must stay.
  const rank = (list: Binding[], label: string) => list.findIndex((b) => b.star && b.label === label);
  for (let i = 0; i < stars.length; i++) {
    for (let j = i + 1; j < stars.length; j++) {
      const [a, b] = [stars[i]!, stars[j]!];
      if (a.prefix === b.prefix || (a.exports.kind === 'known' && b.exports.kind === 'known')) continue;
      if (rank(after, a.label) > rank(after, b.label)) {
        return `sorting would swap \`${a.label}\` and \`${b.label}\`, which may bind the same names; block left as it is`;
      }
    }
  }
  return undefined;
}

// Loading a submodule sets it as an attribute of its package: after `import pkg.helper`,
// `from pkg import helper` gives the submodule, not a function `helper` that pkg itself defines.
// So an import that reads an attribute must stay on the same side of every import that loads a
// submodule of that name, unless the package binds nothing else under that name
// (package-attributes.ts decides).

/** `read`: `from P import N` reads attribute N of P; `load`: the statement imports module `key`. */
type ModuleEvent = { kind: 'read' | 'load'; key: string; text: string; level: number; module?: string; name?: string };

const dotted = (level: number, module: string | undefined, name?: string) =>
  '.'.repeat(level) + [module?.replace(/\s+/g, ''), name].filter((p) => p).join('.');

function eventsOfFrom(level: number, module: string | undefined, names: string[]): ModuleEvent[] {
  const from = `from ${'.'.repeat(level)}${module ?? ''} import`;
  const events: ModuleEvent[] = [];
  if (module) events.push({ kind: 'load', key: dotted(level, module), text: `${from} ...`, level });
  for (const n of names) if (n !== '*') events.push({ kind: 'read', key: dotted(level, module, n), text: `${from} ${n}`, level, module, name: n });
  return events;
}

function eventsOfStatement(imp: AnnotatedImport): ModuleEvent[] {
  if (imp.kind === 'import') return imp.aliases.map((a) => ({ kind: 'load', key: dotted(0, a.name), text: `import ${a.name.trim()}`, level: 0 }));
  return eventsOfFrom(imp.level, imp.module, imp.aliases.map((a) => a.name));
}

function eventsOfOutput(item: OrderedImport): ModuleEvent[] {
  if (item.kind === 'import') return [{ kind: 'load', key: dotted(0, item.entry.name), text: `import ${item.entry.name}`, level: 0 }];
  return eventsOfFrom(item.entry.level, item.entry.module, item.members.map((m) => m.name));
}

function submoduleConflict(before: ModuleEvent[], after: ModuleEvent[], modules: ModuleFacts): string | undefined {
  const reads = before.filter((e) => e.kind === 'read');
  if (reads.length === 0) return undefined;
  const loads = before.filter((e) => e.kind === 'load');
  // Whether a load of the submodule `key` (or of a module inside it) comes before the last read of it.
  const loadedFirst = (events: ModuleEvent[], key: string, load: string) => {
    let lastRead = -1;
    for (let i = 0; i < events.length; i++) if (events[i]!.kind === 'read' && events[i]!.key === key) lastRead = i;
    return events.findIndex((e) => e.kind === 'load' && e.key === load) < lastRead;
  };
  for (const read of reads) {
    for (const load of loads) {
      if (load.key !== read.key && !load.key.startsWith(`${read.key}.`)) continue;
      if (loadedFirst(before, read.key, load.key) !== loadedFirst(after, read.key, load.key) && modules.attributeMayShadowSubmodule(read.level, read.module, read.name!)) {
        return `sorting would move \`${load.text}\` across \`${read.text}\`: the package may bind its own \`${read.name}\`, which loading the submodule \`${read.key}\` replaces; block left as it is`;
      }
    }
  }
  return undefined;
}
