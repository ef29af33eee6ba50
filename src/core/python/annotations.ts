// Where an expression sits with respect to annotations, and when Python (or a library) evaluates it: the
// facts modern-typing and future-annotations decide on. An annotation of a parameter, a return or a module or
// class variable is evaluated when its def, class or module runs, unless the module has
// `from __future__ import annotations` (then only when something asks: `typing.get_type_hints`, pydantic,
// FastAPI...); a function's local variable annotations are never evaluated, nor is anything under
// `if TYPE_CHECKING:` or in a stub.
import type { Node } from 'web-tree-sitter';
import { docstringOf } from './docstring.js';
import type { ScopeModel } from './scope.js';

export type AnnotationRole = 'parameter' | 'return' | 'variable' | 'lazy';

/** An annotation: what it annotates, and when it is evaluated. */
export interface AnnotationPlace {
  kind: 'annotation';
  /** `lazy`: a PEP 695 `type X = ...` value or type-parameter bound, evaluated on access (Python 3.12+). */
  role: AnnotationRole;
  /** The outermost expression of the annotation (a `type` node). */
  annotation: Node;
  /** The def whose signature holds it (parameter and return annotations). */
  func?: Node;
  /** The class whose body holds a class-level variable annotation. */
  cls?: Node;
  /** Where a variable annotation's statement runs. */
  scope?: 'module' | 'class' | 'function';
}

export type RuntimeRole = 'base-class' | 'isinstance' | 'other';

/** Code that runs: an alias, a call's argument, a base class... */
export interface RuntimePlace {
  kind: 'runtime';
  role: RuntimeRole;
}

export type Place = AnnotationPlace | RuntimePlace;

const STOP = new Set(['module', 'block', 'lambda', 'decorator', 'expression_statement', 'return_statement']);

/**
 * Whether `node` is (inside) an annotation, and which; else the runtime role of the expression it is in.
 * `qualifiedName` resolves a call's function (for `isinstance`/`issubclass`).
 */
export function placeOf(node: Node, qualifiedName: (expr: Node) => string | undefined): Place {
  let child = node;
  for (let p = node.parent; p; child = p, p = p.parent) {
    switch (p.type) {
      case 'typed_parameter':
      case 'typed_default_parameter':
        if (p.childForFieldName('type')?.id === child.id) {
          const func = p.parent?.parent;
          return { kind: 'annotation', role: 'parameter', annotation: child, func: func?.type === 'function_definition' ? func : undefined };
        }
        break;
      case 'function_definition':
        if (p.childForFieldName('return_type')?.id === child.id) return { kind: 'annotation', role: 'return', annotation: child, func: p };
        if (p.childForFieldName('type_parameters')?.id === child.id) return { kind: 'annotation', role: 'lazy', annotation: child };
        return { kind: 'runtime', role: 'other' };
      case 'assignment':
        if (p.childForFieldName('type')?.id === child.id) {
          const where = statementScope(p);
          return { kind: 'annotation', role: 'variable', annotation: child, scope: where.scope, cls: where.cls };
        }
        break;
      case 'type_alias_statement':
        return { kind: 'annotation', role: 'lazy', annotation: child };
      case 'class_definition':
        if (p.childForFieldName('type_parameters')?.id === child.id) return { kind: 'annotation', role: 'lazy', annotation: child };
        if (p.childForFieldName('superclasses')?.id === child.id) return { kind: 'runtime', role: isKeywordArgument(node, child) || inTypeArgument(node, child) ? 'other' : 'base-class' };
        return { kind: 'runtime', role: 'other' };
      case 'argument_list': {
        const call = p.parent;
        if (call?.type === 'call') {
          const args = p.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
          const fn = call.childForFieldName('function');
          const name = fn && (fn.type === 'identifier' || fn.type === 'attribute') ? qualifiedName(fn) : undefined;
          if ((name === 'isinstance' || name === 'issubclass') && args[1]?.id === child.id) return { kind: 'runtime', role: 'isinstance' };
        }
        break;
      }
      default:
        if (STOP.has(p.type)) return { kind: 'runtime', role: 'other' };
    }
  }
  return { kind: 'runtime', role: 'other' };
}

