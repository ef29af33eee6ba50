// Transform `modern-typing`: `Optional[X]` -> `X | None`, `Union[A, B]` -> `A | B`, `List[int]` -> `list[int]`,
// typing's aliases of collections.abc -> collections.abc (Ruff's UP045, UP007, UP006, UP035), where the target
// Python (or the module's `from __future__ import annotations`) reads the new spelling; the typing imports the
// rewrite frees are dropped. One fix per module: the imports can only go together with their last uses.
import { defineTransform, type Edit } from '../../src/core/types.js';
import { Analysis, type Ctx } from './analysis.js';
import { importChanges } from './imports.js';
import { ABC_NAMES, REWRITTEN_NAMES } from './names.js';

const options = {
  'collections-abc': {
    type: 'boolean',
    default: true,
    description:
      'Also move typing\'s aliases of collections.abc (`Sequence`, `Mapping`, `Iterable`, `Callable` from py310...) to `from collections.abc import ...` (UP035), for targets py39 and later',
  },
  'rewrite-aliases': {
    type: 'boolean',
    default: true,
    description:
      'Also rewrite the unions of type aliases at module or class level (`JSON = Union[dict, list, None]`) on py310+, where the alias then holds a types.UnionType; Ruff leaves them (UP007/UP045 without a fix)',
  },
  'runtime-evaluated-base-classes': {
    type: 'string[]',
    default: [],
    description:
      'Qualified names of base classes whose subclasses\' annotations are evaluated at run time (as pydantic.BaseModel\'s are), besides the known ones; shared with future-annotations',
  },
  'runtime-evaluated-decorators': {
    type: 'string[]',
    default: [],
    description:
      'Qualified names of decorators that evaluate the annotations of what they decorate (as pydantic.validate_call does), besides the known ones; shared with future-annotations',
  },
} as const;

export default defineTransform({
  id: 'modern-typing',
  description: 'Write annotations in their modern spelling: `X | None`, `A | B`, `list[int]`, collections.abc',
  docs: {
    whatItDoes:
      '`Optional[X]` becomes `X | None`, `Union[A, B]` becomes `A | B` (nested ones flattened), `List`/`Dict`/`Set`/`FrozenSet`/`Tuple`/' +
      '`Type` become the builtins and `Deque`/`DefaultDict` the collections classes (imported), in every spelling (`typing.Optional`, ' +
      '`import typing as t`, `from typing import Optional as Opt`, string annotations), and `from typing import Sequence` (and the ' +
      'other aliases of collections.abc classes) becomes `from collections.abc import Sequence`. The typing imports the rewrite leaves ' +
      'unused are removed; nothing else is. Where: with target py310+ (or in a stub) everywhere the new spelling works at run time ' +
      '(annotations, module- and class-level aliases (option `rewrite-aliases`), `cast(...)`, `TypeVar` bounds, `NewType`, functional ' +
      'NamedTuple/TypedDict fields, `isinstance` arguments, typing constructs\' arguments); below py310, `X | None` only in annotations ' +
      'of a module with `from __future__ import annotations`; `list[int]` and collections.abc from py39 everywhere (below py39 only ' +
      'in annotations under the future import). Left alone, with the reason: annotations evaluated at run time on a target where the ' +
      'new spelling fails there (pydantic/SQLModel models, TypedDict, FastAPI and Typer signatures, modules that call ' +
      '`typing.get_type_hints`, classes and decorators listed in the options); generics in base classes (typing.Generic would ' +
      'leave the MRO); typing objects used as values (`tp is List`); unions with a comment inside (one line would lose it) or a ' +
      'member that may not support `|` where it is evaluated (`"Foo" | None` fails, and so does `Alias | None` where the module ' +
      'binds `Alias` to a string, a call\'s result or by a loop, unpacking, `:=` or a `def`; under the future import a quoted member is ' +
      'unquoted instead, `Optional["Foo"]` -> `Foo | None`). Members are printed on one line as Ruff prints them.',
    why:
      'PEP 604 unions and PEP 585 generics are shorter, need no import, and are what the house rules ask for (`dict[str, Any] | None`). ' +
      'The `typing` aliases are deprecated since Python 3.9.',
    example: {
      before: 'from typing import Dict, List, Optional\n\n\ndef load(path: str, tags: Optional[List[str]] = None) -> Dict[str, int]:\n    ...\n',
      after: 'def load(path: str, tags: list[str] | None = None) -> dict[str, int]:\n    ...\n',
    },
    semantics:
      'Annotations and aliases evaluated at run time hold different objects: `int | None` is a `types.UnionType` (Python 3.10-3.13) where ' +
      '`Optional[int]` was a `typing.Union`, so `typing.get_origin()` returns `types.UnionType` instead of `typing.Union` and the repr ' +
      'reads `int | None`; `list[int]` is a `types.GenericAlias` instead of `typing.List[int]` (equal origin and arguments, a different ' +
      'object and repr, and `typing.List[int] == list[int]` is False); a name moved to collections.abc is the abstract class itself ' +
      'rather than typing\'s alias of it. A bare generic called at run time (`List()`, which raised TypeError) now makes a list. ' +
      'Before Python 3.11, typing.get_type_hints leaves a string inside a builtin generic unresolved (`list["Foo"]`), where it ' +
      'resolved it inside `typing.List["Foo"]`. ' +
      'Below py310, `X | None` is written only where the module has `from __future__ import annotations`: code outside the module ' +
      'that evaluates those annotations on Python 3.9 (`typing.get_type_hints`, a framework reading the signatures) would now raise ' +
      'TypeError; the module\'s own readers (pydantic, FastAPI, Typer, get_type_hints calls, the listed base classes and decorators) ' +
      'are detected and their annotations left alone. A quoted union member unquoted under the future import (`Optional["Foo"]` -> ' +
      '`Foo | None`) is resolved by get_type_hints at the same time as before. In an evaluated annotation, a class whose ' +
      'metaclass defines `__or__` (or `__ror__`) gets that method called by `X | Y` where `Optional`/`Union` did not call it. ' +
      'Nothing else changes.',
  },
  options,
  // Everything it rewrites or moves is a name of the typing module, spelled in the file (an alias is
  // bound by an import that spells the name).
  // None of these writes a typing spelling or changes when annotations are evaluated (mutable-defaults may
  // write `Optional[X]`, future-annotations adds the future import: not listed).
  unaffectedBy: ['print-to-logging', 'open-with', 'logging-format', 'raise-from', 'group-imports', 'bare-except', 'return-annotations'],
  mayApply: (source) => mayRewrite(source) && REWRITABLE_WORD.test(source),
  transform(ctx) {
    if (!mayRewrite(ctx.source)) return;
    const analysis = new Analysis(ctx as Ctx);
    const abc = ctx.options['collections-abc'] && analysis.minor >= 9 && analysis.imports.fromTyping && [...analysis.imports.names.values()].some((n) => ABC_NAMES.includes(n));
    if (!analysis.hasCandidates && !abc) return;
    try {
      rewrite(ctx as Ctx, analysis);
    } finally {
      analysis.dispose();
    }
  },
});

