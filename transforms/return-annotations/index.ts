// Transform `return-annotations`: adds a return annotation where the body makes it certain (autotyping's
// --none-return and --scalar-return): `-> None` for a function that returns nothing and can return, the type
// of the literals every `return` returns, the type a method's protocol fixes (`__str__` -> str). Off by
// default: annotating a function makes type checkers start checking its body.
import type { Node } from 'web-tree-sitter';
import { defineTransform, type OptionValues, type TransformContext } from '../../src/core/types.js';
import { builtinAt } from '../../src/core/python/builtin-names.js';
import { RuntimeAnnotationReaders } from '../../src/core/python/annotations.js';
import { canFallOffEnd, ReturnIndex, type ScalarType } from './flow.js';
import { visibility } from './visibility.js';

const options = {
  scope: {
    type: 'string',
    default: 'all',
    choices: ['all', 'public'],
    description:
      '`all`: every function and method; `public`: only those Ruff\'s ANN201/ANN204/ANN205/ANN206 check (not `_private` ones, not nested functions, not in private classes or modules, not setters)',
  },
} as const;

type Ctx = TransformContext<OptionValues<typeof options>>;

/** Methods Python calls for their effect: `-> None` whatever their body does, as long as it returns no value. */
const NONE_METHODS = new Set([
  '__init__', '__init_subclass__', '__post_init__', '__del__', '__setattr__', '__delattr__', '__setitem__', '__delitem__', '__set__',
  'setUp', 'tearDown', 'setUpClass', 'tearDownClass', 'asyncSetUp', 'asyncTearDown',
]);

/** Special methods whose result Python itself checks: any other type raises TypeError where it is used. */
const PROTOCOL_TYPES: Readonly<Record<string, ScalarType>> = {
  __str__: 'str',
  __repr__: 'str',
  __format__: 'str',
  __bytes__: 'bytes',
  __len__: 'int',
  __index__: 'int',
  __int__: 'int',
  __bool__: 'bool',
  __float__: 'float',
  __complex__: 'complex',
};