/** `Tuple` in `class C(List[Tuple[int, str]])` is an argument of the base, not the base. */
function inTypeArgument(node: Node, list: Node): boolean {
  let child = node;
  for (let n = node.parent; n && n.id !== list.id; child = n, n = n.parent) {
    if (n.type === 'subscript' && n.childForFieldName('value')?.id !== child.id) return true;
    if (n.type === 'generic_type' && n.namedChild(0)?.id !== child.id) return true;
  }
  return false;
}

/** `metaclass=M` in a class's argument list is not a base. */
function isKeywordArgument(node: Node, list: Node): boolean {
  for (let n: Node | null = node; n && n.id !== list.id; n = n.parent) if (n.type === 'keyword_argument') return true;
  return false;
}

/** The scope an annotated assignment runs in: a function's body, a class body or the module. */
function statementScope(stmt: Node): { scope: 'module' | 'class' | 'function'; cls?: Node } {
  let child = stmt;
  for (let p = stmt.parent; p; child = p, p = p.parent) {
    if (p.type === 'function_definition' && p.childForFieldName('body')?.id === child.id) return { scope: 'function' };
    if (p.type === 'class_definition' && p.childForFieldName('body')?.id === child.id) return { scope: 'class', cls: p };
  }
  return { scope: 'module' };
}

/** True when the module's first statements include `from __future__ import annotations`. */
export function hasFutureAnnotations(root: Node, source: string): boolean {
  if (!/\bfrom[ \t]+__future__[ \t]+import\b/.test(source)) return false;
  // The docstring (one, as Python sees it: implicitly concatenated strings too) may come first; anything
  // else ends the future imports.
  const docstring = docstringOf(root);
  for (const stmt of root.namedChildren) {
    if (!stmt || stmt.type === 'comment' || stmt.id === docstring?.id) continue;
    if (stmt.type === 'future_import_statement') {
      if (stmt.namedChildren.some((c) => c && (c.type === 'dotted_name' || c.type === 'aliased_import') && (c.type === 'dotted_name' ? c.text : c.childForFieldName('name')?.text) === 'annotations')) return true;
      continue;
    }
    break;
  }
  return false;
}

/** True when `node` is in the body of `if TYPE_CHECKING:` (never executed). */
export function inTypeCheckingBlock(node: Node, qualifiedName: (expr: Node) => string | undefined): boolean {
  let child = node;
  for (let p = node.parent; p; child = p, p = p.parent) {
    if (p.type !== 'if_statement' || p.childForFieldName('consequence')?.id !== child.id) continue;
    const condition = p.childForFieldName('condition');
    if (condition && (condition.type === 'identifier' || condition.type === 'attribute') && /(^|\.)TYPE_CHECKING$/.test(condition.text)) {
      const qn = qualifiedName(condition);
      if (qn === 'typing.TYPE_CHECKING' || qn === 'typing_extensions.TYPE_CHECKING' || qn === 'TYPE_CHECKING') return true;
    }
  }
  return false;
}

// ---- Who evaluates annotations at run time ----

/** Libraries that read the annotations of the code that uses them (models, routes, commands, structures). */
const EVALUATING_LIBRARIES: Readonly<Record<string, string>> = {
  pydantic: 'pydantic evaluates the annotations of models, dataclasses and validated calls',
  pydantic_settings: 'pydantic evaluates the annotations of settings models',
  sqlmodel: 'SQLModel models are pydantic models',
  fastapi: 'FastAPI evaluates the signatures of routes and dependencies',
  typer: 'Typer evaluates the signatures of commands',
  strawberry: 'Strawberry evaluates the annotations of GraphQL types',
  litestar: 'Litestar evaluates the signatures of handlers',
  beanie: 'Beanie documents are pydantic models',
  odmantic: 'ODMantic models are pydantic models',
  cattrs: 'cattrs evaluates the annotations of the classes it structures',
  dacite: 'dacite evaluates the annotations of the dataclasses it builds',
  msgspec: 'msgspec evaluates the annotations of structs',
  dataclasses_json: 'dataclasses-json evaluates the annotations of its dataclasses',
  marshmallow_dataclass: 'marshmallow-dataclass evaluates the annotations of its dataclasses',
};