function rewrite(ctx: Ctx, analysis: Analysis): void {
  analysis.run();
  for (const site of analysis.refused()) ctx.skip(site.region.base + site.node.startIndex, `modern typing: ${site.reason}`);

  const edits: Edit[] = [];
  const counts = new Map<string, number>();
  for (const item of analysis.outermost(analysis.main, 0, ctx.source.length)) {
    edits.push({ start: item.start, end: item.end, text: padded(ctx.source, item.start, item.end, item.text) });
    const what = item.site ? (item.site.kind === 'generic' ? item.site.head.text.replace(/^.*\./, '') : item.site.kind === 'optional' ? 'Optional' : 'Union') : 'string annotation';
    counts.set(what, (counts.get(what) ?? 0) + 1);
  }
  const imports = importChanges(analysis, ctx);
  for (const s of imports.skips) ctx.skip(s.node, `modern typing: ${s.reason}`);
  if (edits.length === 0 && imports.moved.length === 0) return;
  edits.push(...analysis.collectionsEdits(), ...imports.edits);

  const parts = [...counts].map(([what, n]) => (n > 1 ? `${what} x${n}` : what));
  if (imports.moved.length) parts.push(`${imports.moved.join(', ')} from collections.abc`);
  let message = `modern typing: ${parts.join(', ')}`;
  if (imports.dropped.length) message += `; unused imports dropped: ${imports.dropped.join(', ')}`;
  const first = edits.reduce((a, e) => Math.min(a, e.start), Infinity);
  ctx.report({ offset: first, message, fix: edits });
}

/** Ruff's `pad`: a space where the replacement would run into a name or number next to it. */
function padded(source: string, start: number, end: number, text: string): string {
  const word = /[\p{L}\p{N}_]/u;
  const before = start > 0 && word.test(source[start - 1]!) && word.test(text[0] ?? '') ? ' ' : '';
  const after = end < source.length && word.test(source[end]!) && word.test(text[text.length - 1] ?? '') ? ' ' : '';
  return `${before}${text}${after}`;
}

const REWRITABLE_WORD = new RegExp(`\\b(?:${[...REWRITTEN_NAMES, ...ABC_NAMES].join('|')})\\b`);

function mayRewrite(source: string): boolean {
  return source.includes('typing');
}
