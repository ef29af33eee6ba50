// Transform `future-annotations`: adds `from __future__ import annotations` after the module docstring, before
// every other import (the rules' module layout), where it is useful (Ruff's FA100/FA102) or, with
// `mode = "always"`, to every module with an annotation; never where postponed evaluation breaks the module.
// Off by default: it changes what every annotation of the module is at run time (a string).
import type { Node } from 'web-tree-sitter';
import { defineTransform, type OptionValues, type TransformContext } from '../../src/core/types.js';
import { targetMinor } from '../../src/core/settings.js';
import { hasFutureAnnotations, inTypeCheckingBlock, placeOf, RuntimeAnnotationReaders } from '../../src/core/python/annotations.js';
import { insertImportLine } from '../../src/core/python/imports.js';
import { Analysis, sharedOption, type Ctx as TypingCtx } from '../modern-typing/analysis.js';
import { subscriptParts, unionOperands, unwrapType } from '../modern-typing/render.js';
import { breakingUses } from './breaks.js';

const options = {
  mode: {
    type: 'string',
    default: 'when-useful',
    choices: ['when-useful', 'always'],
    description:
      '`when-useful`: only where annotations are, or after modern-typing would be, simplified by the import, or need it to run on the target (Ruff\'s FA100/FA102); `always`: every module with an annotation',
  },
  'runtime-evaluated-base-classes': {
    type: 'string[]',
    default: [],
    description: 'Qualified names of base classes whose subclasses\' annotations are evaluated at run time: their modules are refused; shared with modern-typing',
  },
  'runtime-evaluated-decorators': {
    type: 'string[]',
    default: [],
    description: 'Qualified names of decorators that evaluate the annotations of what they decorate: their modules are refused; shared with modern-typing',
  },
} as const;

type Ctx = TransformContext<OptionValues<typeof options>>;

const IMPORT = 'from __future__ import annotations';

export default defineTransform({
  id: 'future-annotations',
  description: 'Add `from __future__ import annotations` to modules whose annotations it simplifies (or to every annotated module)',
  enabledByDefault: false,
  appliesTo: (path) => !path.endsWith('.pyi'),
  docs: {
    whatItDoes:
      'Adds `from __future__ import annotations` after the module docstring and before every other import. Mode `when-useful` (the ' +
      'default) adds it where the module has annotations that modern-typing would then rewrite (`Optional[X]`, `Union[...]` before ' +
      'py310, `List[...]` and friends before py39: Ruff\'s FA100), or annotations Python evaluates that the target cannot (`int | None` ' +
      'before py310, `list[int]` before py39: FA102, the import makes them valid); on py310+ nothing is gained and nothing is added. ' +
      'Mode `always` adds it to every module with an annotation. Refused, with the reason, where postponed evaluation breaks the ' +
      'module: it imports pydantic, FastAPI, SQLModel, Typer or another library that evaluates annotations at run time; it reads ' +
      'annotations itself (`typing.get_type_hints`, `inspect.get_annotations`, `__annotations__`, a signature\'s `.annotation`); a ' +
      'class derives from, or is decorated with, something listed in `runtime-evaluated-base-classes` / `runtime-evaluated-decorators`; ' +
      'a dataclass declares a ClassVar or InitVar that dataclasses cannot recognise from a string (spelled `typing.ClassVar`, or not ' +
      'imported by that name at module level); a `singledispatch` function registers implementations by annotation; the module ' +
      'docstring shares its line with code (the import cannot go first without making the docstring a plain string). Stubs are left ' +
      'alone (never executed). Off by default: select it with `--extend-select future-annotations`.',
    why:
      'The house rules start every module with `from __future__ import annotations` (PEP 563): annotations are no longer evaluated ' +
      'when a def or class runs, so forward references need no quotes, `X | None` and `list[int]` can be written on older targets, ' +
      'and importing the module costs less.',
    example: {
      before: '"""Orders."""\nimport logging\nfrom typing import Optional\n\n\ndef find(order_id: int) -> Optional["Order"]:\n    ...\n',
      after: '"""Orders."""\nfrom __future__ import annotations\n\nimport logging\nfrom typing import Optional\n\n\ndef find(order_id: int) -> Optional["Order"]:\n    ...\n',
    },
    semantics:
      'Every annotation of the module (parameters, returns, module and class variables) is no longer evaluated when its def, class or ' +
      'module runs: `__annotations__` and `inspect.signature()` hold the annotation\'s source text instead of the object, ' +
      '`typing.get_type_hints()` evaluates that text later in the module\'s globals (a name defined only inside a function or ' +
      'only in a class body, such as a nested class or an import in the class used in a method\'s signature, or later deleted, no ' +
      'longer resolves there; a class whose `__module__` is set to another module resolves in that module\'s globals; on 3.9 a ' +
      'bare `ClassVar` or `Final` annotation raises there), and an annotation that raised when evaluated (a NameError, a ' +
      '`list[int]` on 3.8) ' +
      'no longer raises. Any code outside the module that reads these annotations sees strings. dataclasses recognise ClassVar and ' +
      'InitVar from the text only when imported into the module by that name (such modules are refused). The module also gains a ' +
      'global named `annotations` (the `__future__` feature), which `from module import *` without `__all__` copies too.',
  },
  options,
  transform(ctx) {
    const minor = targetMinor(ctx.settings.targetVersion);
    if (ctx.options.mode === 'when-useful' && minor >= 10) return;
    if (hasFutureAnnotations(ctx.root, ctx.source)) return;
    const why = ctx.options.mode === 'always' ? firstAnnotation(ctx) : usefulness(ctx, minor);
    if (!why) return;
    const refusal = refusalReason(ctx);
    if (refusal) {
      ctx.skip(0, `\`${IMPORT}\` not added: ${refusal}`);
      return;
    }
    const crowded = docstringSharingItsLine(ctx);
    if (crowded) {
      ctx.skip(crowded, `\`${IMPORT}\` not added: the module docstring shares its line with code (\`;\`), and the import cannot go before the docstring without making it a plain string`);
      return;
    }
    const edit = importEdit(ctx);
    ctx.report({ offset: edit.start, message: `add \`${IMPORT}\` (${why})`, fix: [edit] });
  },
});