/** Base classes whose subclasses' annotations are evaluated when the class is made or used. */
const EVALUATED_BASES = new Set([
  'pydantic.BaseModel', 'pydantic.main.BaseModel', 'pydantic.BaseSettings', 'pydantic.RootModel', 'pydantic.v1.BaseModel',
  'pydantic.generics.GenericModel', 'pydantic_settings.BaseSettings', 'sqlmodel.SQLModel',
  'typing.TypedDict', 'typing_extensions.TypedDict',
]);

/** Decorators that evaluate the annotations of what they decorate. */
const EVALUATING_DECORATORS = new Set([
  'pydantic.dataclasses.dataclass', 'pydantic.validate_call', 'pydantic.validate_arguments', 'pydantic.functional_validators.validate_call',
]);

const LINE = (n: Node) => n.startPosition.row + 1;

export interface EvaluatorOptions {
  /** Whether a TypedDict's annotations count as evaluated (for `X | None` before 3.10; not for the future import). */
  typedDict?: boolean;
  /** Qualified names of more base classes whose subclasses' annotations are evaluated at run time. */
  baseClasses: readonly string[];
  /** Qualified names of more decorators that evaluate the annotations of what they decorate. */
  decorators: readonly string[];
}

/**
 * Which annotations of a module may be evaluated at run time by something other than Python's own
 * definition-time evaluation: the module as a whole (it imports a library that reads annotations, or reads
 * them itself with `get_type_hints`/`get_annotations`/`__annotations__`), a class (its bases, its decorators)
 * or a function (its decorators). Each answer is the reason, for a report, or undefined. Computed on demand.
 */
export class RuntimeAnnotationReaders {
  private module: { reason?: string } | undefined;
  private selfRead: { reason?: string } | undefined;
  private route: { reason?: string } | undefined;
  private readonly classes = new Map<number, string | undefined>();
  private readonly bases: Set<string>;
  private readonly decorators: Set<string>;

  constructor(
    private readonly root: Node,
    private readonly source: string,
    private readonly scope: ScopeModel,
    options: EvaluatorOptions,
  ) {
    this.bases = new Set([...EVALUATED_BASES, ...options.baseClasses]);
    if (options.typedDict === false) for (const b of ['typing.TypedDict', 'typing_extensions.TypedDict']) this.bases.delete(b);
    this.decorators = new Set([...EVALUATING_DECORATORS, ...options.decorators]);
  }

  /** Why every annotation of the module may be evaluated at run time, or undefined. */
  moduleReason(): string | undefined {
    this.module ??= { reason: this.findModuleReason() };
    return this.module.reason;
  }

  private findModuleReason(): string | undefined {
    const library = this.importedLibrary(Object.keys(EVALUATING_LIBRARIES));
    if (library) return `the module imports \`${library.name}\` (line ${library.line}): ${EVALUATING_LIBRARIES[library.name]}`;
    return this.selfReadReason();
  }

  /** The first of `libraries` the module imports (`import x`, `from x[.y] import`), with its line. */
  private importedLibrary(libraries: readonly string[]): { name: string; line: number } | undefined {
    for (const m of this.source.matchAll(new RegExp(`\\b(?:from|import)[ \\t]+(${libraries.join('|')})\\b`, 'g'))) {
      const node = this.root.descendantForIndex(m.index + m[0].length - m[1]!.length);
      if (!node || !isInImport(node)) continue;
      return { name: m[1]!, line: LINE(node) };
    }
    return undefined;
  }

  /** Why route functions' return annotations are read at run time here (FastAPI, Litestar response models), or undefined. */
  routeLibraryReason(): string | undefined {
    this.route ??= { reason: this.findRouteLibraryReason() };
    return this.route.reason;
  }

  private findRouteLibraryReason(): string | undefined {
    const library = this.importedLibrary(['fastapi', 'litestar']);
    return library && `the module imports \`${library.name}\` (line ${library.line}), which reads route functions' return annotations (response models, the OpenAPI schema)`;
  }

  /** Why the module itself reads annotations at run time (`get_type_hints`, `__annotations__`, a signature's `.annotation`), or undefined. */
  selfReadReason(): string | undefined {
    // Asked once per function by return-annotations: the scan of the whole source runs once.
    this.selfRead ??= { reason: this.findSelfReadReason() };
    return this.selfRead.reason;
  }

