// Decorators that read a function's annotations or defaults while the program runs. Rewriting
// `x: list = []` to `x: list | None = None` is invisible to ordinary code, but not to them:
//
// | decorator | reads | what the rewrite would change | decision |
// | `@f.register` (functools.singledispatch / singledispatchmethod, no type argument) | the first annotation | also registers the overload for NoneType (3.11) | annotated parameters refused |
// | pydantic `validate_call` / `validate_arguments` | annotations, at each call | an explicit None, rejected before, passes | annotated parameters refused |
// | beartype `beartype`, typeguard `typechecked` (on the function or its class) | annotations, at each call (beartype also checks defaults when decorating) | the same | annotated parameters refused |
// | typer `Typer().command/callback`, FastAPI/APIRouter routes, invoke `task`, strawberry `field`/`mutation`/`subscription` | the whole signature, defaults included, to build a command line / API schema | the interface: the default shown and sent, the inferred type, required-ness | every mutable default refused |
//
// `typing.overload` is handled elsewhere (no guard). Not readers of function annotations: `dataclasses`
// and attrs read class-level field annotations, which this transform never touches; click takes its
// parameters from its own decorators and passes every one of them, so a Python default is never used.
import type { Node } from 'web-tree-sitter';
import type { PythonHelpers } from '../../src/core/python/helpers.js';

export interface AnnotationReader {
  /** The decorator (`@f.register`) or call (`f.register(impl)`) as written, for the message. */
  shown: string;
  /** Where it is, when that is not on the function itself (` on the class`, ` (line 12)`). */
  where?: string;
  /** `annotations`: annotated parameters are refused; `signature`: every mutable default is refused. */
  reads: 'annotations' | 'signature';
  /** What the rewrite would change for it. */
  why: string;
}

const VALIDATORS: Record<string, string> = {
  'pydantic.validate_call': 'pydantic validates each call against the annotations',
  'pydantic.validate_arguments': 'pydantic validates each call against the annotations',
  'pydantic.decorator.validate_arguments': 'pydantic validates each call against the annotations',
  'pydantic.deprecated.decorator.validate_arguments': 'pydantic validates each call against the annotations',
  'pydantic.v1.validate_arguments': 'pydantic validates each call against the annotations',
  'pydantic.v1.decorator.validate_arguments': 'pydantic validates each call against the annotations',
  'pydantic.validate_call_decorator.validate_call': 'pydantic validates each call against the annotations',
  'beartype.beartype': 'beartype checks each call (and the defaults) against the annotations',
  'typeguard.typechecked': 'typeguard checks each call against the annotations',
};
// Also applied to every method when they decorate a class.
const CLASS_VALIDATORS = new Set(['beartype.beartype', 'typeguard.typechecked']);

const SIGNATURE_READERS: Record<string, string> = {
  'invoke.task': 'invoke builds the task\'s command-line flags from its defaults',
  'invoke.tasks.task': 'invoke builds the task\'s command-line flags from its defaults',
  'strawberry.field': 'strawberry builds the GraphQL schema from the signature, defaults included',
  'strawberry.mutation': 'strawberry builds the GraphQL schema from the signature, defaults included',
  'strawberry.subscription': 'strawberry builds the GraphQL schema from the signature, defaults included',
};
// `app.<method>(...)` where `app = <constructor>(...)`.
const APP_METHODS: Record<string, { methods: Set<string>; why: string }> = {
  'typer.Typer': { methods: new Set(['command', 'callback']), why: 'typer builds the command line from the signature, defaults included' },
  'fastapi.FastAPI': {
    methods: new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'trace', 'api_route', 'websocket']),
    why: 'FastAPI builds the request parsing and the OpenAPI schema from the signature, defaults included',
  },
};
APP_METHODS['fastapi.APIRouter'] = APP_METHODS['fastapi.FastAPI']!;
APP_METHODS['fastapi.routing.APIRouter'] = APP_METHODS['fastapi.FastAPI']!;

function decoratorsOf(def: Node): Node[] {
  const decorated = def.parent?.type === 'decorated_definition' ? def.parent : null;
  return (decorated?.namedChildren ?? []).filter((d): d is Node => d?.type === 'decorator').map((d) => d.namedChild(0)!).filter(Boolean);
}

/** What `app` in `app.command` was made by (`app = typer.Typer()`), when that is visible. */
function constructorOf(object: Node, py: PythonHelpers): string | undefined {
  if (object.type !== 'identifier') return undefined;
  const binding = py.scope.resolve(object.text, object);
  const assignment = binding?.node.parent;
  if (binding?.kind !== 'assignment' || assignment?.type !== 'assignment' || assignment.childForFieldName('left')?.id !== binding.node.id) return undefined;
  const value = assignment.childForFieldName('right');
  const callee = value?.type === 'call' ? value.childForFieldName('function') : null;
  return callee ? py.qualifiedName(callee) : undefined;
}

