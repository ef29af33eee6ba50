// A small semantic model: which names each scope binds, and what an imported name refers to.
// Enough to answer "is `print` the builtin here" and "is `dq` collections.deque here"
// (the roles of LibCST's scope provider and Ruff's semantic model, scaled to what transforms need).
import type { Node } from 'web-tree-sitter';

export type BindingKind = 'import' | 'parameter' | 'assignment' | 'function' | 'class' | 'other';

export interface Binding {
  kind: BindingKind;
  /** For imports: the dotted name the local name stands for (`import collections as c` -> collections). */
  qualifiedName?: string;
  node: Node;
}

export interface Scope {
  node: Node;
  bindings: Map<string, Binding[]>;
  /** Names declared `global` / `nonlocal` here: they are not local bindings. */
  declaredOuter: Set<string>;
}

const FUNCTION_LIKE = new Set(['function_definition', 'lambda']);
const PATTERN_CONTAINERS = new Set([
  'pattern_list', 'tuple_pattern', 'list_pattern', 'list_splat_pattern', 'parenthesized_expression',
  'tuple', 'list', 'expression_list',
]);

// Expression node types: below them only a walrus (`:=`) or an `as` pattern can bind a name, so a
// scope's walk skips such a subtree when its text holds neither (most expressions: calls, strings).
const EXPRESSIONS = new Set([
  'attribute', 'await', 'binary_operator', 'call', 'concatenated_string', 'dictionary', 'dictionary_comprehension',
  'ellipsis', 'false', 'float', 'generator_expression', 'identifier', 'integer', 'list', 'list_comprehension',
  'list_splat', 'none', 'parenthesized_expression', 'set', 'set_comprehension', 'string', 'subscript', 'true',
  'tuple', 'unary_operator', 'boolean_operator', 'comparison_operator', 'conditional_expression', 'not_operator',
  'argument_list', 'keyword_argument', 'pair', 'expression_list', 'slice', 'dictionary_splat', 'decorator', 'type',
  // A def's parameter list: its defaults and annotations are expressions too.
  'parameters', 'default_parameter', 'typed_parameter', 'typed_default_parameter',
]);

