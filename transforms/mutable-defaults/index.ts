// Transform `mutable-defaults`: a mutable default argument becomes `None`, and a guard at the top of
// the body builds the original value on each call. One fix per function: its header edits, every
// guard, and the `Optional` import when an annotation needs one.
import type { Node } from 'web-tree-sitter';
import { defineTransform, type Edit, type OptionValues, type TransformContext } from '../../src/core/types.js';
import { targetMinor } from '../../src/core/settings.js';
import { supportsUnion } from '../../src/core/python/union-operand.js';
import { plainStringContent } from '../../src/core/python/string-annotation.js';
import { AnnotationReader, isTypeExpression, needsParensForUnion } from './annotations.js';
import { candidateDefaults, isMutableDefault, mayHaveMutableDefault, MUTABLE_CALLS, relocationProblem } from './mutable.js';
import { planBody, type Guard } from './layout.js';
import { OptionalSpeller } from './optional-name.js';
import { annotationReader, readersByCall, type CallReaders } from './annotation-readers.js';
import { firstSharingUse, namespaceAccess } from './sharing.js';

const options = {
  'extend-mutable-calls': {
    type: 'string[]',
    default: [] as string[],
    description: 'More calls whose result is mutable, by qualified name (e.g. "mypkg.Registry"); their defaults are rewritten too.',
  },
  'extend-immutable-calls': {
    type: 'string[]',
    default: [] as string[],
    description:
      'Qualified names of calls and types known to be immutable: a default calling one is left alone, and so is a default whose annotation names one.',
  },
  'fix-private': {
    type: 'boolean',
    default: false,
    description: 'Also rewrite parameters whose name starts with `_` (by default left alone: `_cache={}` is a deliberate memo).',
  },
} as const;

type Ctx = TransformContext<OptionValues<typeof options>>;