export default defineTransform({
  id: 'return-annotations',
  description: 'Add a return annotation where the body makes it certain: `-> None`, `-> bool`, `-> str`...',
  enabledByDefault: false,
  appliesTo: (path) => !path.endsWith('.pyi'),
  docs: {
    whatItDoes:
      'Adds `-> None` to a function with no `return <value>` and no `yield` that can return (not every path ends in `raise`, a ' +
      'process exit or an endless loop); `-> bool` / `int` / `float` / `str` / `bytes` to one whose every `return` returns a literal ' +
      'of that type and that cannot fall off its end (a `with` block counts as one that can: its context manager may swallow the ' +
      'exception that ended the body; a loop runs out into its `else:`); `-> None` to `__init__`, `__init_subclass__`, `__post_init__`, `__del__`, the ' +
      '`__set*__`/`__del*__` hooks and unittest\'s `setUp`/`tearDown` (and class/async variants) whenever they return no value (an ' +
      '`__init__` that returns one is reported); the type ' +
      'Python enforces for `__str__`, `__repr__`, `__format__` (str), `__bytes__`, `__len__`, `__index__`, `__int__` (int), `__bool__`, ' +
      '`__float__` and `__complex__`. Everything else is left alone: stubs (a body of `...` and a docstring), abstract methods, ' +
      '`@overload`s, methods of Protocols, `.pyi` files, generators, functions that return anything but literals of one type, ' +
      'functions that never return (NoReturn would be right), and where the type\'s name is not the builtin (a class attribute ' +
      '`str`). Route functions in modules using FastAPI or Litestar, which read return annotations as response models, and ' +
      'modules that read their own annotations (`get_type_hints`, `__annotations__`) are left alone, with the reason. Option ' +
      '`scope = "public"` limits it to the functions Ruff\'s ANN201/ANN204 check. Off by default: `--extend-select return-annotations`.',
    why:
      'The house rules require type hints on every function (PEP 484), and these are the ones a machine can write without guessing. ' +
      'Unlike Ruff\'s ANN2 fixes it never writes `-> None` for a function that returns a value it cannot read (ruff#8879), that ' +
      'always raises (ruff#9201) or that is a stub (ruff#9270).',
    example: {
      before: 'class Cache:\n    def __init__(self, size):\n        self.size = size\n\n    def clear(self):\n        self.items = {}\n\n    def enabled(self):\n        return True\n',
      after: 'class Cache:\n    def __init__(self, size) -> None:\n        self.size = size\n\n    def clear(self) -> None:\n        self.items = {}\n\n    def enabled(self) -> bool:\n        return True\n',
    },
    semantics:
      'The function gains `__annotations__["return"]`: `typing.get_type_hints()` and `inspect.signature().return_annotation` report ' +
      'it, so code that reads annotations (dependency injection, serializers, documentation generators) sees a return type where ' +
      'there was none. Type checkers (mypy without check_untyped_defs) start checking a function\'s body once it has an annotation, ' +
      'which can surface new type errors. Nothing else changes at run time.',
  },
  options,
  transform(ctx) {
    if (!ctx.source.includes('def')) return;
    const readers = lazyReaders(ctx);
    let returns: ReturnIndex | undefined;
    const protocols = new ProtocolClasses(ctx);
    for (const m of ctx.source.matchAll(/\bdef[ \t\\]+[\p{L}_][\p{L}\p{N}_]*[ \t\\]*[([]/gu)) {
      const func = ctx.root.descendantForIndex(m.index, m.index + 3)?.parent;
      if (func?.type !== 'function_definition' || func.childForFieldName('return_type')) continue;
      annotate(ctx, func, readers, () => (returns ??= new ReturnIndex(ctx.root, ctx.source)), protocols);
    }
  },
});

function lazyReaders(ctx: Ctx): () => RuntimeAnnotationReaders {
  let r: RuntimeAnnotationReaders | undefined;
  return () => (r ??= new RuntimeAnnotationReaders(ctx.root, ctx.source, ctx.python.scope, { baseClasses: [], decorators: [] }));
}

function annotate(ctx: Ctx, func: Node, readers: () => RuntimeAnnotationReaders, returns: () => ReturnIndex, protocols: ProtocolClasses): void {
  const name = func.childForFieldName('name')?.text ?? '';
  const params = func.childForFieldName('parameters');
  const body = func.childForFieldName('body');
  if (!params || !body) return;
  const cls = enclosingClass(func);
  if (ctx.options.scope === 'public' && visibility(ctx, func, cls) !== 'public') return;
  const skip = (reason: string) => ctx.skip(func, `\`${name}\` gets no return annotation: ${reason}`);

  // What the body returns, from the module's index of returns and yields: most functions are settled here.
  const { returns: returned, yields } = returns().of(func);
  if (yields) return; // a generator: Iterator[...] is not a literal's type
  const values = new Set(returned.map((r) => r.value));
  const returnsValue = returned.some((r) => r.value !== 'none');
  const special = !!cls && (NONE_METHODS.has(name) || Object.hasOwn(PROTOCOL_TYPES, name));
  if (!special && returnsValue && (values.size > 1 || values.has('other') || values.has('complex'))) return;

  const decorators = decoratorNames(ctx, func);
  if (decorators.some((d) => d === 'typing.overload' || d === 'typing_extensions.overload')) return;
  if (decorators.some((d) => /^abc\.abstract/.test(d))) return skip('an abstract method (its implementations say what it returns)');
  if (cls && protocols.includes(cls)) return skip('a method of a Protocol (an interface)');
  if (isStub(body)) return skip('a stub (its body is `...`)');

  const completes = () => canFallOffEnd(func, (e) => ctx.python.qualifiedName(e));
  let type: string | undefined;
  let why = '';
  if (cls && name === '__init__' && returnsValue) return skip('`__init__` returns a value (Python raises TypeError when it is not None)');
  if (cls && NONE_METHODS.has(name) && !returnsValue) {
    type = 'None';
    why = `\`${name}\` returns nothing`;
  } else if (cls && Object.hasOwn(PROTOCOL_TYPES, name)) {
    const wanted = PROTOCOL_TYPES[name]!;
    // Python raises TypeError unless it returns a `wanted`: only a literal of another type contradicts it.
    if ([...values].some((v) => v !== 'other' && v !== wanted)) return skip(`it returns a literal that is not ${article(wanted)} ${wanted}`);
    type = wanted;
    why = `Python requires \`${name}\` to return ${article(wanted)} ${wanted}`;
  } else if (!returnsValue) {
    if (returned.length === 0 && !completes()) return skip('it never returns (every path raises, exits or loops forever): NoReturn would be right');
    type = 'None';
    why = 'it returns nothing';
  } else if (values.size === 1 && !values.has('other') && !values.has('complex') && !completes()) {
    type = [...values][0]!;
    why = `every return returns ${article(type)} ${type} literal`;
  } else return;

  if (type !== 'None') {
    const check = builtinAt(ctx.python.scope, type, func, ctx.settings.targetVersion);
    if (!check.builtin) return skip(check.reason);
  }
  const reader = readers();
  const self = reader.selfReadReason();
  if (self) return skip(self);
  const route = decorators.length > 0 ? reader.routeLibraryReason() : undefined;
  if (route) return skip(route);
  // `def f()  :` becomes `def f() -> None:`: only blanks between the parameters and the colon are replaced.
  const gap = /^[ \t]*:/.exec(ctx.source.slice(params.endIndex, params.endIndex + 200));
  const end = gap ? params.endIndex + gap[0].length - 1 : params.endIndex;
  ctx.report({ node: func, message: `\`${name}\` -> ${type} (${why})`, fix: [{ start: params.endIndex, end, text: ` -> ${type}` }] });
}

const article = (word: string) => (/^[aeiou]/.test(word) ? 'an' : 'a');

/** The class whose body defines `func` directly (a method), or null. */
export function enclosingClass(func: Node): Node | null {
  let n = func.parent;
  if (n?.type === 'decorated_definition') n = n.parent;
  if (n?.type !== 'block') return null;
  return n.parent?.type === 'class_definition' ? n.parent : null;
}

/** Qualified names of the decorators (calls stripped): `abc.abstractmethod`, `typing.overload`, `app.get`. */
export function decoratorNames(ctx: Ctx, func: Node): string[] {
  const outer = func.parent?.type === 'decorated_definition' ? func.parent : null;
  const names: string[] = [];
  for (const d of outer?.namedChildren ?? []) {
    if (d?.type !== 'decorator') continue;
    let e = d.namedChild(0);
    if (e?.type === 'call') e = e.childForFieldName('function');
    if (!e) continue;
    names.push((e.type === 'identifier' || e.type === 'attribute' ? ctx.python.qualifiedName(e) : undefined) ?? e.text);
  }
  return names;
}

/**
 * The classes of one module that derive from typing's Protocol: each class asked about once, and the module's
 * text searched once per run, when first needed (only a module that spells `Protocol` can have one).
 */
class ProtocolClasses {
  private readonly known = new Map<number, boolean>(); // class id -> whether it is a Protocol
  private spelled: boolean | undefined;
  private aliased: boolean | undefined;

  constructor(private readonly ctx: Ctx) {}

  includes(cls: Node): boolean {
    if (!(this.spelled ??= this.ctx.source.includes('Protocol'))) return false;
    let answer = this.known.get(cls.id);
    if (answer === undefined) this.known.set(cls.id, (answer = this.derivesFromProtocol(cls)));
    return answer;
  }

  /** Whether the module imports Protocol under another name (`Protocol as P`). */
  private isAliased(): boolean {
    return (this.aliased ??= /\bProtocol[ \t]+as\b/.test(this.ctx.source));
  }

  private derivesFromProtocol(cls: Node): boolean {
    const superclasses = cls.childForFieldName('superclasses');
    // From the text first: a base spelled with `Protocol`, unless the module imports it under another name.
    if (!superclasses || (!superclasses.text.includes('Protocol') && !this.isAliased())) return false;
    for (const base of superclasses.namedChildren) {
      if (!base) continue;
      const head = base.type === 'subscript' ? base.childForFieldName('value') : base;
      if (!head || (head.type !== 'identifier' && head.type !== 'attribute')) continue;
      const qn = this.ctx.python.qualifiedName(head);
      if (qn === 'typing.Protocol' || qn === 'typing_extensions.Protocol') return true;
    }
    return false;
  }
}

/** A body of a docstring and/or `...` only. */
function isStub(body: Node): boolean {
  const stmts = body.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
  const isEllipsis = (s: Node) => s.type === 'expression_statement' && s.namedChild(0)?.type === 'ellipsis';
  const isDoc = (s: Node) => s.type === 'expression_statement' && s.namedChild(0)?.type === 'string';
  return stmts.some(isEllipsis) && stmts.every((s) => isEllipsis(s) || isDoc(s));
}
