// The references of a variable: every place its name is spelt and means that variable (LibCST's
// Assignment.references, Ruff's binding references), found from the text and checked against the scope
// model. What no static model sees is not listed: `globals()['x']`, `getattr(mod, 'x')`, `eval`, names in
// strings (`__all__`, string annotations: see `stringMentions`).
import type { Node } from 'web-tree-sitter';
import type { Binding, Scope, ScopeModel } from './scope.js';
import { nameOccurrences } from './names.js';

export interface Reference {
  /** The identifier. */
  node: Node;
  /**
   * `read`: the value is used; `bind`: the variable is (re)bound or deleted here (`binding` says how: an
   * assignment, an import, a def, a parameter...); `declare`: a `global` / `nonlocal` statement.
   */
  kind: 'read' | 'bind' | 'declare';
  binding?: Binding;
  /**
   * A read in a class body that also binds the name (`fetch = staticmethod(fetch)`): Python looks in the
   * class namespace first, then outside, so the read may mean either variable. It is listed among the
   * references of both; a rename or a removal must treat it as a use it cannot rewrite alone.
   */
  ambiguous?: boolean;
}

const SCOPE_NODES = new Set([
  'function_definition', 'lambda', 'class_definition',
  'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression',
]);

/** The binding record of an identifier that is a binding site, and the scope whose code binds it. */
export function bindingAt(scope: ScopeModel, root: Node, id: Node): { scope: Scope; binding: Binding } | undefined {
  // The scopes it may bind in: those it is looked up in, and those around it (a parameter sits outside
  // its function's body, in the function's scope all the same).
  const candidates: Scope[] = [...scope.scopeChain(id)];
  for (let p = id.parent; p; p = p.parent) if (SCOPE_NODES.has(p.type)) candidates.push(scope.scopeOf(p));
  for (const sc of candidates) {
    // A `from m import x` binding is recorded on its dotted_name: the same range as the identifier.
    const b = sc.bindings.get(id.text)?.find((x) => x.node.startIndex === id.startIndex && x.node.endIndex === id.endIndex);
    if (b) return { scope: sc, binding: b };
  }
  return undefined;
}

/**
 * The scope whose variable `name` is at `node`, or undefined for a builtin (or an unbound name). A binding
 * site binds in its own scope unless that scope declares the name `global` (the module's variable) or
 * `nonlocal` (the enclosing function's).
 */
export function variableScope(scope: ScopeModel, root: Node, name: string, node: Node): Scope | undefined {
  if (node.type === 'identifier' && node.text === name) {
    const own = bindingAt(scope, root, node);
    if (own) {
      if (own.scope.globals.has(name)) return scope.scopeOf(root);
      if (own.scope.nonlocals.has(name)) return scope.owningScope(name, own.scope.node);
      return own.scope;
    }
  }
  return scope.owningScope(name, node);
}

/** Every reference of the variable `target`'s `name` (undefined: the builtin), in source order (binding sites included). */
export function referencesIn(scope: ScopeModel, root: Node, source: string, name: string, target: Scope | undefined): Reference[] {
  const found: Reference[] = [];
  for (const o of nameOccurrences(root, source, name)) {
    const owner = variableScope(scope, root, name, o);
    if (owner !== target) {
      // A class body's read falls back to the variable outside the class when the class has not bound it (yet).
      if (owner?.kind === 'class' && !bindingAt(scope, root, o) && classReadMayFallBack(owner, name, o) && classFallback(scope, root, name, owner) === target)
        found.push({ node: o, kind: 'read', ambiguous: true });
      continue;
    }
    if (o.parent?.type === 'global_statement' || o.parent?.type === 'nonlocal_statement') {
      found.push({ node: o, kind: 'declare' });
      continue;
    }
    const b = bindingAt(scope, root, o);
    const ambiguous = !b && target?.kind === 'class' && classReadMayFallBack(target, name, o);
    found.push(b ? { node: o, kind: 'bind', binding: b.binding } : { node: o, kind: 'read', ...(ambiguous && { ambiguous }) });
  }
  return found;
}

/**
 * False when a statement of the class body itself (not under an `if`, a loop, a `try`...) binds the name
 * before the read: then the class namespace surely holds it. True otherwise.
 */
export function classReadMayFallBack(cls: Scope, name: string, read: Node): boolean {
  const body = cls.node.childForFieldName('body');
  return !(cls.bindings.get(name) ?? []).some((b) => {
    if (b.kind === 'del' || b.node.endIndex > read.startIndex) return false;
    let stmt: Node | null = b.node;
    while (stmt && stmt.parent?.id !== body?.id) stmt = stmt.parent;
    // Bound by a statement of the body that ends before the read (`x = x` reads before it binds).
    return !!stmt && stmt.endIndex <= read.startIndex;
  });
}

/** The variable a read in class body `cls` reaches when the class namespace does not hold the name. */
export function classFallback(scope: ScopeModel, root: Node, name: string, cls: Scope): Scope | undefined {
  return scope.owningScope(name, cls.node);
}

/**
 * The string literals that mention `name` as a word where code may look the name up: `__all__` entries
 * and string annotations (`x: "old_api.Client"`). Found from the text: only the places where the word occurs.
 */
export function stringMentions(root: Node, source: string, name: string): Node[] {
  const found: Node[] = [];
  const word = new RegExp(`(?<![\\p{L}\\p{N}_])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}_])`, 'gu');
  for (const m of source.matchAll(word)) {
    let n = root.descendantForIndex(m.index, m.index + name.length);
    while (n && n.type !== 'string' && (n.type === 'string_content' || n.type === 'escape_sequence')) n = n.parent;
    if (n?.type !== 'string' || found.some((f) => f.id === n!.id)) continue;
    if (inAnnotation(n) || inDunderAll(n)) found.push(n);
  }
  return found;
}

function inAnnotation(n: Node): boolean {
  for (let p = n.parent; p; p = p.parent) {
    if (p.type === 'type') return true;
    if (SCOPE_NODES.has(p.type) || p.type === 'block' || p.type === 'module') return false;
  }
  return false;
}

function inDunderAll(n: Node): boolean {
  for (let p = n.parent; p; p = p.parent) {
    if (p.type === 'assignment' || p.type === 'augmented_assignment') return p.childForFieldName('left')?.text === '__all__';
    if (p.type === 'call') {
      // __all__.append('x') / __all__.extend([...])
      const fn = p.childForFieldName('function');
      if (fn?.type === 'attribute' && fn.childForFieldName('object')?.text === '__all__') return true;
    }
    if (p.type === 'block' || p.type === 'module') return false;
  }
  return false;
}
