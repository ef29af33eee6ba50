// A small semantic model: which names each scope binds, and what an imported name refers to.
// Enough to answer "is `print` the builtin here", "is `dq` collections.deque here" and "where else may
// this variable be rebound" (the roles of LibCST's scope provider and Ruff's semantic model, scaled to
// what transforms need).
//
// Every way Python binds a name is listed once, in BINDING_FORMS below (one entry per form, each with a
// unit test in test/scope.test.ts); the scopes themselves (module, function, lambda, class body,
// comprehension, PEP 695 type parameters) and which of them a name can see are in `scopeChain`.
//
// The model is lazy: a scope's bindings are collected the first time it is asked about, by a walk over
// its own statements that skips every expression whose text holds neither `:=` nor `as` (below them
// nothing can bind a name). `global` and `nonlocal` declarations are found from the text too.
import type { Node } from 'web-tree-sitter';
import { codeText } from './code-text.js';
import { ancestors } from './ancestors.js';

export type BindingKind =
  | 'import' // import a / import a.b / import a as b / from m import x [as y]
  | 'parameter' // def and lambda parameters of every kind
  | 'assignment' // a = 1, a = b = 1, a, *b = ..., x: int = 1
  | 'augmented' // a += 1
  | 'annotation' // `x: int` with no value: in a function it makes x local (binds nothing yet)
  | 'loop' // for / async for targets
  | 'with' // with ... as target
  | 'except' // except / except* ... as name (deleted again at the end of the handler)
  | 'walrus' // (name := value)
  | 'match' // match-statement captures
  | 'function' // def / async def
  | 'class'
  | 'type-parameter' // def f[T], class C[T], type X[T]
  | 'type-alias' // type X = ...
  | 'comprehension' // the targets of a comprehension's `for` clauses
  | 'del' // del name: unbinds (and, in a function, makes the name local)
  | 'other';

export interface Binding {
  kind: BindingKind;
  /** For imports: the dotted name the local name stands for (`import collections as c` -> collections). */
  qualifiedName?: string;
  node: Node;
}

export type ScopeKind = 'module' | 'function' | 'class' | 'comprehension' | 'type-parameters';

export interface Scope {
  /** module, function_definition, lambda, class_definition, a comprehension, or a type_parameter list. */
  node: Node;
  kind: ScopeKind;
  /** The binding sites in this scope's own code, in source order (names declared global/nonlocal included). */
  bindings: Map<string, Binding[]>;
  /** Names declared `global` / `nonlocal` here: their bindings here bind an outer scope's variable. */
  declaredOuter: Set<string>;
  /** Names declared `global` here. */
  globals: Set<string>;
  /** Names declared `nonlocal` here. */
  nonlocals: Set<string>;
}

const FUNCTION_LIKE = new Set(['function_definition', 'lambda']);
const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);