// `import` and `*` with only blanks, continuations or comments between (tree-sitter's extras): every
// wildcard import's `*` ends such a match, so the tree is asked only about those offsets.
const WILDCARD_TEXT = /import(?:[\s\\\u2060\u200B]|#[^\r\n]*)*\*/g;

export class ScopeModel {
  private readonly scopes = new Map<number, Scope>();
  // Scope chains by node id: a transform asks about several names at the same node.
  private readonly chains = new Map<number, Scope[]>();
  private bindingMarks: BindingMarks | undefined;

  constructor(private readonly root: Node) {}

  /** The scope that owns `node` (module, function, lambda or class body). */
  scopeChain(node: Node): Scope[] {
    const cached = this.chains.get(node.id);
    if (cached) return cached;
    const chain: Scope[] = [];
    let child: Node = node;
    let parent = node.parent;
    let innermost = true;
    while (parent) {
      if (FUNCTION_LIKE.has(parent.type)) {
        // Defaults and annotations are evaluated in the enclosing scope; only the body is inside.
        const body = parent.childForFieldName('body');
        if (body && child.id === body.id) {
          chain.push(this.scopeOf(parent));
          innermost = false;
        }
      } else if (parent.type === 'class_definition') {
        const body = parent.childForFieldName('body');
        // A class body is a scope only for code directly in it, not for the methods it holds.
        if (body && child.id === body.id && innermost) chain.push(this.scopeOf(parent));
      }
      child = parent;
      parent = parent.parent;
    }
    chain.push(this.scopeOf(this.root));
    this.chains.set(node.id, chain);
    return chain;
  }

  /** The binding `name` resolves to at `node`, or undefined when it is a builtin or unbound. */
  resolve(name: string, node: Node): Binding | undefined {
    for (const scope of this.scopeChain(node)) {
      if (scope.declaredOuter.has(name) && scope.node.id !== this.root.id) continue;
      const found = scope.bindings.get(name);
      if (found?.length) return found[found.length - 1];
    }
    return undefined;
  }

  /** True when `name` at `node` is Python's builtin of that name (nothing in scope rebinds it). */
  isBuiltin(name: string, node: Node): boolean {
    return this.resolve(name, node) === undefined && !this.hasWildcardImport();
  }

  /** All bindings of `name` in the module scope. */
  moduleBindings(name: string): Binding[] {
    return this.scopeOf(this.root).bindings.get(name) ?? [];
  }

  private wildcards: Node[] | undefined;
  /** The `*` nodes of every `from m import *` in the module, in order (found once per tree). */
  wildcardImports(): Node[] {
    if (!this.wildcards) {
      this.wildcards = [];
      const base = this.root.startIndex;
      for (const m of this.root.text.matchAll(WILDCARD_TEXT)) {
        const star = base + m.index! + m[0].length - 1;
        const node = this.root.namedDescendantForIndex(star, star + 1);
        if (node?.type === 'wildcard_import') this.wildcards.push(node);
      }
    }
    return this.wildcards;
  }

  hasWildcardImport(): boolean {
    return this.wildcardImports().length > 0;
  }

  /**
   * The dotted name an expression refers to: `c.deque` -> `collections.deque` after
   * `import collections as c`; `list` -> `list` when it is the builtin. Undefined for locals.
   */
  qualifiedName(expr: Node): string | undefined {
    if (expr.type === 'identifier') {
      const binding = this.resolve(expr.text, expr);
      if (!binding) return expr.text;
      return binding.kind === 'import' ? binding.qualifiedName : undefined;
    }
    if (expr.type === 'attribute') {
      const object = expr.childForFieldName('object');
      const attr = expr.childForFieldName('attribute');
      if (!object || !attr) return undefined;
      const base = this.qualifiedName(object);
      return base === undefined ? undefined : `${base}.${attr.text}`;
    }
    return undefined;
  }

  scopeOf(node: Node): Scope {
    let scope = this.scopes.get(node.id);
    if (!scope) {
      this.bindingMarks ??= new BindingMarks(this.root);
      scope = buildScope(node, this.bindingMarks);
      this.scopes.set(node.id, scope);
    }
    return scope;
  }
}

/** Offsets of every `:=` and word `as` in the module's text, to tell which expressions can bind names. */
class BindingMarks {
  private readonly offsets: number[] = [];

  constructor(root: Node) {
    const base = root.startIndex;
    // A keyword `as` may follow a digit (`0as`) but not a letter; extra marks only cost a longer walk.
    for (const m of root.text.matchAll(/:=|(?<![A-Za-z_])as\b/g)) this.offsets.push(base + m.index!);
  }

  /** True when some mark lies in [start, end). */
  within(start: number, end: number): boolean {
    const o = this.offsets;
    let lo = 0;
    let hi = o.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (o[mid]! < start) lo = mid + 1;
      else hi = mid;
    }
    return lo < o.length && o[lo]! < end;
  }
}

