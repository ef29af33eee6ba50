// The imports of a rule: `imports = [...]` added when a match is rewritten (refused, with a reason, when
// the name is taken here by something else), and `remove-unused-imports = [...]` removed once the
// rewrite has left them unused.
import type { Node } from 'web-tree-sitter';
import type { Edit, TransformContext } from '../core/types.js';
import type { ImportSpec } from './compile-rule.js';
import { importedAs } from './qualified.js';

export type ImportEdits = { ok: true; edits: Edit[] } | { ok: false; reason: string };

/**
 * Makes a rule import usable at `at` through ctx.python's conflict-safe helpers. `aliasing`: the caller
 * writes whatever name comes back (a --qualified respelling); otherwise the import must bind exactly the
 * name the replacement writes, or it is refused.
 */
export function provideImport(spec: ImportSpec, at: Node, ctx: TransformContext, aliasing: boolean): { ok: true; name: string; edits: Edit[] } | { ok: false; reason: string } {
  const wanted = describe(spec);
  if (spec.alias) {
    // `import numpy as np`: only an import that is already there serves (the helpers choose their own aliases).
    const qualified = spec.from !== undefined ? `${spec.from}.${spec.name}` : spec.module;
    if (importedAs(ctx.python.scope, spec.alias, at) === qualified) return { ok: true, name: spec.alias, edits: [] };
    return { ok: false, reason: `the rewrite needs \`${wanted}\`; add it by hand (aliased imports are not added automatically)` };
  }
  const r =
    spec.from === undefined
      ? ctx.python.ensureImport(spec.module, { at, ...(aliasing ? {} : { alias: false }) })
      : ctx.python.ensureFromImport(spec.from, spec.name, { at, ...(aliasing ? {} : { alias: false }) });
  if (!r.ok) return { ok: false, reason: `the rewrite needs \`${wanted}\`: ${r.reason}` };
  const expected = spec.from === undefined ? spec.module : spec.name;
  if (!aliasing && r.name !== expected)
    return { ok: false, reason: `the rewrite writes \`${expected}\`, but here it has to be spelled \`${r.name}\` (\`${wanted}\`)` };
  return r;
}

/** The edits that make every import of `specs` available at `node`, or why that cannot be done safely. */
export function importEdits(specs: readonly ImportSpec[], node: Node, ctx: TransformContext): ImportEdits {
  const edits: Edit[] = [];
  for (const spec of specs) {
    const r = provideImport(spec, node, ctx, false);
    if (!r.ok) return r;
    edits.push(...r.edits);
  }
  return { ok: true, edits };
}

function describe(spec: ImportSpec): string {
  const as = spec.alias ? ` as ${spec.alias}` : '';
  return spec.from === undefined ? `import ${spec.module}${as}` : `from ${spec.from} import ${spec.name}${as}`;
}

const wordIn = (text: string, w: string) => new RegExp(`(?<![\\p{L}\\p{N}_])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}_])`, 'u').test(text);

/**
 * Removals of the imports of `entries` (`old_api` for `import old_api [as x]`, `old_api.fetch` for that
 * too or for `from old_api import fetch`) that the rewrite leaves unused: every use is in `dropped` (the
 * code the rewrites replace, captured code they keep excluded). An import nothing used stays (it may be
 * there for its side effects), and so does one the replacement text itself names.
 */
export function unusedImportRemovals(entries: readonly string[], dropped: readonly Node[], template: string, ctx: TransformContext): Edit[] {
  const edits: Edit[] = [];
  for (const entry of entries) {
    const parts = entry.split('.');
    if (wordIn(template, parts[0]!) || wordIn(template, parts[parts.length - 1]!)) continue;
    edits.push(...ctx.python.removeImport(entry, undefined, { ignoring: dropped }).edits);
    if (parts.length > 1) edits.push(...ctx.python.removeImport(parts.slice(0, -1).join('.'), parts[parts.length - 1], { ignoring: dropped }).edits);
  }
  return edits;
}
