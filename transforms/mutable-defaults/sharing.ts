// Does the body rely on its default being one object shared by every call? It may, when the body
// changes the object (`memo[n] = v`, `registry.append(x)`, `state["n"] += 1`) or hands it to code that
// can keep or change it (returns it, stores it, passes it to a function, captures it in a closure).
// Then the rewrite, right as it is, changes what such a function does across calls (a memo forgets, a
// registry starts empty each time), and the edit message says so for a reviewer. A body that only
// reads the value (iterates it, looks things up, copies it) cannot tell one object from a fresh one.
import type { Node } from 'web-tree-sitter';
import type { ScopeModel } from '../../src/core/python/scope.js';
import { identifiersNamed } from '../../src/core/python/name-roles.js';
import { ancestors } from '../../src/core/python/ancestors.js';
import { defaultCore } from './mutable.js';

export interface SharingUse {
  /** `changes`: the body mutates the object; `hands out`: it gives the object to other code. */
  kind: 'changes' | 'hands out';
  node: Node;
}

// Methods of list, dict, set, bytearray and the collections containers that do not change the object.
const READ_METHODS = new Set([
  'copy', 'count', 'index', 'get', 'keys', 'values', 'items', 'issubset', 'issuperset', 'isdisjoint', 'union',
  'intersection', 'difference', 'symmetric_difference', 'most_common', 'elements', 'total', 'decode', 'hex',
  'find', 'rfind', 'startswith', 'endswith', 'isalnum', 'isalpha', 'isdigit', 'isspace', 'islower', 'isupper',
  '__contains__', '__len__', '__iter__', '__getitem__', '__repr__', '__str__', '__eq__', '__ne__',
]);
// Builtins that only read an argument (or copy it).
const READING_BUILTINS = new Set([
  'len', 'bool', 'str', 'repr', 'ascii', 'format', 'print', 'sorted', 'reversed', 'list', 'tuple', 'set', 'frozenset',
  'dict', 'bytes', 'bytearray', 'any', 'all', 'sum', 'min', 'max', 'enumerate', 'zip', 'map', 'filter', 'iter',
  'isinstance', 'issubclass', 'hash', 'id', 'type', 'hasattr', 'callable',
]);
// Builtins through which the body can reach its local variables by name: `locals()["d"].append(1)`.
const NAMESPACE_BUILTINS = new Set(['locals', 'vars', 'eval', 'exec']);
// Nodes through which the value itself flows on (the parent decides what happens to it).
const TRANSPARENT = new Set(['parenthesized_expression', 'boolean_operator']);

// Items of a default display that cannot be changed: literals (and `key: value` pairs of them).
const LITERALS = new Set(['integer', 'float', 'string', 'string_start', 'string_content', 'string_end', 'escape_sequence', 'concatenated_string', 'true', 'false', 'none', 'unary_operator', 'ellipsis', 'pair', 'comment']);

/** False for `[]`, `{}`, `{"n": 0}`, `[1, "a"]`, `list()`, `collections.deque()`: nothing inside can change. */
function holdsMutableItems(core: Node): boolean {
  if (core.type === 'call') return (core.childForFieldName('arguments')?.namedChildCount ?? 0) > 0;
  if (!['list', 'dictionary', 'set'].includes(core.type)) return true;
  return core.descendantsOfType(['list', 'dictionary', 'set', 'tuple', 'call', 'identifier', 'attribute', 'subscript', 'lambda', 'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression', 'interpolation']).some((n) => !!n && n.id !== core.id);
}

const isField = (parent: Node, field: string, child: Node) => parent.childForFieldName(field)?.id === child.id;

