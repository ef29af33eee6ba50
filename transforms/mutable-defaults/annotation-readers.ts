// Decorators that read a function's annotations or defaults while the program runs. Rewriting
// `x: list = []` to `x: list | None = None` is invisible to ordinary code, but not to them:
//
// | decorator | reads | what the rewrite would change | decision |
// | `@f.register` (functools.singledispatch / singledispatchmethod, no type argument) | the first annotation | also registers the overload for NoneType (3.11) | annotated parameters refused |
// | pydantic `validate_call` / `validate_arguments` | annotations, at each call | an explicit None, rejected before, passes | annotated parameters refused |
// | beartype `beartype`, typeguard `typechecked` (on the function or its class) | annotations, at each call (beartype also checks defaults when decorating) | the same | annotated parameters refused |
// | `f.register(impl)` called with the function, `@reg` where `reg = f.register` | the same as `@f.register` | the same | annotated parameters refused |
// | typer `Typer().command/callback`, FastAPI/APIRouter routes, invoke `task`, strawberry `field`/`mutation`/`subscription`; `typer.run(main)`, `fire.Fire(main)` given the function | the whole signature, defaults included, to build a command line / API schema | the interface: the default shown and sent, the inferred type, required-ness | every mutable default refused |
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

// Calls given a function that read its signature: the command line is built from it.
const SIGNATURE_READING_CALLS: Record<string, string> = {
  'typer.run': 'typer builds the command line from the signature, defaults included',
  'fire.Fire': 'Fire builds the command line from the signature, defaults included',
};

/** Readers that get a function by name as a call argument, by that name (see readersByCall). */
export type CallReaders = ReadonlyMap<string, AnnotationReader>;

/**
 * Functions handed by name to a call that reads them: `fun.register(impl)` (singledispatch registers
 * `impl` by its annotation when no type is given; any `register` attribute but atexit's, with one
 * argument), `typer.run(main)`, `fire.Fire(main)`. Found from the text once per file; the name is not
 * resolved (a same-named function elsewhere is refused too).
 */
export function readersByCall(root: Node, py: PythonHelpers, source: string): CallReaders {
  const found = new Map<string, AnnotationReader>();
  for (const m of source.matchAll(/\b(?:register|run|Fire)\b/g)) {
    const word = root.descendantForIndex(m.index!, m.index! + m[0].length);
    if (word?.type !== 'identifier') continue;
    const callee = word.parent?.type === 'attribute' && word.parent.childForFieldName('attribute')?.id === word.id ? word.parent : word;
    const call = callee.parent;
    if (call?.type !== 'call' || call.childForFieldName('function')?.id !== callee.id) continue;
    const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => !!a && a.type !== 'comment');
    const where = ` (line ${call.startPosition.row + 1})`;
    if (m[0] === 'register' && callee.type === 'attribute') {
      if (args.length !== 1 || args[0]!.type !== 'identifier' || py.qualifiedName(callee.childForFieldName('object')!) === 'atexit') continue;
      if (!found.has(args[0]!.text)) found.set(args[0]!.text, { shown: call.text, where, reads: 'annotations', why: SINGLEDISPATCH_WHY });
      continue;
    }
    const why = SIGNATURE_READING_CALLS[py.qualifiedName(callee) ?? ''];
    const first = args[0];
    if (why && first?.type === 'identifier' && !found.has(first.text)) found.set(first.text, { shown: call.text, where, reads: 'signature', why });
  }
  return found;
}

/**
 * The first decorator of the function (or, for a validator, of its class) that reads its annotations
 * or defaults, or a call the function is handed to that does (readersByCall).
 */
export function annotationReader(func: Node, py: PythonHelpers, byCall: CallReaders): AnnotationReader | null {
  for (const d of decoratorsOf(func)) {
    const reader = readerOf(d, py);
    if (reader) return reader;
  }
  const called = byCall.get(func.childForFieldName('name')?.text ?? '');
  if (called) return called;
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