function buildScope(scopeNode: Node, marks: BindingMarks): Scope {
  const scope: Scope = { node: scopeNode, bindings: new Map(), declaredOuter: new Set() };
  const bind = (nameNode: Node | null, kind: BindingKind, qualifiedName?: string) => {
    if (!nameNode) return;
    const list = scope.bindings.get(nameNode.text) ?? [];
    list.push({ kind, node: nameNode, qualifiedName });
    scope.bindings.set(nameNode.text, list);
  };
  const bindTarget = (target: Node | null, kind: BindingKind) => {
    if (!target) return;
    if (target.type === 'identifier') bind(target, kind);
    else if (PATTERN_CONTAINERS.has(target.type) || target.type === 'as_pattern_target')
      for (const c of target.namedChildren) if (c) bindTarget(c, kind);
  };

  if (FUNCTION_LIKE.has(scopeNode.type)) {
    const params = scopeNode.childForFieldName('parameters');
    for (const p of params?.namedChildren ?? []) {
      if (!p) continue;
      const name =
        p.type === 'identifier' ? p : (p.childForFieldName('name') ?? p.namedChildren.find((c) => c?.type === 'identifier') ?? null);
      if (p.type === 'list_splat_pattern' || p.type === 'dictionary_splat_pattern') bind(p.namedChild(0), 'parameter');
      else if (p.type === 'typed_parameter') {
        const inner = p.namedChild(0);
        bind(inner?.type === 'identifier' ? inner : (inner?.namedChild(0) ?? null), 'parameter');
      } else bind(name, 'parameter');
    }
  }

  const body = scopeNode.type === 'module' ? scopeNode : scopeNode.childForFieldName('body');
  const visit = (node: Node) => {
    const type = node.type;
    if (EXPRESSIONS.has(type) && !marks.within(node.startIndex, node.endIndex)) return; // binds nothing
    switch (type) {
      case 'function_definition':
      case 'class_definition': {
        bind(node.childForFieldName('name'), type === 'class_definition' ? 'class' : 'function');
        // Decorators, defaults and base classes run in this scope; the body does not.
        const bodyId = node.childForFieldName('body')?.id;
        // (Named children only: the keywords and punctuation bind nothing.)
        for (const c of node.namedChildren) if (c && c.id !== bodyId && c.type !== 'identifier') visit(c);
        return;
      }
      case 'lambda':
        return;
      case 'list_comprehension':
      case 'set_comprehension':
      case 'dictionary_comprehension':
      case 'generator_expression':
        // Their loop variables are their own; a walrus inside still binds here.
        for (const w of node.descendantsOfType('named_expression')) if (w) bind(w.childForFieldName('name'), 'assignment');
        return;
      case 'assignment':
      case 'augmented_assignment':
        bindTarget(node.childForFieldName('left'), 'assignment');
        break;
      case 'for_statement':
        bindTarget(node.childForFieldName('left'), 'assignment');
        break;
      case 'named_expression':
        bind(node.childForFieldName('name'), 'assignment');
        break;
      case 'as_pattern_target':
        bindTarget(node, 'assignment');
        break;
      case 'except_clause':
        // `except E as name` (older grammars put the name directly after `as`).
        for (let i = 0; i < node.childCount; i++)
          if (node.child(i)?.type === 'as' && node.child(i + 1)?.type === 'identifier') bind(node.child(i + 1), 'assignment');
        break;
      case 'global_statement':
      case 'nonlocal_statement':
        for (const c of node.namedChildren) if (c?.type === 'identifier') scope.declaredOuter.add(c.text);
        return;
      case 'import_statement':
        for (const c of node.namedChildren) {
          if (!c) continue;
          if (c.type === 'aliased_import') {
            bind(c.childForFieldName('alias'), 'import', c.childForFieldName('name')?.text);
          } else if (c.type === 'dotted_name') {
            // `import a.b` binds `a`, standing for the package a.
            const first = c.namedChild(0);
            if (first) bind(first, 'import', first.text);
          }
        }
        return;
      case 'import_from_statement':
      case 'future_import_statement': {
        const moduleNode = node.childForFieldName('module_name');
        const moduleName = node.type === 'future_import_statement' ? '__future__' : (moduleNode?.text ?? '');
        for (const c of node.childrenForFieldName('name')) {
          if (!c) continue;
          if (c.type === 'aliased_import') {
            bind(c.childForFieldName('alias'), 'import', `${moduleName}.${c.childForFieldName('name')?.text}`);
          } else bind(c, 'import', `${moduleName}.${c.text}`);
        }
        return;
      }
    }
    for (const c of node.namedChildren) if (c) visit(c);
  };
  if (body) for (const c of body.namedChildren) if (c) visit(c);
  return scope;
}