/** Why the import is useful here (FA102 first: it makes the module run on the target), or undefined. */
function usefulness(ctx: Ctx, minor: number): string | undefined {
  const required = evaluatedNewSyntax(ctx, minor);
  if (required) return required;
  if (!ctx.source.includes('typing')) return undefined;
  const analysis = new Analysis(typingContext(ctx), true);
  if (!analysis.hasCandidates) return undefined;
  try {
    analysis.run();
    const site = firstAnnotationSite(analysis, minor);
    return site ? `modern-typing can then rewrite the annotation ${site}` : undefined;
  } finally {
    analysis.dispose();
  }
}

/**
 * The first annotation site modern-typing would rewrite under the future import and not without it on
 * this target: `` `text` at line N ``. A union (`X | None`) needs it below 3.10; a generic (`list[int]`)
 * only below 3.9, for from 3.9 on modern-typing rewrites those without the import (as Ruff's FA100 counts).
 */
function firstAnnotationSite(analysis: Analysis, minor: number): string | undefined {
  const gained = (s: { text?: string; kind: string }) => s.text !== undefined && (s.kind !== 'generic' || minor < 9);
  const sites = analysis.main.sites.filter((s) => gained(s) && s.place.kind === 'annotation');
  for (const region of analysis.main.strings.values()) if (region) sites.push(...region.sites.filter(gained));
  const at = (s: (typeof sites)[number]) => s.region.base + s.node.startIndex;
  const first = sites.sort((a, b) => at(a) - at(b))[0];
  if (!first) return undefined;
  const line = analysis.ctx.source.slice(0, at(first)).split('\n').length;
  const text = first.node.text.length > 50 ? `${first.node.text.slice(0, 47)}...` : first.node.text;
  return `\`${text}\` at line ${line}`;
}

/** modern-typing's view of this module, with this transform's option lists (the lists are shared). */
function typingContext(ctx: Ctx): TypingCtx {
  const opts = {
    'collections-abc': true,
    'rewrite-aliases': true,
    'runtime-evaluated-base-classes': sharedOption(ctx, 'runtime-evaluated-base-classes'),
    'runtime-evaluated-decorators': sharedOption(ctx, 'runtime-evaluated-decorators'),
  };
  return { ...ctx, options: opts } as unknown as TypingCtx;
}

const BUILTIN_GENERICS = new Set(['list', 'dict', 'set', 'frozenset', 'tuple', 'type']);

/**
 * FA102: an annotation Python evaluates when its def, class or module runs that the target cannot evaluate
 * (`int | None` before 3.10, `list[int]` before 3.9); the future import makes the module valid there.
 */