export default defineTransform({
  id: 'mutable-defaults',
  description: 'Replace mutable default arguments with None and build the value inside the function',
  docs: {
    whatItDoes:
      'Finds parameters of `def` and `async def` functions whose default is a list, dict or set display, a comprehension, or a call to ' +
      '`list`, `dict`, `set`, `bytearray` or a `collections` container (`defaultdict`, `OrderedDict`, `deque`, `Counter`, `ChainMap`, ' +
      'however imported). The default becomes `None`, and `if NAME is None: NAME = <original default>` is added at the top of the body, ' +
      'after the docstring, `global`/`nonlocal` declarations and leading imports, one guard per parameter in parameter order. ' +
      'An annotation is widened so it stays true: `list[int]` becomes `list[int] | None` (target py310+, or with ' +
      '`from __future__ import annotations`) or `Optional[list[int]]` (also on py310+ when the annotation is a name that may hold ' +
      'something `|` rejects: one assigned a string, `Alias = "list"`, or a call\'s result, or bound by a loop, unpacking, `:=` or a ' +
      '`def`; names imported, classes and aliases of types keep `X | None`). The name used is one bound when the `def` runs: an import of ' +
      '`Optional` (or `typing`) is reused only when it runs unconditionally before the definition in the scope the annotation reads and ' +
      'nothing rebinds it; otherwise `from typing import Optional` (or `import typing`) is added at the top, unless the name is taken ' +
      'there, and then the parameter is reported. An annotation that is not a type (`x: get_type() = []`) is kept as written and the ' +
      'edit message says so. When the body changes the default or hands it on (`memo[n] = ...`, `registry.append(x)`, ' +
      '`return cache`, passing it to a function, `getattr(cache, "update")`, reaching its locals through `locals()`, `vars()`, ' +
      '`eval` or `exec`), the edit message says that calls no longer share the object, for a reviewer to check. ' +
      'A body on the header line is expanded into a block. Stub bodies (only a docstring, `...`, `pass`, or `raise NotImplementedError` ' +
      'reading no name) and `@overload` signatures get `None` but no guard; `.pyi` files ' +
      'are not changed. Left alone and reported: lambdas (no body for a guard), parameters starting with `_` (unless `fix-private`), ' +
      'annotations that promise no mutation (`Sequence`, `Mapping`, `tuple`, `Literal`, ...), defaults whose names would mean ' +
      'something else inside the body (a class attribute, a local of the function, a variable bound more than once: later in the ' +
      'module, by code declaring it `global` or `nonlocal`, by `del`, possibly by a star import, or at run time through `exec`, ' +
      '`globals()` or the builtins; a builtin the module binds only after the definition, `range = ...` below the `def`; or a ' +
      'variable bound in a loop that also runs the `def`), ' +
      'defaults with `:=` whose target is used anywhere else in the file (in the body it would become a local), defaults containing ' +
      '`await`, `yield` or `async for` (they belong to the enclosing function), annotated parameters of ' +
      'functions registered by annotation (`@f.register` of functools.singledispatch, `f.register(func)` called with the function, ' +
      '`@reg` where `reg = f.register`) or whose decorator reads annotations at run time (pydantic `validate_call` / ' +
      '`validate_arguments`, `beartype`, typeguard `typechecked`, also on the class), and every mutable default of a function whose ' +
      'decorator builds an interface from the signature (typer commands, FastAPI routes, invoke tasks, strawberry resolvers) or ' +
      'that is handed to `typer.run` or `fire.Fire`.',
    why:
      'A default value is evaluated once, when the function is defined, so a list or dict default is shared by every call: ' +
      'items appended in one call show up in the next.',
    example: {
      before: 'def add(item, bucket: list[str] = []):\n    """Add an item."""\n    bucket.append(item)\n',
      after: 'def add(item, bucket: list[str] | None = None):\n    """Add an item."""\n    if bucket is None:\n        bucket = []\n    bucket.append(item)\n',
    },
    semantics:
      'Each call without the argument now gets a fresh value, which is the point; where the body changes or hands on the default, ' +
      'state kept across calls on purpose (a memo, a registry, a counter) no longer is, and the edit message says so. Also: a ' +
      'caller that passes `None` explicitly now gets a fresh default instead of `None`; the default expression now runs at each call ' +
      'that needs it, in the body, so it sees the objects it reads as they are then (a constant changed in place after the ' +
      'definition, `BASE.append(2)`, or rebound from another module, `mod.BASE = ...`, gives its new ' +
      'value), its side effects (a call inside it) happen each time and its exceptions are raised at the ' +
      'call, and a walrus default `(y := [])` (only when `y` is used nowhere else) binds `y` inside the function instead of the ' +
      'enclosing scope; in a generator or ' +
      'coroutine the default is built when its body starts running, not at the call; tools that read defaults through `inspect` ' +
      '(`__defaults__`, `inspect.signature`) see `None`, and so do stub bodies and `@overload` signatures, which only get `None`; ' +
      'code that reads annotations at run time and is not one of the decorators left alone above (`typing.get_type_hints`, a ' +
      'type checker installed for a whole package) sees the widened annotation, so an explicit `None` passes its checks, and with ' +
      '`from __future__ import annotations` on a target before py310 the widened `X | None` cannot be evaluated by ' +
      '`typing.get_type_hints()` on Python before 3.10; on py310+ without that import `X | None` is evaluated with the def, so when X is ' +
      'imported from another module (or is an attribute, `mod.Alias`) that holds a string or another non-type there, the module ' +
      'raises TypeError at import; an added `import typing` / `from typing import Optional` runs at import. ' +
      'Widening an annotation can make a line longer than the line length: reformat afterwards if that matters.',
  },
  options,
  // Stubs describe signatures only: nothing to guard, and the default there documents the real one.
  appliesTo: (path) => !path.endsWith('.pyi'),
  // None of these writes a default value or rebinds a parameter.
  unaffectedBy: ['print-to-logging', 'open-with', 'modern-typing', 'logging-format', 'raise-from', 'group-imports', 'bare-except', 'return-annotations', 'future-annotations'],
  mayApply: mayHaveMutableDefault,
  transform: run,
});

