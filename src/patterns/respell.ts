// --qualified rewrites: the replacement names things by their qualified names (`datetime.timezone.utc`);
// each file gets them in its own spelling, through the imports it has (`dt.timezone.utc` after
// `import datetime as dt`, `timezone.utc` after `from datetime import timezone`), or through an import
// the rule adds. A name the file cannot refer to is a reason to leave the match alone, never a NameError.
import type { Node } from 'web-tree-sitter';
import type { Edit } from '../core/types.js';
import type { ScopeModel } from '../core/python/scope.js';
import type { ImportSpec } from './compile-rule.js';
import { BUILTINS, importedAs } from './qualified.js';


export interface Respelled {
  text: string;
  /** The edits that add the import this spelling relies on, if any. */
  edits?: Edit[];
}

/** Makes a rule import usable at a node: the name to write, and the edits (ctx.python.ensureImport/ensureFromImport). */
export type Provide = (spec: ImportSpec, at: Node) => { ok: true; name: string; edits: Edit[] } | { ok: false; reason: string };

/** The local name that means `qualified` at `node` through imports there (and nothing else), if any. */
export function localNameFor(scope: ScopeModel, qualified: string, node: Node): string | undefined {
  for (const s of scope.scopeChain(node)) {
    for (const [name, bindings] of s.bindings) {
      if (!bindings.some((b) => b.kind === 'import' && b.qualifiedName === qualified)) continue;
      if (importedAs(scope, name, node) === qualified) return name;
    }
  }
  return undefined;
}

/** The qualified name an import of the rule makes usable (`from a import b` -> `a.b`). */
function provided(spec: ImportSpec): string {
  return spec.from !== undefined ? `${spec.from}.${spec.name}` : spec.module;
}

export function respell(qualified: string, at: Node, scope: ScopeModel, imports: readonly ImportSpec[], provide: Provide): Respelled | { refused: string } {
  const parts = qualified.split('.');
  const prefixes = parts.map((_, i) => ({ prefix: parts.slice(0, parts.length - i).join('.'), rest: parts.slice(parts.length - i) }));
  // What the file already imports comes first (no new import), the longest name first.
  for (const { prefix, rest } of prefixes) {
    const local = localNameFor(scope, prefix, at);
    if (local) return { text: [local, ...rest].join('.') };
  }
  // Else an import the rule adds (under another name when its own is taken here).
  let refusal: string | undefined;
  for (const { prefix, rest } of prefixes) {
    for (const spec of imports) {
      if (provided(spec) !== prefix) continue;
      const r = provide(spec, at);
      if (r.ok) return { text: [r.name, ...rest].join('.'), edits: r.edits };
      refusal ??= r.reason;
    }
  }
  if (BUILTINS.has(parts[0]!)) {
    if (scope.bindingSites(parts[0]!, at).length === 0 && !scope.hasWildcardImport()) return { text: qualified };
    return {
      refused: `the rewrite's \`${parts[0]}\` is the builtin, but here \`${parts[0]}\` ${scope.hasWildcardImport() && scope.bindingSites(parts[0]!, at).length === 0 ? 'may be bound by a wildcard import' : 'is bound by this file'}: it would mean something else`,
    };
  }
  return { refused: refusal ?? `the rewrite refers to \`${qualified}\`, which this file cannot name here (no import of it; add one to the rule's \`imports\`)` };
}