function evaluatedNewSyntax(ctx: Ctx, minor: number): string | undefined {
  if (minor >= 10) return undefined;
  const qn = (e: Node) => ctx.python.qualifiedName(e);
  const check = (node: Node, what: string): string | undefined => {
    const place = placeOf(node, qn);
    if (place.kind !== 'annotation' || place.role === 'lazy') return undefined;
    if (place.role === 'variable' && place.scope === 'function') return undefined;
    if (inTypeCheckingBlock(node, qn)) return undefined;
    return `the annotation \`${node.text.length > 50 ? `${node.text.slice(0, 47)}...` : node.text}\` at line ${node.startPosition.row + 1} needs ${what} when evaluated (target py3${minor})`;
  };
  if (ctx.source.includes('|')) {
    for (const m of ctx.source.matchAll(/\|/g)) {
      let node: Node | null = ctx.root.descendantForIndex(m.index, m.index + 1);
      while (node && !unionOperands(node) && node.type !== 'module' && node.type !== 'block') node = node.parent;
      if (!node || !unionOperands(node)) continue;
      const found = check(node, 'Python 3.10');
      if (found) return found;
    }
  }
  if (minor < 9) {
    for (const m of ctx.source.matchAll(/\b(list|dict|set|frozenset|tuple|type)[ \t]*\[/g)) {
      const id = ctx.root.descendantForIndex(m.index, m.index + m[1]!.length);
      const sub = id?.parent;
      if (id?.type !== 'identifier' || !sub || subscriptParts(sub)?.head.id !== id.id || !BUILTIN_GENERICS.has(qn(id) ?? '')) continue;
      const found = check(sub, 'Python 3.9');
      if (found) return found;
    }
  }
  return undefined;
}

/** For `mode = "always"`: the module's first annotation, or undefined when it has none. */
function firstAnnotation(ctx: Ctx): string | undefined {
  if (!/->|:/.test(ctx.source)) return undefined;
  const query = ctx.query('(typed_parameter type: (_) @a) (typed_default_parameter type: (_) @a) (function_definition return_type: (_) @a) (assignment type: (_) @a)');
  let first: Node | undefined;
  for (const { node } of query.captures(ctx.root)) if (!first || node.startIndex < first.startIndex) first = node;
  return first ? `the module has annotations (line ${first.startPosition.row + 1})` : undefined;
}

/** Why postponed evaluation would break this module, or undefined. */
function refusalReason(ctx: Ctx): string | undefined {
  const readers = new RuntimeAnnotationReaders(ctx.root, ctx.source, ctx.python.scope, {
    baseClasses: sharedOption(ctx, 'runtime-evaluated-base-classes'),
    decorators: sharedOption(ctx, 'runtime-evaluated-decorators'),
    typedDict: false,
  });
  const module = readers.moduleReason();
  if (module) return module;
  if (/\bclass\b/.test(ctx.source) || /@/.test(ctx.source)) {
    for (const { node } of ctx.query('(class_definition) @c (function_definition) @f').captures(ctx.root)) {
      const why = node.type === 'class_definition' ? readers.classReason(node) : readers.functionReason(node);
      if (why) return why;
    }
  }
  return breakingUses(ctx);
}

/** The module docstring's statement when code follows it on the same line (`"""Doc."""; import os`), or undefined. */
function docstringSharingItsLine(ctx: Ctx): Node | undefined {
  // The docstring as Python sees it: implicitly concatenated strings are one too (`"a" "b"; import os`).
  const first = ctx.python.docstring(ctx.root);
  let next = first?.nextNamedSibling;
  while (next?.type === 'comment') next = next.nextNamedSibling;
  if (!first || !next) return undefined;
  return next.startPosition.row === first.endPosition.row ? first : undefined;
}

/** The insertion: at the sorted place of the future imports, before every other import; a blank line before code. */
function importEdit(ctx: Ctx): { start: number; end: number; text: string } {
  const nl = ctx.python.lineEnding;
  // Among the module's other future imports: at its sorted place by first name, as isort sorts them.
  const futures = ctx.root.namedChildren.filter((c): c is Node => c?.type === 'future_import_statement');
  if (futures.length) {
    const firstName = (f: Node) => f.namedChildren.find((c) => c?.type === 'dotted_name' || c?.type === 'aliased_import')?.text ?? '';
    const after = futures.find((f) => firstName(f).toLowerCase() > 'annotations');
    if (after) {
      const at = ctx.python.lineStartOf(after.startIndex);
      return { start: at, end: at, text: `${IMPORT}${nl}` };
    }
    const end = ctx.python.lineEndOf(futures[futures.length - 1]!.endIndex);
    const eofBreak = end === ctx.source.length && !/[\r\n]$/.test(ctx.source) ? nl : '';
    return { start: end, end, text: `${eofBreak}${IMPORT}${nl}` };
  }
  const edit = insertImportLine(
    { root: ctx.root, source: ctx.source, lineEnding: nl, scope: ctx.python.scope, targetVersion: ctx.settings.targetVersion, lineLength: ctx.settings.lineLength, path: ctx.path },
    IMPORT,
    '__future__',
    true,
    { name: 'annotations' },
  );
  // Inserted before code (no import block): a blank line separates the import from it, as the rules lay it out.
  const rest = ctx.source.slice(edit.end);
  const nextLine = /^[^\r\n]*/.exec(rest)![0];
  if (nextLine.trim() !== '' && !/^\s*(import|from)\s/.test(nextLine) && edit.text.endsWith(nl) && !edit.text.endsWith(nl + nl)) edit.text += nl;
  return edit;
}
