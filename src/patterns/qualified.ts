// What a name in the source refers to, for --qualified matching and respelling, decided conservatively:
// a name is `datetime.datetime` only when every place that can bind it in its scope imports exactly that
// (a `global` rebinding in some function, a `del`, a `match` capture, an assignment anywhere in the scope
// all make it unknown), and an unbound name is a builtin only when no wildcard import could bind it.
import type { Node } from 'web-tree-sitter';
import type { ScopeModel } from '../core/python/scope.js';
import { unparenthesized } from './pattern.js';

/** `dt.datetime.utcnow` -> `datetime.datetime.utcnow` after `import datetime as dt`; undefined when unsure. */
export function strictQualifiedName(scope: ScopeModel, expr: Node): string | undefined {
  if (expr.type === 'identifier') return importedAs(scope, expr.text, expr) ?? (unbound(scope, expr.text, expr) ? expr.text : undefined);
  if (expr.type === 'attribute') {
    const object = expr.childForFieldName('object');
    const attr = expr.childForFieldName('attribute');
    if (!object || !attr) return undefined;
    const base = strictQualifiedName(scope, unparenthesized(object));
    return base === undefined ? undefined : `${base}.${attr.text}`;
  }
  return undefined;
}

/** The qualified name every binding of `name` at `node` imports, if they all import the same one. */
export function importedAs(scope: ScopeModel, name: string, node: Node): string | undefined {
  const sites = scope.bindingSites(name, node);
  if (sites.length === 0) return undefined;
  const first = sites[0]!;
  if (first.kind !== 'import' || first.qualifiedName === undefined) return undefined;
  return sites.every((b) => b.kind === 'import' && b.qualifiedName === first.qualifiedName) ? first.qualifiedName : undefined;
}

function unbound(scope: ScopeModel, name: string, node: Node): boolean {
  return scope.bindingSites(name, node).length === 0 && !scope.hasWildcardImport();
}