function run(ctx: Ctx): void {
  // Most files have no mutable default: find candidates from the text, not by walking the tree.
  const defaults = candidateDefaults(ctx.source, ctx.root);
  if (defaults.length === 0) return;
  const mutableCalls = new Set([...MUTABLE_CALLS, ...ctx.options['extend-mutable-calls']]);
  const immutable = new Set(ctx.options['extend-immutable-calls']);
  const qn = (e: Node) => ctx.python.qualifiedName(e);

  // Group the mutable defaults by the function (or lambda) they belong to, in source order.
  const byFunction = new Map<number, { func: Node; params: Node[] }>();
  for (const param of defaults) {
    const value = param?.childForFieldName('value');
    if (!param || !value || !isMutableDefault(value, qn, mutableCalls, immutable)) continue;
    const func = param.parent?.parent;
    if (!func || (func.type !== 'function_definition' && func.type !== 'lambda')) continue;
    const entry = byFunction.get(func.id) ?? { func, params: [] };
    entry.params.push(param);
    byFunction.set(func.id, entry);
  }
  if (byFunction.size === 0) return;

  const nameAt = (name: string, at: Node) => {
    const binding = ctx.python.scope.resolve(name, at);
    if (!binding) return name;
    return binding.kind === 'import' ? binding.qualifiedName : undefined;
  };
  const annotations = new AnnotationReader(ctx.tree.language, qn, nameAt, immutable);
  const byCall = readersByCall(ctx.root, ctx.python, ctx.source);
  for (const { func, params } of byFunction.values()) rewriteFunction(ctx, func, params, annotations, byCall);
}

