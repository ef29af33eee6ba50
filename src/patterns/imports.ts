// The imports of a rule: `imports = [...]` added when a match is rewritten (refused, with a reason, when
// the name is taken here by something else), and `remove-unused-imports = [...]` removed once the
// rewrite has left them unused.
import type { Node } from 'web-tree-sitter';
import type { Edit, TransformContext } from '../core/types.js';
import { lineEndOf, lineStartOf } from '../core/text.js';
import type { ImportSpec } from './compile-rule.js';
import { importedAs } from './qualified.js';

export type ImportEdits = { ok: true; edits: Edit[] } | { ok: false; reason: string };

/** The edits that make every import of `specs` available at `node`, or why that cannot be done safely. */
export function importEdits(specs: readonly ImportSpec[], node: Node, ctx: TransformContext): ImportEdits {
  const edits: Edit[] = [];
  const scope = ctx.python.scope;
  for (const spec of specs) {
    if (spec.from === undefined) {
      // `import a.b` binds `a`; `import a.b as c` binds `c`.
      const local = spec.alias ?? spec.module.split('.')[0]!;
      const wanted = spec.alias ? spec.module : local;
      const bound = conflict(scope, local, wanted, node);
      if (bound) return { ok: false, reason: `the rewrite needs \`${describe(spec)}\`, but \`${local}\` is bound to something else here (line ${bound.startPosition.row + 1})` };
      if (spec.alias) {
        if (importedAs(scope, local, node) !== wanted) return { ok: false, reason: `the rewrite needs \`${describe(spec)}\`; add it by hand (aliased imports are not added automatically)` };
        continue;
      }
      if (!hasPlainImport(ctx.root, spec.module)) edits.push(...ctx.python.ensureImport(spec.module));
      continue;
    }
    const local = spec.alias ?? spec.name;
    const qualified = `${spec.from}.${spec.name}`;
    if (importedAs(scope, local, node) === qualified) continue;
    const bound = conflict(scope, local, qualified, node);
    if (bound) return { ok: false, reason: `the rewrite needs \`${describe(spec)}\`, but \`${local}\` is bound to something else here (line ${bound.startPosition.row + 1})` };
    if (spec.alias) return { ok: false, reason: `the rewrite needs \`${describe(spec)}\`; add it by hand (aliased imports are not added automatically)` };
    const request = ctx.python.ensureFromImport(spec.from, spec.name);
    if (request.localName !== local)
      return { ok: false, reason: `the rewrite writes \`${local}\`, but ${qualified} is imported here as \`${request.localName}\`` };
    edits.push(...request.edits);
  }
  return { ok: true, edits };
}

/** The first place that binds `local` to something other than an import of `qualified` (in the scope that owns it at `node`). */
function conflict(scope: TransformContext['python']['scope'], local: string, qualified: string, node: Node): Node | undefined {
  return scope.bindingSites(local, node).find((b) => !(b.kind === 'import' && b.qualifiedName === qualified))?.node;
}

function describe(spec: ImportSpec): string {
  const as = spec.alias ? ` as ${spec.alias}` : '';
  return spec.from === undefined ? `import ${spec.module}${as}` : `from ${spec.from} import ${spec.name}${as}`;
}

/** True when the module has exactly `import module` at its top level (`import a` does not load `a.b`). */
function hasPlainImport(root: Node, module: string): boolean {
  for (const stmt of root.namedChildren) {
    if (stmt?.type !== 'import_statement') continue;
    for (const name of stmt.namedChildren) if (name?.type === 'dotted_name' && name.text.replace(/\s+/g, '') === module) return true;
  }
  return false;
}

const word = (w: string) => new RegExp(`(?<![\\p{L}\\p{N}_])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}_])`, 'gu');
const count = (text: string, w: string) => [...text.matchAll(word(w))].length;

/**
 * Removals of the module-level imports of `modules` (a module, or a name in one) that the edits leave
 * unused: used before, no occurrence of the local name left after (in code, strings or comments alike,
 * so `__all__` entries and doctests keep an import alive).
 */
export function unusedImportRemovals(modules: readonly string[], edits: readonly Edit[], ctx: TransformContext): Edit[] {
  if (modules.length === 0) return [];
  const after = applyEdits(ctx.source, edits);
  const removals: Edit[] = [];
  for (const stmt of ctx.root.namedChildren) {
    if (!stmt || (stmt.type !== 'import_statement' && stmt.type !== 'import_from_statement')) continue;
    const names = importedNames(stmt).filter((n) => modules.some((m) => n.qualified === m || n.qualified.startsWith(`${m}.`)));
    if (names.length === 0) continue;
    const own = stmt.text;
    const unused = names.filter((n) => {
      const elsewhereBefore = count(ctx.source, n.local) - count(own, n.local);
      const elsewhereAfter = count(after, n.local) - count(own, n.local);
      return elsewhereBefore > 0 && elsewhereAfter === 0;
    });
    if (unused.length === 0) continue;
    const all = importedNames(stmt);
    if (unused.length === all.length) {
      const whole = removeStatement(ctx.source, stmt);
      if (whole) removals.push(whole);
    } else for (const n of unused) removals.push(removeName(ctx.source, n.node));
  }
  return removals;
}

interface ImportedName {
  local: string;
  qualified: string;
  node: Node;
}

function importedNames(stmt: Node): ImportedName[] {
  const out: ImportedName[] = [];
  if (stmt.type === 'import_statement') {
    for (const c of stmt.namedChildren) {
      if (c?.type === 'aliased_import') out.push({ local: c.childForFieldName('alias')!.text, qualified: c.childForFieldName('name')!.text, node: c });
      else if (c?.type === 'dotted_name') out.push({ local: c.namedChild(0)!.text, qualified: c.text, node: c });
    }
    return out;
  }
  const module = stmt.childForFieldName('module_name');
  if (!module || module.type === 'relative_import') return out;
  for (const c of stmt.childrenForFieldName('name')) {
    if (!c) continue;
    const name = c.type === 'aliased_import' ? c.childForFieldName('name')!.text : c.text;
    const local = c.type === 'aliased_import' ? c.childForFieldName('alias')!.text : c.text;
    out.push({ local, qualified: `${module.text}.${name}`, node: c });
  }
  return out;
}

function applyEdits(source: string, edits: readonly Edit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    if (e.start < at) continue; // an identical import insertion asked twice
    out += source.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + source.slice(at);
}

/** The statement's whole lines, when it has them to itself (else it stays: no removal). */
function removeStatement(source: string, stmt: Node): Edit | undefined {
  const start = lineStartOf(source, stmt.startIndex);
  const end = lineEndOf(source, stmt.endIndex);
  if (source.slice(start, stmt.startIndex).trim() !== '') return undefined;
  const rest = source.slice(stmt.endIndex, end).trim();
  if (rest !== '' && !rest.startsWith('#')) return undefined; // `import a; x = 1`
  return { start, end, text: '' };
}

/** One name out of `import a, b` / `from m import a, b`, with the comma that separates it. */
function removeName(source: string, name: Node): Edit {
  const next = name.nextSibling;
  if (next?.type === ',') {
    let end = next.endIndex;
    while (source[end] === ' ') end++;
    return { start: name.startIndex, end, text: '' };
  }
  const prev = name.previousSibling;
  if (prev?.type === ',') return { start: prev.startIndex, end: name.endIndex, text: '' };
  return { start: name.startIndex, end: name.endIndex, text: '' };
}