// Target containers: `a, b = ...`, `[a, *b] = ...`, `for (i, j) in ...`, `with x as (a, b)`, `del (a, b)`.
// Attributes and subscripts (`a.b = 1`, `a[0] = 1`) bind nothing and are not listed.
const TARGET_CONTAINERS = new Set([
  'pattern_list', 'tuple_pattern', 'list_pattern', 'list_splat_pattern', 'parenthesized_expression',
  'tuple', 'list', 'expression_list', 'list_splat', 'as_pattern_target',
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

/** What a scope's walk does with the names it finds. */
interface Binder {
  bind(nameNode: Node | null | undefined, kind: BindingKind, qualifiedName?: string): void;
  /** Binds every name in an assignment-like target (`a`, `a, *b`, `[a, (b, c)]`); attributes bind nothing. */
  bindTarget(target: Node | null | undefined, kind: BindingKind): void;
  declare(nameNode: Node, how: 'global' | 'nonlocal'): void;
  /** Walks a child subtree that runs in this scope. */
  visit(node: Node | null | undefined): void;
  /** Collects the walruses of a subtree that runs in a nested comprehension: they bind in this scope. */
  walrusesIn(node: Node | null | undefined): void;
}

type BindingForm = (node: Node, b: Binder) => void;

/**
 * Every binding form of Python, keyed by the tree-sitter node type that introduces it. A form binds what
 * it binds in the scope being built and walks on into the parts that run in that scope; a node type not
 * listed here binds nothing itself and its children are walked.
 */
const BINDING_FORMS: Record<string, BindingForm> = {
  // `a = 1`; `a = b = 1` (the right side is itself an assignment); `a, *b = x`; `[a, (b, c)] = x`;
  // `x: int = 1`. `x: int` alone binds nothing yet, but in a function it makes `x` local all the same.
  assignment(node, b) {
    const hasValue = !!node.childForFieldName('right');
    b.bindTarget(node.childForFieldName('left'), hasValue ? 'assignment' : 'annotation');
    b.visit(node.childForFieldName('type'));
    b.visit(node.childForFieldName('right'));
  },
  // `a += 1` rebinds `a` (and, in a function, makes it local).
  augmented_assignment(node, b) {
    b.bindTarget(node.childForFieldName('left'), 'augmented');
    b.visit(node.childForFieldName('right'));
  },
  // `for a, b in x:` and `async for`: the targets are rebound on every iteration.
  for_statement(node, b) {
    b.bindTarget(node.childForFieldName('left'), 'loop');
    for (const c of node.namedChildren) if (c && c.id !== node.childForFieldName('left')?.id) b.visit(c);
  },
  // `with x as a`, `with x as (a, b)`, `with (x as a, y as b)`, `async with`; also `except E as e` and
  // `except* E as e` (the except clause's `as` is the same node): the alias is the target. The except
  // form also deletes the name at the end of the handler (an implicit `del e`).
  as_pattern(node, b) {
    const alias = node.childForFieldName('alias');
    if (alias) {
      const kind: BindingKind = node.parent?.type === 'except_clause' ? 'except' : 'with';
      b.bindTarget(alias, kind);
      for (const c of node.namedChildren) if (c && c.id !== alias.id) b.visit(c);
      return;
    }
    // `case <pattern> as name` in a match statement: the name after `as`.
    matchCaptures(node, b);
  },
  // Older grammars put `except E as name`'s name directly after `as`.
  except_clause(node, b) {
    for (let i = 0; i < node.childCount; i++)
      if (node.child(i)?.type === 'as' && node.child(i + 1)?.type === 'identifier') b.bind(node.child(i + 1), 'except');
    for (const c of node.namedChildren) if (c) b.visit(c);
  },
  // `(name := value)`. Inside a comprehension it binds in the enclosing function or module (see
  // `comprehension` below); in a class body's comprehension it is a SyntaxError.
  named_expression(node, b) {
    b.bind(node.childForFieldName('name'), 'walrus');
    b.visit(node.childForFieldName('value'));
  },
  // `match` captures: `case x`, `case [a, *rest]`, `case {"k": v, **kw}`, `case P(x=px) as p`,
  // `case Point(a, b)`. Dotted names (`Color.RED`) are values, a class pattern's class is a reference,
  // and `_` binds nothing. A guard (`case x if (y := f())`) runs in the scope like any expression.
  case_clause(node, b) {
    for (const c of node.namedChildren) {
      if (!c) continue;
      if (c.type === 'case_pattern') matchCaptures(c, b);
      else b.visit(c);
    }
  },
  // `import a` binds a; `import a.b.c` binds a (standing for the package a); `import a.b as c` binds c.
  import_statement(node, b) {
    for (const c of node.namedChildren) {
      if (!c) continue;
      if (c.type === 'aliased_import') {
        b.bind(c.childForFieldName('alias'), 'import', c.childForFieldName('name')?.text);
      } else if (c.type === 'dotted_name') {
        const first = c.namedChild(0);
        if (first) b.bind(first, 'import', first.text);
      }
    }
  },
  // `from m import x` binds x, `from m import x as y` binds y (standing for m.x). `from m import *`
  // binds names unknown here: see `wildcardImports` (Python allows it only at module level).
  import_from_statement(node, b) {
    const moduleNode = node.childForFieldName('module_name');
    importedNames(node, moduleNode?.text ?? '', b);
  },
  // `from __future__ import annotations` binds `annotations` too.
  future_import_statement(node, b) {
    importedNames(node, '__future__', b);
  },
  // `global x` / `nonlocal x`: x's bindings in this scope bind the module's (or the enclosing function's)
  // variable; they are recorded here and found again by `moduleRebindings` / `closureRebindings`.
  global_statement(node, b) {
    for (const c of node.namedChildren) if (c?.type === 'identifier') b.declare(c, 'global');
  },
  nonlocal_statement(node, b) {
    for (const c of node.namedChildren) if (c?.type === 'identifier') b.declare(c, 'nonlocal');
  },
  // `del a`, `del a, b`, `del (a), [b]`: unbinds; in a function it also makes the name local.
  // `del a.b` / `del a[0]` bind nothing.
  delete_statement(node, b) {
    for (const c of node.namedChildren) {
      if (!c) continue;
      b.bindTarget(c, 'del');
    }
  },
  // `def f(...)` / `async def f(...)` binds f here. Decorators (in the decorated_definition around it),
  // parameter defaults and annotations run here too; the body, the parameters and the type parameters
  // belong to the function's own scopes.
  function_definition(node, b) {
    b.bind(node.childForFieldName('name'), 'function');
    const skip = new Set([node.childForFieldName('body')?.id, node.childForFieldName('name')?.id, node.childForFieldName('type_parameters')?.id]);
    for (const c of node.namedChildren) if (c && !skip.has(c.id)) b.visit(c);
  },
  // `class C(Base, metaclass=M):` binds C here; the bases and keywords run here, the body is the class's scope.
  class_definition(node, b) {
    b.bind(node.childForFieldName('name'), 'class');
    const skip = new Set([node.childForFieldName('body')?.id, node.childForFieldName('name')?.id, node.childForFieldName('type_parameters')?.id]);
    for (const c of node.namedChildren) if (c && !skip.has(c.id)) b.visit(c);
  },
  // A lambda is a function scope of its own; only its parameter defaults run here.
  lambda(node, b) {
    b.visit(node.childForFieldName('parameters'));
  },
  // Parameters are bound by the function's own scope (`bindParameters`); here only their defaults and
  // annotations run, never their names.
  parameters: visitParameterValues,
  lambda_parameters: visitParameterValues,
  // `type X = ...` / `type X[T] = ...` binds X here; the value is evaluated lazily in its own scope.
  type_alias_statement(node, b) {
    const left = node.childForFieldName('left');
    const name = left?.namedChild(0);
    b.bind(name?.type === 'generic_type' ? name.namedChild(0) : name, 'type-alias');
  },
  // Comprehensions and generator expressions are scopes of their own, which bind their `for` targets
  // (see `buildScope`). Only the first iterable is evaluated in the enclosing scope; a walrus anywhere
  // inside binds in the enclosing scope.
  list_comprehension: comprehension,
  set_comprehension: comprehension,
  dictionary_comprehension: comprehension,
  generator_expression: comprehension,
};

function comprehension(node: Node, b: Binder) {
  const first = node.namedChildren.find((c) => c?.type === 'for_in_clause');
  const firstIterable = first?.childForFieldName('right');
  b.visit(firstIterable);
  for (const c of node.namedChildren) {
    if (!c) continue;
    if (c.id === first?.id) {
      for (const part of c.namedChildren) if (part && part.id !== firstIterable?.id) b.walrusesIn(part);
    } else b.walrusesIn(c);
  }
}

function visitParameterValues(node: Node, b: Binder) {
  for (const p of node.namedChildren) {
    if (!p) continue;
    b.visit(p.childForFieldName('value'));
    b.visit(p.childForFieldName('type'));
  }
}

function importedNames(node: Node, moduleName: string, b: Binder) {
  for (const c of node.childrenForFieldName('name')) {
    if (!c) continue;
    if (c.type === 'aliased_import') b.bind(c.childForFieldName('alias'), 'import', `${moduleName}.${c.childForFieldName('name')?.text}`);
    else b.bind(c, 'import', `${moduleName}.${c.text}`);
  }
}

/** The names a match pattern captures (see `case_clause` in BINDING_FORMS). */
function matchCaptures(pattern: Node, b: Binder) {
  const visit = (n: Node) => {
    switch (n.type) {
      case 'dotted_name':
        // A lone name is a capture wherever a pattern is expected (`case x`, `P(x=px)`'s px);
        // `Color.RED` is a value, and a class pattern's class (its parent is class_pattern) a reference.
        if (n.namedChildCount === 1 && n.parent?.type !== 'class_pattern') b.bind(n.namedChild(0), 'match');
        return;
      case 'keyword_pattern':
        // `x=px`: x is the attribute's name, px the pattern.
        for (const c of n.namedChildren.slice(1)) if (c) visit(c);
        return;
      case 'splat_pattern': // `*rest`, `**rest` (`*_` has no name)
      case 'as_pattern': // `<pattern> as name`
        for (const c of n.namedChildren) {
          if (!c) continue;
          if (c.type === 'identifier') {
            if (c.text !== '_') b.bind(c, 'match');
          } else visit(c);
        }
        return;
      default:
        for (const c of n.namedChildren) if (c) visit(c);
    }
  };
  visit(pattern);
}

/** Parameters of a def or lambda, of every kind: plain, `/`-only, defaulted, typed, `*args`, kw-only, `**kw`. */
function bindParameters(params: Node | null, bind: Binder['bind']) {
  for (const p of params?.namedChildren ?? []) {
    if (!p) continue;
    switch (p.type) {
      case 'identifier': // `a`
        bind(p, 'parameter');
        break;
      case 'default_parameter': // `a=1`
      case 'typed_default_parameter': // `a: int = 1`
        bind(p.childForFieldName('name'), 'parameter');
        break;
      case 'typed_parameter': {
        // `a: int`, `*a: int`, `**a: str`
        const inner = p.namedChild(0);
        bind(inner?.type === 'identifier' ? inner : inner?.namedChild(0), 'parameter');
        break;
      }
      case 'list_splat_pattern': // `*args`
      case 'dictionary_splat_pattern': // `**kw`
        bind(p.namedChild(0), 'parameter');
        break;
      // positional_separator `/` and keyword_separator `*` bind nothing.
    }
  }
}

/** The names of a PEP 695 type parameter list: `[T, T2: int, *Ts, **P]`. */
function bindTypeParameters(list: Node, bind: Binder['bind']) {
  for (const t of list.namedChildren) {
    if (t?.type !== 'type') continue;
    const inner = t.namedChild(0);
    if (inner?.type === 'identifier') bind(inner, 'type-parameter');
    else if (inner?.type === 'constrained_type') bind(inner.namedChild(0)?.namedChild(0), 'type-parameter');
    else if (inner?.type === 'splat_type') bind(inner.namedChild(0), 'type-parameter');
  }
}

/** The type parameter list of a def, a class or a `type X[T] = ...` statement, if it has one. */
function typeParametersOf(node: Node): Node | null {
  if (node.type === 'type_alias_statement') {
    const generic = node.childForFieldName('left')?.namedChild(0);
    return generic?.type === 'generic_type' ? (generic.namedChildren.find((c) => c?.type === 'type_parameter') ?? null) : null;
  }
  return node.childForFieldName('type_parameters');
}

export class ScopeModel {
  private readonly scopes = new Map<number, Scope>();
  // Scope chains by node id: a transform asks about several names at the same node.
  private readonly chains = new Map<number, Scope[]>();
  private bindingMarks: BindingMarks | undefined;
  private globalRebinds: Map<string, Binding[]> | undefined;
  private readonly calledOnly = new Map<string, boolean>();

  /** `source`: the module's text, when the caller has it (the shortcuts read it; else the root's text). */
  constructor(
    readonly root: Node,
    private readonly source?: string,
  ) {}

  /**
   * The scopes a name used at `node` is looked up in, innermost first, the module last. A class body is
   * seen only by code directly in it (not by its methods, nor its comprehensions past the first
   * iterable); parameter defaults, decorators and a comprehension's first iterable belong to the
   * enclosing scope; annotations of a generic def see its type parameters.
   */
  scopeChain(node: Node): Scope[] {
    const cached = this.chains.get(node.id);
    if (cached) return cached;
    const chain: Scope[] = [];
    let child: Node = node;
    let classVisible = true;
    for (const parent of ancestors(node)) {
      const type = parent.type;
      if (FUNCTION_LIKE.has(type)) {
        const body = parent.childForFieldName('body');
        const inBody = !!body && child.id === body.id;
        // Code inside a body sees, from the body out, what the body itself sees: take the body's (cached)
        // chain instead of walking on, so the identifiers of one function do not each walk every ancestor.
        // The same scopes either way: classVisible turns false at a function body on both paths; further
        // out, inParameterAnnotation and inFirstIterable only ask whether the start node lies in a range
        // this whole function lies in or outside of, and isParameterName is false for both (a function in
        // a parameter list lies in a default or an annotation). Class bodies and comprehensions are not
        // cut short: what they show depends on the start node (classVisible, the first iterable).
        if (inBody && child.id !== node.id) {
          const result = chain.concat(this.scopeChain(body));
          this.chains.set(node.id, result);
          return result;
        }
        // The body and the parameters' own names belong to the function; defaults and annotations do not.
        if (inBody || isParameterName(node, child)) {
          chain.push(this.scopeOf(parent));
          classVisible = false;
        }
        // A generic def's type parameters are seen by its body and annotations, not by its defaults.
        const typeParams = type === 'function_definition' ? typeParametersOf(parent) : null;
        const inTypeParams = child.id === typeParams?.id;
        if (typeParams && (inBody || inTypeParams || child.id === parent.childForFieldName('return_type')?.id || inParameterAnnotation(node, child))) {
          chain.push(this.typeParameterScope(typeParams));
        }
      } else if (type === 'class_definition') {
        const body = parent.childForFieldName('body');
        const inBody = !!body && child.id === body.id;
        // A class body is a scope only for code directly in it, not for the methods it holds.
        if (inBody && classVisible) chain.push(this.scopeOf(parent));
        if (inBody) classVisible = false;
        const typeParams = typeParametersOf(parent);
        if (typeParams && (inBody || child.id === typeParams.id || child.id === parent.childForFieldName('superclasses')?.id)) chain.push(this.typeParameterScope(typeParams));
      } else if (COMPREHENSIONS.has(type)) {
        const first = parent.namedChildren.find((c) => c?.type === 'for_in_clause');
        const viaFirstIterable = child.id === first?.id && inFirstIterable(node, first);
        if (!viaFirstIterable) {
          chain.push(this.scopeOf(parent));
          classVisible = false;
        }
      } else if (type === 'type_alias_statement') {
        const typeParams = typeParametersOf(parent);
        if (typeParams && child.id === parent.childForFieldName('right')?.id) chain.push(this.typeParameterScope(typeParams));
      }
      child = parent;
    }
    chain.push(this.scopeOf(this.root));
    this.chains.set(node.id, chain);
    return chain;
  }

  /** The scope whose variable `name` means at `node`, or undefined when it is a builtin (or unbound). */
  owningScope(name: string, node: Node): Scope | undefined {
    // A name the text shows only being called binds nowhere: no scope needs building to say so.
    if (this.onlyCalled(name)) return undefined;
    const module = this.scopeOf(this.root);
    for (const scope of this.scopeChain(node)) {
      if (scope === module) break;
      // `global x` sends x straight to the module, past enclosing functions that bind x themselves.
      if (scope.globals.has(name)) break;
      if (scope.nonlocals.has(name)) continue;
      if (scope.bindings.get(name)?.length) return scope;
    }
    return module.bindings.get(name)?.length || this.globalRebindings(name).length ? module : undefined;
  }

  /** The binding `name` resolves to at `node`, or undefined when it is a builtin or unbound. */
  resolve(name: string, node: Node): Binding | undefined {
    const scope = this.owningScope(name, node);
    if (!scope) return undefined;
    const found = scope.bindings.get(name);
    if (found?.length) return found[found.length - 1];
    const elsewhere = this.globalRebindings(name);
    return elsewhere[elsewhere.length - 1];
  }

  /**
   * Every place the variable that `name` means at `node` may be bound, rebound or deleted: for a module
   * variable `moduleRebindings`, for a function's `closureRebindings`, else the scope's own bindings.
   * Empty when `name` is the builtin there.
   */
  bindingSites(name: string, node: Node): Binding[] {
    const scope = this.owningScope(name, node);
    if (!scope) return [];
    if (scope.kind === 'module') return this.moduleRebindings(name);
    if (scope.kind === 'function') return this.closureRebindings(scope.node, name);
    return scope.bindings.get(name) ?? [];
  }

  /**
   * True when `name` at `node` is Python's builtin of that name: nothing in scope binds it (anywhere in
   * the scope that would own it, so also later in the code or in a function that declares it `global`),
   * or only `from builtins import name`, and no wildcard import could bind it.
   */
  isBuiltin(name: string, node: Node): boolean {
    return this.bindsOnlyTheBuiltin(name, node) && !this.hasWildcardImport();
  }

  /** Like isBuiltin, wildcard imports aside (a caller may know which modules they come from). */
  bindsOnlyTheBuiltin(name: string, node: Node): boolean {
    return this.bindingSites(name, node).every((b) => b.kind === 'import' && b.qualifiedName === `builtins.${name}`);
  }

  /** The bindings of `name` in the module's own top-level code (not those of functions declaring it global). */
  moduleBindings(name: string): Binding[] {
    return this.scopeOf(this.root).bindings.get(name) ?? [];
  }

  /**
   * Every place the module-level variable `name` may be bound, rebound or deleted, in source order:
   * the module's own bindings (assignments, imports, defs, `del`, ...) and the bindings of every function
   * or class body that declares `global name`. Wildcard imports are not included (`hasWildcardImport`).
   */
  moduleRebindings(name: string): Binding[] {
    const own = this.moduleBindings(name);
    const elsewhere = this.globalRebindings(name);
    if (elsewhere.length === 0) return own;
    return [...own, ...elsewhere].sort((a, b) => a.node.startIndex - b.node.startIndex);
  }

  /**
   * Every place the local variable `name` of function `func` (a function_definition or lambda) may be
   * bound, rebound or deleted: the function's own bindings and those of the closures nested in it that
   * declare `nonlocal name` and reach this function's variable. Empty when `name` is not local to `func`.
   */
  closureRebindings(func: Node, name: string): Binding[] {
    const scope = this.scopeOf(func);
    if (scope.globals.has(name) || scope.nonlocals.has(name) || !scope.bindings.get(name)?.length) return [];
    const found = [...scope.bindings.get(name)!];
    const text = func.text;
    if (!text.includes('nonlocal')) return found;
    for (const m of text.matchAll(/\bnonlocal\b/g)) {
      const at = func.startIndex + m.index!;
      const stmt = this.root.descendantForIndex(at, at + 8)?.parent;
      if (stmt?.type !== 'nonlocal_statement' || !stmt.namedChildren.some((c) => c?.text === name)) continue;
      const inner = this.scopeChain(stmt)[0]!;
      // The variable a `nonlocal` reaches: the nearest enclosing function that binds it without declaring it nonlocal itself.
      const outer = this.scopeChain(inner.node).find((s) => s.kind === 'function' && s.node.id !== inner.node.id && !s.nonlocals.has(name) && s.bindings.get(name)?.length);
      if (outer?.node.id === func.id) found.push(...(inner.bindings.get(name) ?? []));
    }
    return found.sort((a, b) => a.node.startIndex - b.node.startIndex);
  }

  /** Bindings of `name` made by functions and class bodies that declare it `global` (found from the text). */
  private globalRebindings(name: string): Binding[] {
    if (!this.globalRebinds) {
      this.globalRebinds = new Map();
      const text = this.root.text;
      if (text.includes('global')) {
        const base = this.root.startIndex;
        const seen = new Set<number>();
        for (const m of text.matchAll(/\bglobal\b/g)) {
          const at = base + m.index!;
          const stmt = this.root.descendantForIndex(at, at + 6)?.parent;
          if (stmt?.type !== 'global_statement') continue;
          const scope = this.scopeChain(stmt)[0]!;
          if (scope.kind === 'module' || seen.has(scope.node.id)) continue;
          seen.add(scope.node.id);
          for (const declared of scope.globals) {
            const list = this.globalRebinds.get(declared) ?? [];
            list.push(...(scope.bindings.get(declared) ?? []));
            this.globalRebinds.set(declared, list);
          }
        }
      }
    }
    return this.globalRebinds.get(name) ?? [];
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
    if (expr.type === 'identifier') return this.qualifiedNameOfName(expr.text, expr);
    if (expr.type === 'attribute') {
      const object = expr.childForFieldName('object');
      const attr = expr.childForFieldName('attribute');
      if (!object || !attr) return undefined;
      const base = this.qualifiedName(object);
      return base === undefined ? undefined : `${base}.${attr.text}`;
    }
    return undefined;
  }

  /**
   * The dotted name the name `name` refers to at `at` (which need not be that name's identifier: a name
   * read from the text of a string annotation is resolved where the string stands). Undefined for locals.
   */
  qualifiedNameOfName(name: string, at: Node): string | undefined {
    // Every place the name may be bound must agree: `import collections as c` and nothing else.
    const sites = this.bindingSites(name, at);
    if (sites.length === 0) return name;
    const first = sites[0]!;
    if (first.kind !== 'import' || !sites.every((b) => b.kind === 'import' && b.qualifiedName === first.qualifiedName)) return undefined;
    return first.qualifiedName;
  }

  private dynamic: DynamicBinding[] | undefined;
  /**
   * Code that may bind `name` in ways no binding form shows: exec/eval of code in the module's namespace,
   * writes through globals() (or module-level vars()/locals()) or sys.modules[__name__], and writes to the
   * builtins (`builtins.print = f`, `__builtins__["print"] = f`, `setattr(builtins, ...)`, `vars(builtins)[...]`,
   * `mock.patch("builtins.print")`). Writes through any other sys.modules entry, `__main__`, `__import__(...)`,
   * a function's `__globals__` or a frame's `f_globals`/`f_builtins` count for both namespaces; exec, eval,
   * globals, vars or locals handed on or renamed (`run = exec`) may bind any name. Found from the text first.
   * Not seen: code run by exec inside a function from a string the model cannot read, and other modules
   * writing this module's names.
   */
  dynamicBindings(name: string): DynamicBinding[] {
    if (!this.dynamic) {
      this.dynamic = []; // a re-entrant call while they are being found sees none
      this.dynamic = findDynamicBindings(this.root, this);
    }
    return this.dynamic.filter((d) => namesInclude(d.names, name));
  }

  /** The scope a module, def, lambda, class or comprehension node opens (built on first use). */
  scopeOf(node: Node): Scope {
    let scope = this.scopes.get(node.id);
    if (!scope) {
      this.bindingMarks ??= new BindingMarks(this.root);
      scope = buildScope(node, this.bindingMarks);
      this.scopes.set(node.id, scope);
    }
    return scope;
  }

  /**
   * True when every occurrence of `name` in the module's code (strings and comments aside, f-strings
   * included) is followed by `(` and is not a def's or class's name: then nothing binds it. Every other
   * binding form has the name followed by something else (`=`, `:`, `,`, `)`, `in`, a line break, ...),
   * and Python rejects a call where a binding goes (`for f(x) in y`). Answers false whenever unsure: a
   * backslash or comment before the `(` does not read as a call, and where the strings cannot be read
   * simply, all text counts. A name spelled in a form Python normalizes (`ｐｒｉｎｔ`) is no concern: the
   * engine leaves such modules alone (unnormalized-names.ts).
   */
  private onlyCalled(name: string): boolean {
    let answer = this.calledOnly.get(name);
    if (answer === undefined) {
      // Only for ASCII names: `\b` is an ASCII word boundary.
      answer = /^[A-Za-z_]\w*$/.test(name);
      const text = this.source ?? this.root.text;
      const word = new RegExp(`\\b${name}\\b`, 'g');
      const code = answer ? codeText(text) : undefined;
      for (const m of !answer ? [] : code ? code.matches(word) : text.matchAll(word)) {
        if (!CALLED_AFTER.test(text.slice(m.index + name.length, m.index + name.length + 64)) || afterDefOrClass(text, m.index)) {
          answer = false;
          break;
        }
      }
      this.calledOnly.set(name, answer);
    }
    return answer;
  }

  private typeParameterScope(list: Node): Scope {
    let scope = this.scopes.get(list.id);
    if (!scope) {
      scope = newScope(list, 'type-parameters');
      bindTypeParameters(list, (n, kind) => addBinding(scope!, n, kind));
      this.scopes.set(list.id, scope);
    }
    return scope;
  }
}

export interface DynamicBinding {
  node: Node;
  /** The names it may bind: a set, the names starting with a prefix (`g["CO_" + k] = v`), or any name. */
  names: Names;
  /** Where: the module's namespace or the builtins (seen by every module). */
  namespace: 'module' | 'builtins';
}

type Names = Set<string> | { prefixes: string[] } | 'any';

export function namesInclude(names: Names, name: string): boolean {
  if (names === 'any') return true;
  if (names instanceof Set) return names.has(name);
  return names.prefixes.some((p) => name.startsWith(p));
}

const DYNAMIC_TEXT = /\b(?:exec|eval|globals|vars|locals|builtins|__builtins__|modules|__import__|__main__|__globals__|f_globals|f_builtins)\b/g;
const IDENTIFIER_WORDS = /[A-Za-z_][A-Za-z0-9_]*/g;
// Methods of a namespace dict that only read it.
const READ_ONLY_METHODS = new Set(['get', 'items', 'keys', 'values', 'copy', '__contains__', '__getitem__', '__len__', '__iter__']);
// Builtins that only read the namespace or module they are given (__import__ reads the package context).
const READING_BUILTINS = new Set([
  'dir', 'id', 'callable', 'isinstance', 'issubclass', 'len', 'list', 'sorted', 'set', 'frozenset', 'tuple', 'dict',
  'repr', 'str', 'type', 'getattr', 'hasattr', 'iter', 'print', 'format', 'vars', '__import__', 'hash', 'bool', 'any',
  'all', 'enumerate', 'zip', 'map', 'filter', 'reversed', 'min', 'max', 'sum',
]);
// Calls that write the attribute named by a string argument of the object they are given.
const ATTRIBUTE_WRITERS = new Set(['setattr', 'delattr', 'object']);

/** See ScopeModel.dynamicBindings. */
function findDynamicBindings(root: Node, model: ScopeModel): DynamicBinding[] {
  const found: DynamicBinding[] = [];
  const text = root.text;
  const base = root.startIndex;
  const seen = new Set<number>();
  const add = (node: Node, names: Names | null, namespace: DynamicBinding['namespace']) => {
    if (!names || seen.has(node.id)) return;
    seen.add(node.id);
    found.push({ node, names, namespace });
  };
  const isCallOf = (word: Node) => word.parent?.type === 'call' && word.parent.childForFieldName('function')?.id === word.id;
  // Written through a module object or namespace that may be this module's or the builtins': either.
  const addBoth = (node: Node, names: Names | null) => {
    add(node, names, 'module');
    if (names) found.push({ node, names, namespace: 'builtins' });
  };
  for (const m of text.matchAll(DYNAMIC_TEXT)) {
    const at = base + m.index!;
    const node = root.descendantForIndex(at, at + m[0].length);
    if (node?.type !== 'identifier' || node.startIndex !== at || node.endIndex !== at + m[0].length) continue;
    const word = m[0];
    const parent = node.parent!;
    if (['exec', 'eval', 'globals', 'vars', 'locals'].includes(word) && !isCallOf(node) && isReference(node) && model.bindsOnlyTheBuiltin(word, node)) {
      // The builtin handed on or aliased (`run = exec`, `partial(exec)`, `g = globals`): not followed. But
      // unittest's assertions (`assertRaises(SyntaxError, eval, "0x")`) call it from their own module.
      const call = parent.type === 'argument_list' ? parent.parent : null;
      if (!(call && calleeNameOf(call)?.startsWith('assert'))) add(node, 'any', 'module');
    } else if (word === '__import__' && isCallOf(node) && model.bindsOnlyTheBuiltin(word, node)) {
      // `__import__("builtins").print = f`: whatever module it returns.
      addBoth(parent, objectWrites(parent, model, false));
    } else if (word === '__main__' && isReference(node) && model.qualifiedName(node) === '__main__') {
      addBoth(node, objectWrites(node, model, false));
    } else if ((word === '__globals__' || word === 'f_globals' || word === 'f_builtins') && parent.type === 'attribute' && parent.childForFieldName('attribute')?.id === node.id) {
      // `fn.__globals__[...] = f`, `sys._getframe().f_builtins[...] = f`: a namespace, a module's or the builtins'.
      addBoth(parent, namespaceWrites(parent, model, false));
    } else if ((word === 'exec' || word === 'eval') && isCallOf(node)) {
      // exec(code) at module level runs in the module's namespace (with a namespace argument, that
      // argument is judged where it is written: `globals()` below).
      if (model.bindsOnlyTheBuiltin(word, node)) add(parent, execWithoutNamespace(parent, model), 'module');
    } else if ((word === 'globals' || word === 'vars' || word === 'locals') && isCallOf(node)) {
      if (!model.bindsOnlyTheBuiltin(word, node)) continue;
      if ((parent.childForFieldName('arguments')?.namedChildCount ?? 0) > 0) continue; // vars(obj)
      // vars() and locals() are the module's namespace only at module level.
      if (word !== 'globals' && model.scopeChain(parent)[0]!.kind !== 'module') continue;
      add(parent, namespaceWrites(parent, model, true), 'module');
    } else if (word === 'modules' && parent.type === 'attribute' && model.qualifiedName(parent) === 'sys.modules') {
      // sys.modules[__name__]: this module's object.
      const sub = parent.parent;
      if (sub?.type === 'subscript' && sub.childForFieldName('value')?.id === parent.id && sub.childForFieldName('subscript')?.text === '__name__') {
        add(sub, objectWrites(sub, model, true), 'module');
        continue;
      }
      // Any other entry (`sys.modules["builtins"]`, `["__main__"]`, `.get(name)`): what is written through it.
      const call = sub?.type === 'attribute' && sub.parent?.type === 'call' ? sub.parent : undefined;
      const entry = sub?.type === 'subscript' && sub.childForFieldName('value')?.id === parent.id ? sub : call;
      if (entry) addBoth(entry, objectWrites(entry, model, false));
    } else if (word === 'builtins' || word === '__builtins__') {
      if (!isReference(node)) continue;
      const sites = model.bindingSites(word, node);
      if (sites.some((b) => b.node.id === node.id)) {
        // Binding the name `__builtins__` itself changes where this module looks builtins up.
        if (word === '__builtins__') add(node, 'any', 'builtins');
        continue;
      }
      // `builtins` must be the imported module (unimported it is a NameError, not a builtin).
      if (word === 'builtins' && (sites.length === 0 || model.qualifiedName(node) !== 'builtins')) continue;
      // `__builtins__` is the builtins module in __main__ and its dict elsewhere: either way, only what is
      // written through it counts (handing it on is not followed: a documented limit).
      const names = word === '__builtins__' ? (namespaceWrites(node, model, false) ?? objectWrites(node, model, false)) : objectWrites(node, model, false);
      add(node, names, 'builtins');
    }
  }
  // mock.patch("builtins.print"), monkeypatch.setattr("builtins.print", ...): the target in a string.
  for (const m of text.matchAll(/["']builtins\.([A-Za-z_][A-Za-z0-9_]*)["']/g)) {
    const at = base + m.index!;
    const node = root.descendantForIndex(at, at + 1);
    const string = node?.type === 'string_start' ? node.parent : node;
    if (string?.type === 'string') add(string, new Set([m[1]!]), 'builtins');
  }
  return found;
}

/** The arguments of a call, without comments. */
function callArguments(call: Node): Node[] {
  return (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => !!a && a.type !== 'comment');
}

/** The names `exec(code)`/`eval(code)` (no namespace given) may bind in the module, or null. */
function execWithoutNamespace(call: Node, model: ScopeModel): Names | null {
  const args = callArguments(call);
  if (args.length !== 1 || args[0]!.type === 'keyword_argument') return null;
  // Inside a function the code runs in a copy of the locals: only a `global` statement in it reaches the
  // module (code the model cannot read is a documented limit).
  if (model.scopeChain(call)[0]!.kind === 'module') return codeNames(args[0]!);
  return args[0]!.type === 'string' && /\bglobal\b/.test(args[0]!.text) ? codeNames(args[0]!) : null;
}

/** The names code given to exec/eval may bind: the words of a literal, else any name. */
function codeNames(code: Node): Names {
  if (code.type !== 'string' || code.descendantsOfType('interpolation').length > 0) return 'any';
  return new Set(code.text.match(IDENTIFIER_WORDS) ?? []);
}

/**
 * Names written through a namespace dict (`globals()`, `__builtins__`, a variable holding one): null when
 * it is only read. `followCalls`: handing it to a call that is not known to only read it counts as a write.
 */
function namespaceWrites(dict: Node, model: ScopeModel, followCalls: boolean, followed = new Set<number>()): Names | null {
  const parent = dict.parent;
  if (!parent || isWriteTarget(dict)) return null; // `del g`, `g = other`: the variable, not the namespace
  if (parent.type === 'subscript' && parent.childForFieldName('value')?.id === dict.id) {
    if (!isWriteTarget(parent)) return null; // globals()["x"] read
    return literalName(parent.childForFieldName('subscript'));
  }
  if (parent.type === 'attribute' && parent.childForFieldName('object')?.id === dict.id) {
    const method = parent.childForFieldName('attribute')?.text ?? '';
    if (READ_ONLY_METHODS.has(method)) return null;
    const call = parent.parent?.type === 'call' ? parent.parent : null;
    const args = call ? callArguments(call) : [];
    if (method === 'update' && args.length > 0 && args.every((a) => a.type === 'keyword_argument'))
      return new Set(args.map((a) => a.childForFieldName('name')?.text ?? ''));
    if (['setdefault', '__setitem__', 'pop', '__delitem__'].includes(method) && args[0]) return literalName(args[0]);
    return 'any';
  }
  // "x" in globals(), globals() == d, __doc__ % globals(): reads.
  if (['comparison_operator', 'binary_operator', 'expression_statement', 'boolean_operator', 'not_operator'].includes(parent.type)) return null;
  // `g = globals()`: what is written through g.
  if (parent.type === 'assignment' && parent.childForFieldName('right')?.id === dict.id) {
    const left = parent.childForFieldName('left');
    if (left?.type !== 'identifier') return 'any';
    // `a = g; g = a`: a variable already followed adds nothing.
    if (followed.has(left.id)) return null;
    followed.add(left.id);
    return union(usesOf(model, left).map((use) => namespaceWrites(use, model, followCalls, followed)));
  }
  const argList = parent.type === 'keyword_argument' ? parent.parent : parent;
  const call = argList?.type === 'argument_list' ? argList.parent : null;
  if (!call) return 'any';
  const callee = call.childForFieldName('function');
  const calleeName = calleeNameOf(call);
  // exec(code, globals()): the code runs in the module.
  if (callee?.type === 'identifier' && (callee.text === 'exec' || callee.text === 'eval') && model.bindsOnlyTheBuiltin(callee.text, callee)) {
    const code = callArguments(call)[0];
    return code && code.id !== dict.id ? codeNames(code) : null;
  }
  if (callee?.type === 'identifier' && READING_BUILTINS.has(callee.text) && model.bindsOnlyTheBuiltin(callee.text, callee)) return null;
  if (calleeName?.startsWith('assert')) return null; // unittest's assertions read
  return followCalls ? 'any' : null;
}

/** The name a call is made through: `f` for `f(...)`, `assertRaises` for `self.assertRaises(...)`. */
function calleeNameOf(call: Node): string | undefined {
  const callee = call.childForFieldName('function');
  return callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : callee?.text;
}

/** Names written through a module object (`builtins`, `sys.modules[__name__]`): null when it is only read. */
function objectWrites(object: Node, model: ScopeModel, followCalls: boolean, followed = new Set<number>()): Names | null {
  const parent = object.parent;
  if (!parent || isWriteTarget(object)) return null;
  if (parent.type === 'attribute' && parent.childForFieldName('object')?.id === object.id) {
    const attr = parent.childForFieldName('attribute')?.text ?? '';
    if (attr === '__dict__') return namespaceWrites(parent, model, followCalls, followed);
    return isWriteTarget(parent) ? new Set([attr]) : null; // builtins.print = f / del builtins.print
  }
  if (parent.type === 'argument_list') {
    const call = parent.parent!;
    const callee = call.childForFieldName('function');
    const calleeName = calleeNameOf(call);
    // setattr(builtins, "print", f), patch.object(builtins, "print"), monkeypatch.setattr(builtins, ...):
    // the names in string literals among the arguments, or any name when there is none.
    if (calleeName && ATTRIBUTE_WRITERS.has(calleeName)) {
      const names = new Set<string>();
      for (const a of callArguments(call)) {
        const v = a.type === 'keyword_argument' ? a.childForFieldName('value') : a;
        const n = v && v.type === 'string' ? literalName(v) : null;
        if (n instanceof Set) for (const x of n) names.add(x);
      }
      return names.size > 0 ? names : 'any';
    }
    // vars(builtins): the module's namespace, written through as globals() is.
    if (callee?.type === 'identifier' && callee.text === 'vars' && model.bindsOnlyTheBuiltin('vars', callee)) return namespaceWrites(call, model, followCalls, followed);
    if (callee?.type === 'identifier' && READING_BUILTINS.has(callee.text) && model.bindsOnlyTheBuiltin(callee.text, callee)) return null;
    if (calleeName?.startsWith('assert')) return null;
    return followCalls ? 'any' : null;
  }
  if (parent.type === 'assignment' && parent.childForFieldName('right')?.id === object.id) {
    const left = parent.childForFieldName('left');
    if (left?.type !== 'identifier') return followCalls ? 'any' : null;
    if (followed.has(left.id)) return null;
    followed.add(left.id);
    return union(usesOf(model, left).map((use) => objectWrites(use, model, followCalls, followed)));
  }
  if (['subscript', 'comparison_operator', 'binary_operator', 'expression_statement', 'boolean_operator', 'not_operator'].includes(parent.type)) return null;
  return followCalls ? 'any' : null;
}

/**
 * The uses of the variable bound at `binding` (`g = globals()`: the later `g`s), found from the text. (The
 * public helper for references is references.ts's `referencesIn`; this one works on the model alone.)
 */
function usesOf(model: ScopeModel, binding: Node): Node[] {
  const name = binding.text;
  const root = model.root;
  const uses: Node[] = [];
  for (const m of root.text.matchAll(new RegExp(`\\b${name}\\b`, 'g'))) {
    const at = root.startIndex + m.index!;
    const node = root.descendantForIndex(at, at + name.length);
    if (node?.type !== 'identifier' || node.id === binding.id || node.startIndex !== at || node.endIndex !== at + name.length) continue;
    if (!isReference(node) || node.parent?.type === 'global_statement' || node.parent?.type === 'nonlocal_statement') continue;
    if (model.bindingSites(name, node).some((b) => b.node.id === binding.id)) uses.push(node);
  }
  return uses;
}

function union(all: (Names | null)[]): Names | null {
  let out: Names | null = null;
  for (const n of all) {
    if (!n) continue;
    if (n === 'any') return 'any';
    if (!out) out = n;
    else if (out instanceof Set && n instanceof Set) out = new Set([...out, ...n]);
    else if (!(out instanceof Set) && !(n instanceof Set)) out = { prefixes: [...out.prefixes, ...n.prefixes] };
    else {
      // A name and some prefixes: the name is a prefix of itself (and of longer names: a little wider).
      const names: Set<string> = out instanceof Set ? out : (n as Set<string>);
      const prefixes: { prefixes: string[] } = out instanceof Set ? (n as { prefixes: string[] }) : out;
      out = { prefixes: [...prefixes.prefixes, ...names] };
    }
  }
  return out;
}

/** An identifier that reads or writes a variable (not an import's module path, an attribute or keyword name). */
function isReference(node: Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (parent.type === 'dotted_name' || parent.type === 'aliased_import' || parent.type.startsWith('import')) return false;
  if (parent.type === 'attribute' && parent.childForFieldName('attribute')?.id === node.id) return false;
  if (parent.type === 'keyword_argument' && parent.childForFieldName('name')?.id === node.id) return false;
  return true;
}

/** True when `node` is (part of) an assignment, augmented assignment or del target. */
function isWriteTarget(node: Node): boolean {
  let child = node;
  for (let p = node.parent; p; child = p, p = p.parent) {
    if (p.type === 'assignment' || p.type === 'augmented_assignment') return p.childForFieldName('left')?.id === child.id;
    if (p.type === 'delete_statement') return true;
    if (p.type === 'for_statement' || p.type === 'for_in_clause') return p.childForFieldName('left')?.id === child.id;
    if (p.type === 'as_pattern_target') return true;
    if (!TARGET_CONTAINERS.has(p.type)) return false;
  }
  return false;
}

/**
 * The name a key expression stands for: `"print"` -> {print}; `"CO_" + k`, `"X_%s" % k`, `f"X_{k}"` -> the
 * names with that prefix; anything else -> any name.
 */
function literalName(node: Node | null): Names {
  if (!node) return 'any';
  if (node.type === 'string') {
    const prefix = stringPrefix(node);
    if (prefix === null) return 'any';
    if (node.descendantsOfType('interpolation').length > 0) return prefix ? { prefixes: [prefix] } : 'any';
    return /^[A-Za-z_][A-Za-z0-9_]*$/.test(prefix) ? new Set([prefix]) : 'any';
  }
  if (node.type === 'binary_operator') {
    const op = node.childForFieldName('operator')?.type;
    const left = node.childForFieldName('left');
    if (left?.type !== 'string') return 'any';
    const prefix = stringPrefix(left);
    if (!prefix) return 'any';
    if (op === '+') return { prefixes: [prefix] };
    const beforeField = prefix.split('%')[0]!;
    if (op === '%' && beforeField) return { prefixes: [beforeField] };
  }
  return 'any';
}

/** The plain text of a string literal up to its first field or escape (null for bytes or odd prefixes). */
function stringPrefix(node: Node): string | null {
  const start = node.namedChildren.find((c) => c?.type === 'string_start')?.text ?? '';
  if (/[bB]/.test(start)) return null;
  let text = '';
  for (const c of node.namedChildren) {
    if (!c || c.type === 'string_start') continue;
    if (c.type !== 'string_content' || /\\/.test(c.text)) break;
    text += c.text;
  }
  return text;
}

/** True when `node`, reached through a def's or lambda's parameter list `child`, is a parameter's own name. */
function isParameterName(node: Node, child: Node): boolean {
  if (child.type !== 'parameters' && child.type !== 'lambda_parameters') return false;
  if (node.type !== 'identifier') return false;
  for (const p of child.namedChildren) {
    if (!p || node.startIndex < p.startIndex || node.endIndex > p.endIndex) continue;
    for (const field of ['value', 'type']) {
      const part = p.childForFieldName(field);
      if (part && node.startIndex >= part.startIndex && node.endIndex <= part.endIndex) return false;
    }
    return true;
  }
  return false;
}

/** True when `node`, reached through a def's parameter list `child`, lies in a parameter's annotation. */
function inParameterAnnotation(node: Node, child: Node): boolean {
  if (child.type !== 'parameters') return false;
  for (const p of child.namedChildren) {
    const type = p?.childForFieldName('type');
    if (type && node.startIndex >= type.startIndex && node.endIndex <= type.endIndex) return true;
  }
  return false;
}

/** True when `node` lies in the iterable (`in ...`) of the comprehension clause `clause`. */
function inFirstIterable(node: Node, clause: Node): boolean {
  const right = clause.childForFieldName('right');
  return !!right && node.startIndex >= right.startIndex && node.endIndex <= right.endIndex;
}

/** Offsets of every `:=` and word `as` in the module's text, to tell which expressions can bind names. */
const CALLED_AFTER = /^[ \t]*\(/;

/** Whether the token before `at` (over blanks, line breaks and backslash continuations) is `def` or `class`. */
function afterDefOrClass(text: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && ' \t\f\r\n\\'.includes(text[i]!)) i--;
  const end = i + 1;
  while (i >= 0 && /\w/.test(text[i]!)) i--;
  const word = text.slice(i + 1, end);
  return word === 'def' || word === 'class';
}

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

function newScope(node: Node, kind: ScopeKind): Scope {
  return { node, kind, bindings: new Map(), declaredOuter: new Set(), globals: new Set(), nonlocals: new Set() };
}

function addBinding(scope: Scope, nameNode: Node | null | undefined, kind: BindingKind, qualifiedName?: string) {
  if (!nameNode) return;
  const list = scope.bindings.get(nameNode.text) ?? [];
  list.push({ kind, node: nameNode, qualifiedName });
  scope.bindings.set(nameNode.text, list);
}

/** A walrus written directly in an f-string field (`f"{x:=10}"`) is `x` with the format spec `=10`. */
export function isFormatSpecWalrus(node: Node): boolean {
  return node.type === 'named_expression' && node.parent?.type === 'interpolation' && node.parent.childForFieldName('expression')?.id === node.id;
}

function buildScope(scopeNode: Node, marks: BindingMarks): Scope {
  const kind: ScopeKind =
    scopeNode.type === 'module'
      ? 'module'
      : FUNCTION_LIKE.has(scopeNode.type)
        ? 'function'
        : scopeNode.type === 'class_definition'
          ? 'class'
          : 'comprehension';
  const scope = newScope(scopeNode, kind);
  const bind: Binder['bind'] = (nameNode, k, qualifiedName) => addBinding(scope, nameNode, k, qualifiedName);
  const bindTarget: Binder['bindTarget'] = (target, k) => {
    if (!target) return;
    if (target.type === 'identifier') bind(target, k);
    else if (TARGET_CONTAINERS.has(target.type)) for (const c of target.namedChildren) bindTarget(c, k);
    else if (target.type === 'subscript' || target.type === 'attribute') binder.visit(target); // a walrus inside
  };
  const visit = (node: Node | null | undefined) => {
    if (!node) return;
    const type = node.type;
    if (EXPRESSIONS.has(type) && !marks.within(node.startIndex, node.endIndex)) return; // binds nothing
    if (isFormatSpecWalrus(node)) return; // `f"{x:=10}"` reads x (with the spec `=10`)
    const form = BINDING_FORMS[type];
    if (form) form(node, binder);
    else for (const c of node.namedChildren) visit(c);
  };
  // Walruses of a comprehension nested in this scope bind here; lambdas inside keep theirs.
  const walrusesIn = (node: Node | null | undefined) => {
    if (!node || !marks.within(node.startIndex, node.endIndex)) return;
    if (node.type === 'lambda') return;
    if (node.type === 'named_expression' && !isFormatSpecWalrus(node)) bind(node.childForFieldName('name'), 'walrus');
    for (const c of node.namedChildren) walrusesIn(c);
  };
  const binder: Binder = {
    bind,
    bindTarget,
    declare(nameNode, how) {
      scope.declaredOuter.add(nameNode.text);
      (how === 'global' ? scope.globals : scope.nonlocals).add(nameNode.text);
    },
    visit,
    walrusesIn,
  };

  switch (kind) {
    case 'module':
      for (const c of scopeNode.namedChildren) visit(c);
      break;
    case 'function':
      bindParameters(scopeNode.childForFieldName('parameters'), bind);
      if (scopeNode.type === 'lambda') {
        // A lambda's body is one expression; a walrus in it binds in the lambda.
        const body = scopeNode.childForFieldName('body');
        if (body) visit(body);
      } else for (const c of scopeNode.childForFieldName('body')?.namedChildren ?? []) visit(c);
      break;
    case 'class':
      for (const c of scopeNode.childForFieldName('body')?.namedChildren ?? []) visit(c);
      break;
    case 'comprehension':
      // The targets of every `for` clause; nothing else in a comprehension binds in it.
      for (const clause of scopeNode.namedChildren) if (clause?.type === 'for_in_clause') bindTarget(clause.childForFieldName('left'), 'comprehension');
      break;
  }
  return scope;
}