function rewriteFunction(ctx: Ctx, func: Node, params: Node[], annotations: AnnotationReader, byCall: CallReaders): void {
  if (func.type === 'lambda') {
    // A lambda's body is one expression: there is no place for a guard.
    for (const p of params) ctx.skip(p, `mutable default of \`${paramName(p)}\` in a lambda: no body to hold a guard; not rewritten`);
    return;
  }
  const accepted: { param: Node; name: string; value: Node; annotation: Node | null }[] = [];
  const reader = annotationReader(func, ctx.python, byCall);
  for (const param of params) {
    const name = paramName(param);
    const value = param.childForFieldName('value')!;
    const annotation = param.type === 'typed_default_parameter' ? (param.childForFieldName('type')?.namedChild(0) ?? null) : null;
    if (name.startsWith('_') && !ctx.options['fix-private']) {
      // `_cache={}` is usually a deliberate memo shared across calls.
      ctx.skip(param, `\`${name}\` starts with an underscore (the shared-memo idiom): left alone; set fix-private = true to rewrite it`);
      continue;
    }
    if (annotation && annotations.isImmutable(annotation)) {
      // The annotation promises the function never mutates the value: sharing it is harmless.
      ctx.skip(param, `\`${name}: ${annotation.text}\` promises no mutation: the shared default is harmless; left alone`);
      continue;
    }
    if (reader && (reader.reads === 'signature' || annotation)) {
      // The decorator would see the rewrite: a widened annotation, or a default of None.
      const what = reader.reads === 'signature' ? 'the signature' : 'the annotation';
      ctx.skip(param, `mutable default of \`${name}\`: \`${reader.shown}\`${reader.where ?? ''} reads ${what} at run time (${reader.why}); not rewritten`);
      continue;
    }
    const problem = relocationProblem(value, func, ctx.python.scope, ctx.source);
    if (problem) {
      ctx.skip(param, `mutable default of \`${name}\`: ${problem}; not rewritten`);
      continue;
    }
    accepted.push({ param, name, value, annotation });
  }
  if (accepted.length === 0) return;

  // No guard for signatures without an implementation: `@overload` and stub bodies (`...`, `pass`).
  const plan = isOverload(ctx, func) ? ({ kind: 'stub' } as const) : planBody(ctx.source, func, ctx.python);
  if (plan.kind === 'problem') {
    for (const a of accepted) ctx.skip(a.param, `mutable default of \`${a.name}\`: ${plan.reason}; not rewritten`);
    return;
  }

  const edits: Edit[] = [];
  const guards: Guard[] = [];
  // What a reviewer should check, said in the edit's message (text with -v, JSON).
  const notes: string[] = [];
  for (const a of accepted) {
    if (a.annotation && !isTypeExpression(a.annotation)) {
      // Not a type (`x: get_type() = []`, `c: 1 = {}`): metadata the transform cannot make admit None.
      notes.push(`the annotation \`${oneLine(a.annotation.text)}\` of \`${a.name}\` is not a type pycodemod can widen: it is kept as written, check that it admits None`);
    } else if (a.annotation && !annotations.admitsNone(a.annotation)) {
      const widened = widenAnnotation(ctx, a.annotation, func);
      if ('reason' in widened) {
        ctx.skip(a.param, `mutable default of \`${a.name}\`: ${widened.reason}; not rewritten`);
        continue;
      }
      edits.push(...widened.edits);
    }
    edits.push({ start: a.value.startIndex, end: a.value.endIndex, text: 'None' });
    guards.push({ name: a.name, value: a.value });
  }
  if (guards.length === 0) return;
  if (plan.kind === 'insert') {
    edits.push(plan.edit(guards));
    const namespace = namespaceAccess(func, ctx.python.scope);
    for (const g of guards) {
      const use = firstSharingUse(func, g.name, g.value, ctx.python.scope, ctx.source, namespace);
      if (!use) continue;
      const what = use.kind === 'changes' ? 'the body changes it' : 'the body hands it on';
      notes.push(`calls no longer share one \`${g.name}\`: ${what} (line ${use.node.startPosition.row + 1}: \`${statementText(func.childForFieldName('body')!, use.node)}\`), so check that nothing relied on the shared object`);
    }
  }

  const names = guards.map((g) => `\`${g.name}\``).join(', ');
  const done =
    plan.kind === 'stub'
      ? `mutable default of ${names} replaced by None (signature only: no guard)`
      : `mutable default of ${names} replaced by None and built in the body`;
  ctx.report({ node: accepted[0]!.value, message: [done, ...notes].join('; '), fix: dedupe(edits) });
}

/** The first line of the statement holding `node`, shortened for a message. */
/** The first line of the innermost statement of `body` (a function's) that holds `node`. */
function statementText(body: Node, node: Node): string {
  // Down from the body, not up from the node: web-tree-sitter finds each `parent` from the root, so a
  // walk up costs depth x depth (a 20,000-link attribute chain took 20 s).
  let stmt = node;
  for (let at: Node | null = body; at && at.id !== node.id; ) {
    const child = at.childWithDescendant(node);
    if (at.type === 'block') stmt = child ?? stmt;
    at = child;
  }
  return oneLine(stmt.text);
}

function oneLine(text: string, max = 60): string {
  const line = text.split(/\r\n|\n|\r/, 1)[0]!.trim();
  return line.length > max ? `${line.slice(0, max - 3)}...` : line;
}

function paramName(param: Node): string {
  return (param.childForFieldName('name') ?? param.namedChild(0))!.text;
}

function isOverload(ctx: Ctx, func: Node): boolean {
  const decorated = func.parent?.type === 'decorated_definition' ? func.parent : null;
  if (!decorated) return false;
  return decorated.namedChildren.some((d) => {
    if (d?.type !== 'decorator') return false;
    const expr = d.namedChild(0);
    const name = expr && ctx.python.qualifiedName(expr);
    return name === 'typing.overload' || name === 'typing_extensions.overload';
  });
}