  private findSelfReadReason(): string | undefined {
    for (const m of this.source.matchAll(/\b(get_type_hints|get_annotations|__annotations__)\b/g)) {
      const node = this.root.descendantForIndex(m.index, m.index + m[0].length);
      if (node?.type !== 'identifier' || isInImport(node)) continue;
      return `the module reads annotations at run time (\`${m[1]}\` at line ${LINE(node)})`;
    }
    // inspect.signature(f).parameters[...].annotation / .return_annotation
    if (/\bsignature\b/.test(this.source)) {
      for (const m of this.source.matchAll(/\.[ \t]*(annotation|return_annotation)\b/g)) {
        const node = this.root.descendantForIndex(m.index + m[0].length - m[1]!.length, m.index + m[0].length);
        if (node?.type !== 'identifier' || node.parent?.type !== 'attribute') continue;
        return `the module reads annotations at run time (\`.${m[1]}\` of a signature at line ${LINE(node)})`;
      }
    }
    return undefined;
  }

  /** Why class `cls`'s own annotations are evaluated at run time (a base, also through the module's own classes; a decorator), or undefined. */
  classReason(cls: Node): string | undefined {
    if (this.classes.has(cls.id)) return this.classes.get(cls.id);
    this.classes.set(cls.id, undefined); // a cycle of local classes ends here
    const reason = this.findClassReason(cls);
    this.classes.set(cls.id, reason);
    return reason;
  }

  private findClassReason(cls: Node): string | undefined {
    const name = cls.childForFieldName('name')?.text ?? '?';
    const decorated = this.decoratorReason(cls);
    if (decorated) return `class \`${name}\` is decorated with ${decorated}`;
    for (const base of cls.childForFieldName('superclasses')?.namedChildren ?? []) {
      if (!base || base.type === 'keyword_argument' || base.type === 'comment') continue;
      const head = base.type === 'subscript' ? base.childForFieldName('value') : base;
      if (!head || (head.type !== 'identifier' && head.type !== 'attribute')) continue;
      const qn = this.scope.qualifiedName(head);
      if (qn && this.bases.has(qn)) return `class \`${name}\` derives from \`${qn}\`, whose annotations are evaluated at run time`;
      if (head.type === 'identifier') {
        const local = this.localClass(head);
        const inherited = local && this.classReason(local);
        if (inherited) return `class \`${name}\` derives from \`${head.text}\`: ${inherited}`;
      }
    }
    return undefined;
  }

  /** The class statement a base name means, when the module defines it (its only binding). */
  private localClass(name: Node): Node | undefined {
    const sites = this.scope.bindingSites(name.text, name);
    if (sites.length !== 1 || sites[0]!.kind !== 'class') return undefined;
    const cls = sites[0]!.node.parent;
    return cls?.type === 'class_definition' ? cls : undefined;
  }

  /** Why the signature of `func` is evaluated at run time (a decorator), or undefined. */
  functionReason(func: Node): string | undefined {
    const decorated = this.decoratorReason(func);
    return decorated ? `\`${func.childForFieldName('name')?.text ?? '?'}\` is decorated with ${decorated}` : undefined;
  }

  private decoratorReason(definition: Node): string | undefined {
    const outer = definition.parent?.type === 'decorated_definition' ? definition.parent : undefined;
    for (const d of outer?.namedChildren ?? []) {
      if (d?.type !== 'decorator') continue;
      let e = d.namedChild(0);
      if (e?.type === 'call') e = e.childForFieldName('function');
      if (!e || (e.type !== 'identifier' && e.type !== 'attribute')) continue;
      const qn = this.scope.qualifiedName(e);
      if (qn && this.decorators.has(qn)) return `\`${qn}\`, which evaluates annotations at run time`;
    }
    return undefined;
  }
}

function isInImport(node: Node): boolean {
  for (let n: Node | null = node; n; n = n.parent) {
    if (n.type === 'import_statement' || n.type === 'import_from_statement') return true;
    if (n.type === 'module' || n.type === 'block') return false;
  }
  return false;
}