const PATTERNS = new Set(['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'expression_list', 'parenthesized_expression', 'list_splat_pattern', 'list_splat']);

/**
 * True when `node` is written to, not read: the target side of an assignment, `for`, `with ... as` or
 * `del` (directly or inside a tuple/list pattern there), or, with `augmented`, of `+=` and the like.
 */
function isTarget(node: Node, augmented: boolean): boolean {
  let child = node;
  let p = node.parent;
  while (p && PATTERNS.has(p.type)) {
    child = p;
    p = p.parent;
  }
  if (!p) return false;
  if (p.type === 'augmented_assignment') return augmented && isField(p, 'left', child);
  if (p.type === 'assignment' || p.type === 'for_statement' || p.type === 'for_in_clause') return isField(p, 'left', child);
  return p.type === 'delete_statement' || p.type === 'as_pattern_target';
}

/** True when a comprehension around `id` (inside the function) binds the same name in its `for`. */
function boundByComprehension(id: Node, stop: Node): boolean {
  for (const n of ancestors(id)) {
    if (n.id === stop.id) break;
    if (!['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression'].includes(n.type)) continue;
    for (const clause of n.namedChildren) {
      if (clause?.type !== 'for_in_clause') continue;
      if (clause.childForFieldName('left')?.descendantsOfType('identifier').some((b) => b?.text === id.text)) return true;
    }
  }
  return false;
}

/** What happens to the value of the expression `n` (the parameter, or something that evaluates to it). */
function useOf(n: Node, isBuiltin: (name: string, at: Node) => boolean, itemsShared: boolean): SharingUse['kind'] | 'read' {
  const p = n.parent;
  if (!p) return 'read';
  if (TRANSPARENT.has(p.type)) return useOf(p, isBuiltin, itemsShared);
  switch (p.type) {
    case 'attribute': {
      if (!isField(p, 'object', n)) return 'read';
      const method = p.childForFieldName('attribute')!.text;
      const call = p.parent;
      if (call?.type === 'call' && isField(call, 'function', p)) return READ_METHODS.has(method) ? 'read' : 'changes';
      if (isTarget(p, true)) return 'changes';
      // A bound method taken out (`add = seen.add`), or an attribute of a container: handed on.
      return READ_METHODS.has(method) ? 'read' : 'hands out';
    }
    case 'subscript':
      if (!isField(p, 'value', n)) return 'read';
      // `x[k] = v`, `del x[k]`, `x[k] += 1`; otherwise an item of it, which may itself be shared.
      return isTarget(p, true) ? 'changes' : itemsShared ? useOf(p, isBuiltin, itemsShared) : 'read';
    case 'augmented_assignment':
      // `x += [1]` extends a list in place (`|=` updates a dict or a set).
      return isField(p, 'left', n) ? 'changes' : 'read';
    case 'assignment':
      // Rebinding the parameter is not a use of the object; assigning it somewhere shares it.
      return isField(p, 'left', n) ? 'read' : 'hands out';
    case 'for_statement':
    case 'for_in_clause':
      return 'read';
    case 'comparison_operator':
    case 'not_operator':
    case 'binary_operator':
    case 'unary_operator':
    case 'interpolation':
    case 'expression_statement':
    case 'assert_statement':
    case 'if_statement':
    case 'elif_clause':
    case 'while_statement':
    case 'delete_statement':
      return 'read';
    case 'conditional_expression':
      // `a if x else b` reads the condition; `x if c else y` gives x on.
      return p.namedChild(1)?.id === n.id ? 'read' : useOf(p, isBuiltin, itemsShared);
    case 'list_splat':
    case 'dictionary_splat':
      // `f(*x)`, `{**x}`, `[*x]`: the items are passed or copied, not the container itself.
      return itemsShared ? 'hands out' : 'read';
    case 'argument_list':
    case 'keyword_argument': {
      let args: Node | null = p;
      while (args && args.type !== 'argument_list') args = args.parent;
      const callee = args?.parent?.type === 'call' ? args.parent.childForFieldName('function') : null;
      if (callee?.type === 'identifier' && READING_BUILTINS.has(callee.text) && isBuiltin(callee.text, callee)) return 'read';
      // `getattr(x, "get")` takes out a method that only reads; `getattr(x, "update")` one that changes it.
      if (callee?.type === 'identifier' && callee.text === 'getattr' && isBuiltin('getattr', callee)) {
        const attribute = args!.namedChildren.filter((a) => a && a.type !== 'comment')[1];
        if (attribute?.type === 'string' && READ_METHODS.has(attribute.text.slice(1, -1))) return 'read';
      }
      // `", ".join(x)`, `"{}".format(x)`: a string's methods only read their arguments.
      const receiver = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
      if (receiver && (receiver.type === 'string' || receiver.type === 'concatenated_string')) return 'read';
      return 'hands out';
    }
    default:
      // Returned, yielded, awaited, stored in a display, used as a context manager, ...
      return 'hands out';
  }
}

/**
 * The first place in the function's body where the object the parameter `name` holds may be changed
 * or handed out, or null when the body only reads it. `namespace` is the function's namespaceAccess.
 */
export function firstSharingUse(func: Node, name: string, value: Node, scope: ScopeModel, source: string, namespace: SharingUse | null): SharingUse | null {
  const body = func.childForFieldName('body');
  if (!body) return null;
  // An item read out of the default (`return items[0]`) is shared too when the default holds mutable
  // things of its own (`{"items": []}`); items that later calls add are caught where they are added.
  const itemsShared = holdsMutableItems(defaultCore(value));
  const own = scope.scopeOf(func);
  const isBuiltin = (n: string, at: Node) => scope.isBuiltin(n, at);
  // `name = <new value>` as a statement of the body itself (not under an `if` or a loop): every use
  // after it reads the new value, not the default.
  let rebound = Infinity;
  // The identifiers spelled `name`, in source order. A namespace access counts where the next of them
  // comes after it (rebound changes only at them), or at the end.
  for (const id of identifiersNamed(source, body, name)) {
    if (namespace && id.startIndex > namespace.node.startIndex && namespace.node.startIndex < rebound) return namespace;
    if (id.startIndex >= rebound) return null;
    const assignment = id.parent;
    if (assignment?.type === 'assignment' && isField(assignment, 'left', id) && assignment.parent?.parent?.id === body.id) {
      rebound = assignment.endIndex;
      continue;
    }
    if (isTarget(id, false) || boundByComprehension(id, body)) continue;
    if (id.parent?.type === 'keyword_argument' && isField(id.parent, 'name', id)) continue;
    if (id.parent?.type === 'attribute' && isField(id.parent, 'attribute', id)) continue;
    // Comprehensions run on the spot: a name read there is read by the body itself.
    const chain = scope.scopeChain(id).filter((s) => s.kind !== 'comprehension');
    const inner = chain[0];
    if (inner && inner.node.id !== own.node.id) {
      // A nested function, lambda or class: its own binding of the name is another variable; reading
      // ours there keeps the object alive in a closure.
      const shadowed = chain.some((s) => s.node.id !== own.node.id && s.node.startIndex >= func.startIndex && s.node.endIndex <= func.endIndex && s.bindings.has(name));
      if (shadowed) continue;
      return { kind: 'hands out', node: id };
    }
    const kind = useOf(id, isBuiltin, itemsShared);
    if (kind !== 'read') return { kind, node: id };
  }
  return namespace && namespace.node.startIndex < rebound ? namespace : null;
}

/**
 * The first call of the builtin `locals()`, `vars()`, `eval` or `exec` in the function's body, which may
 * reach any local by name (one answer for all the function's parameters).
 */
export function namespaceAccess(func: Node, scope: ScopeModel): SharingUse | null {
  const body = func.childForFieldName('body');
  if (!body || !/\b(?:locals|vars|eval|exec)\b/.test(body.text)) return null;
  for (const id of body.descendantsOfType('identifier')) {
    if (!id || !NAMESPACE_BUILTINS.has(id.text)) continue;
    const call = id.parent;
    if (call?.type !== 'call' || call.childForFieldName('function')?.id !== id.id || !scope.isBuiltin(id.text, id)) continue;
    if (id.text === 'vars' && (call.childForFieldName('arguments')?.namedChildCount ?? 0) > 0) continue; // vars(obj)
    return { kind: 'hands out', node: id };
  }
  return null;
}