/** Edits that make an annotation admit None: `X | None`, `"X | None"`, `Optional[X]`. */
function widenAnnotation(ctx: Ctx, annotation: Node, func: Node): { edits: Edit[] } | { reason: string } {
  const future = hasFutureAnnotations(ctx);
  // `X | None` is evaluated with the def unless annotations are postponed; it raises TypeError when X
  // is not a type (`Alias = "list"`), where `Optional[X]` takes a string as a forward reference.
  const pep604 = future || (targetMinor(ctx.settings.targetVersion) >= 10 && supportsUnion(ctx.python.scope, (e) => ctx.python.qualifiedName(e), annotation));
  if (annotation.type === 'string' || annotation.type === 'concatenated_string') {
    // A forward reference: `"X" | None` fails at run time, so the union goes inside the string.
    if (plainStringContent(annotation) === null || /[\r\n]/.test(annotation.text)) return { reason: `cannot widen the annotation ${annotation.text} to admit None` };
    if (pep604) {
      const end = annotation.lastChild!;
      return { edits: [{ start: end.startIndex, end: end.startIndex, text: ' | None' }] };
    }
  } else if (pep604) {
    return needsParensForUnion(annotation)
      ? { edits: [{ start: annotation.startIndex, end: annotation.startIndex, text: '(' }, { start: annotation.endIndex, end: annotation.endIndex, text: ') | None' }] }
      : { edits: [{ start: annotation.endIndex, end: annotation.endIndex, text: ' | None' }] };
  }
  const optional = new OptionalSpeller(ctx, func, annotation).spell(() => joinTypingImport(ctx, func));
  if ('reason' in optional) return optional;
  return {
    edits: [
      ...optional.edits,
      { start: annotation.startIndex, end: annotation.startIndex, text: `${optional.name}[` },
      { start: annotation.endIndex, end: annotation.endIndex, text: ']' },
    ],
  };
}

function hasFutureAnnotations(ctx: Ctx): boolean {
  return ctx.root.namedChildren.some(
    (s) => s?.type === 'future_import_statement' && s.childrenForFieldName('name').some((n) => n?.text === 'annotations'),
  );
}

/**
 * `from typing import Any, List` at top level becomes `from typing import Any, List, Optional`
 * (at its sorted place when the names are sorted), rather than a second `from typing` line.
 * Only a one-line statement: a parenthesized multi-line one gets its own import line instead.
 */
function joinTypingImport(ctx: Ctx, func: Node): Edit | null {
  for (const stmt of ctx.root.namedChildren) {
    if (stmt?.type !== 'import_from_statement' || stmt.childForFieldName('module_name')?.text !== 'typing') continue;
    // It must run before the definition, where the annotation is evaluated.
    if (stmt.startIndex > func.startIndex) break;
    if (stmt.startPosition.row !== stmt.endPosition.row) continue;
    const names = stmt.childrenForFieldName('name').filter((n): n is Node => !!n);
    if (names.length === 0) continue;
    const keys = names.map((n) => importSortKey((n.type === 'aliased_import' ? n.childForFieldName('name') : n)?.text ?? ''));
    const sorted = keys.every((k, i) => i === 0 || keys[i - 1]! <= k);
    const mine = importSortKey('Optional');
    const before = sorted ? names.find((_, i) => keys[i]! > mine) : undefined;
    if (before) return { start: before.startIndex, end: before.startIndex, text: 'Optional, ' };
    const last = names[names.length - 1]!;
    return { start: last.endIndex, end: last.endIndex, text: ', Optional' };
  }
  return null;
}

/** isort's order of imported names: CONSTANTS, then Classes, then functions, each case-insensitively. */
function importSortKey(name: string): string {
  const rank = name.length > 1 && name === name.toUpperCase() ? 0 : /^[A-Z]/.test(name) ? 1 : 2;
  return `${rank}${name.toLowerCase()}`;
}

function dedupe(edits: Edit[]): Edit[] {
  const seen = new Set<string>();
  return edits
    .filter((e) => {
      const key = `${e.start}:${e.end}:${e.text}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.start - b.start || a.end - b.end);
}
