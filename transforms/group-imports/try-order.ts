// Sorting the imports of a `try:` body changes which of them ran when one fails: with
//
//     try:
//         import missing_module
//         from json import loads
//     except ImportError:
//         pass
//
// `loads` was never bound (the first import failed); sorted, it is. When a handler goes on after the
// failure, the names the block binds differ, unless that handler binds every one of them itself
// (`except ImportError: a = b = None`) or ends with a raise or return.
import type { Node } from 'web-tree-sitter';
import type { AnnotatedImport } from './collect.js';
import type { OrderedImport } from './order.js';
import type { ModuleFacts } from './module-facts.js';
import { bindingsOfOutput, bindingsOfStatement } from './safety.js';
import { nameRole } from '../../src/core/python/name-roles.js';

/** A reason to leave the block alone, or undefined. */
export function tryOrderProblem(first: Node, original: AnnotatedImport[], ordered: OrderedImport[], modules: ModuleFacts): string | undefined {
  const handlers = handlersAround(first);
  if (handlers.length === 0) return undefined;
  // The modules in the order they are imported. The names one `from m import a, b` binds keep their
  // statement: a module that fails to import binds none of them, in any order.
  const modulesBefore = unique(original.flatMap((imp) => (imp.kind === 'import' ? imp.aliases.map((a) => `import ${a.name}`) : [fromKey(imp.level, imp.module)])));
  const modulesAfter = unique(ordered.map((o) => (o.kind === 'import' ? `import ${o.entry.name}` : fromKey(o.entry.level, o.entry.module))));
  if (modulesBefore.length === modulesAfter.length && modulesBefore.every((m, i) => m === modulesAfter[i])) return undefined;
  const namesOf = (list: { star: boolean; name?: string; label?: string }[]) => list.map((b) => (b.star ? b.label! : b.name!));
  const before = unique(namesOf(original.flatMap((imp) => bindingsOfStatement(imp, modules))));
  const after = unique(namesOf(bindingsOfOutput(ordered, modules)));
  for (const handler of handlers) {
    const body = handler.namedChildren.find((c) => c?.type === 'block');
    if (!body) continue;
    const last = body.namedChildren.filter((c) => c?.type !== 'comment').at(-1);
    if (last?.type === 'raise_statement' || last?.type === 'return_statement') continue;
    const bound = new Set(storedNames(body));
    // The first name that now runs at another point, else any the handler leaves unbound.
    const moved = after.find((n, i) => n !== before[i]);
    const missing = moved !== undefined && !bound.has(moved) ? moved : before.find((n) => !bound.has(n));
    if (missing === undefined) continue;
    return `sorting would change which imports of this \`try:\` ran before one that fails, and the handler on line ${handler.startPosition.row + 1} goes on: \`${missing}\` would be bound where it was not, or the reverse; block left as it is`;
  }
  return undefined;
}

const unique = (list: string[]) => [...new Set(list.map((s) => s.replace(/\s+/g, '')))];
const fromKey = (level: number, module: string | undefined) => `from ${'.'.repeat(level)}${module ?? ''}`;

/** Whether `node` is in a `try:` body whose handlers tryOrderProblem reads. */
export function inTryBody(node: Node): boolean {
  return handlersAround(node).length > 0;
}

/** The except clauses of the innermost `try:` whose body holds `node` (none past a def or class). */
function handlersAround(node: Node): Node[] {
  let child: Node = node;
  for (let n = node.parent; n; child = n, n = n.parent) {
    if (n.type === 'function_definition' || n.type === 'class_definition' || n.type === 'lambda') return [];
    if (n.type === 'try_statement' && n.childForFieldName('body')?.id === child.id)
      return n.namedChildren.filter((c): c is Node => c?.type === 'except_clause' || c?.type === 'except_group_clause');
  }
  return [];
}

function storedNames(body: Node): string[] {
  return body.descendantsOfType('identifier').filter((id): id is Node => !!id && nameRole(id) === 'store').map((id) => id.text);
}