const SINGLEDISPATCH_WHY = 'a functools.singledispatch `register` dispatches on the annotation: widened, the overload would also be registered for NoneType';

/** `reg = fun.register` (for `@reg`): the attribute the name was assigned, when that is visible. */
function assignedAttribute(name: Node, py: PythonHelpers): Node | null {
  if (name.type !== 'identifier') return null;
  const sites = py.scope.bindingSites(name.text, name);
  const binding = sites.length === 1 ? sites[0]! : null;
  const assignment = binding?.node.parent;
  if (binding?.kind !== 'assignment' || assignment?.type !== 'assignment' || assignment.childForFieldName('left')?.id !== binding.node.id) return null;
  const value = assignment.childForFieldName('right');
  return value?.type === 'attribute' ? value : null;
}

function readerOf(expr: Node, py: PythonHelpers): AnnotationReader | null {
  const call = expr.type === 'call' ? expr : null;
  const alias = call ? null : assignedAttribute(expr, py);
  if (alias?.childForFieldName('attribute')?.text === 'register' && py.qualifiedName(alias.childForFieldName('object')!) !== 'atexit') {
    return { shown: `@${expr.text}`, reads: 'annotations', why: SINGLEDISPATCH_WHY };
  }
  const callee = call ? call.childForFieldName('function')! : expr;
  const name = py.qualifiedName(callee);
  if (name && VALIDATORS[name]) return { shown: `@${expr.text}`, reads: 'annotations', why: VALIDATORS[name] };
  if (name && SIGNATURE_READERS[name]) return { shown: `@${expr.text}`, reads: 'signature', why: SIGNATURE_READERS[name] };
  if (callee.type !== 'attribute') return null;
  const object = callee.childForFieldName('object')!;
  const method = callee.childForFieldName('attribute')!.text;
  // `@f.register` without a type argument: functools.singledispatch(method) registers the overload for
  // the type its first annotation names. (`@f.register(list)` reads no annotation.) Whatever `f` is,
  // unless it is known not to be one (`@atexit.register`).
  if (method === 'register' && !call && py.qualifiedName(object) !== 'atexit') {
    return { shown: `@${expr.text}`, reads: 'annotations', why: SINGLEDISPATCH_WHY };
  }
  const app = APP_METHODS[constructorOf(object, py) ?? ''];
  if (app?.methods.has(method)) return { shown: `@${expr.text}`, reads: 'signature', why: app.why };
  return null;
}

/**
 * `fun.register(impl)`: the function registered by a call rather than a decorator, with no type
 * argument, so by its annotation. Any call of a `register` attribute but atexit's with the function's
 * name as its only argument counts (found from the text first).
 */
function registeredByCall(func: Node, py: PythonHelpers, source: string): AnnotationReader | null {
  const name = func.childForFieldName('name')?.text;
  if (!name || !source.includes('register')) return null;
  const root = func.tree.rootNode;
  for (const m of source.matchAll(/\bregister\b/g)) {
    const id = root.descendantForIndex(m.index!, m.index! + 'register'.length);
    const attribute = id?.parent;
    if (id?.type !== 'identifier' || attribute?.type !== 'attribute' || attribute.childForFieldName('attribute')?.id !== id.id) continue;
    const call = attribute.parent;
    if (call?.type !== 'call' || call.childForFieldName('function')?.id !== attribute.id) continue;
    if (py.qualifiedName(attribute.childForFieldName('object')!) === 'atexit') continue;
    const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a) => a && a.type !== 'comment');
    if (args.length === 1 && args[0]!.type === 'identifier' && args[0]!.text === name) {
      return { shown: call.text, where: ` (line ${call.startPosition.row + 1})`, reads: 'annotations', why: SINGLEDISPATCH_WHY };
    }
  }
  return null;
}

/**
 * The first decorator of the function (or, for a validator, of its class) that reads its annotations
 * or defaults, or a `register(...)` call that registers the function by its annotation.
 */
export function annotationReader(func: Node, py: PythonHelpers, source: string): AnnotationReader | null {
  for (const d of decoratorsOf(func)) {
    const reader = readerOf(d, py);
    if (reader) return reader;
  }
  const registered = registeredByCall(func, py, source);
  if (registered) return registered;
  // A method: `@beartype` / `@typechecked` on the class decorate every method.
  const cls = func.parent?.type === 'decorated_definition' ? func.parent.parent?.parent : func.parent?.parent;
  if (cls?.type === 'class_definition') {
    for (const d of decoratorsOf(cls)) {
      const callee = d.type === 'call' ? d.childForFieldName('function')! : d;
      const name = py.qualifiedName(callee);
      if (name && CLASS_VALIDATORS.has(name)) return { shown: `@${d.text}`, where: ' on the class', reads: 'annotations', why: VALIDATORS[name]! };
    }
  }
  return null;
}
