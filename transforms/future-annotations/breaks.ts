// Code that postponed evaluation of annotations breaks, found in the module itself: dataclasses that only
// recognise ClassVar and InitVar from their text in some spellings, and singledispatch functions that register
// implementations by the annotation of their first parameter.
import type { Node } from 'web-tree-sitter';
import type { TransformContext } from '../../src/core/types.js';
import { subscriptParts, unwrapType } from '../modern-typing/render.js';

type Ctx = TransformContext<unknown>;

export function breakingUses(ctx: Ctx): string | undefined {
  return dataclassProblem(ctx) ?? singledispatchProblem(ctx);
}

const MARKERS: Readonly<Record<string, string>> = {
  'typing.ClassVar': 'typing',
  'typing_extensions.ClassVar': 'typing',
  'dataclasses.InitVar': 'dataclasses',
};

/**
 * A dataclass field annotated with ClassVar or InitVar in a way dataclasses cannot recognise once the
 * annotation is a string. dataclasses reads the text: `Name[...]` counts when the module's globals hold `Name`
 * as typing.ClassVar (dataclasses.InitVar); `mod.Name[...]` when they hold `mod` as the typing (dataclasses)
 * module itself. Anything else (`te.ClassVar` through typing_extensions, a ClassVar imported inside a function,
 * `Annotated[ClassVar[int], ...]`) becomes an ordinary field: a different class, or a ValueError for a mutable
 * default.
 */
function dataclassProblem(ctx: Ctx): string | undefined {
  if (!/\bdataclass\b/.test(ctx.source) || !/\b(ClassVar|InitVar)\b/.test(ctx.source)) return undefined;
  for (const m of ctx.source.matchAll(/@[ \t]*(?:[\w.]+\.)?dataclass\b/g)) {
    const decorator = enclosing(ctx.root.descendantForIndex(m.index), 'decorator');
    const definition = decorator?.parent?.type === 'decorated_definition' ? decorator.parent.childForFieldName('definition') : null;
    if (!decorator || definition?.type !== 'class_definition') continue;
    let expr = decorator.namedChild(0);
    if (expr?.type === 'call') expr = expr.childForFieldName('function');
    if (!expr || ctx.python.qualifiedName(expr) !== 'dataclasses.dataclass') continue;
    for (const stmt of definition.childForFieldName('body')?.namedChildren ?? []) {
      const assignment = stmt?.type === 'expression_statement' ? stmt.namedChild(0) : null;
      const annotation = assignment?.type === 'assignment' ? assignment.childForFieldName('type') : null;
      if (!annotation || !/\b(ClassVar|InitVar)\b/.test(annotation.text) || unwrapType(annotation).type === 'string') continue;
      const why = unrecognised(ctx, annotation);
      if (why) {
        const name = definition.childForFieldName('name')?.text ?? '?';
        return `dataclass \`${name}\` annotates a field \`${annotation.text}\` (line ${annotation.startPosition.row + 1}), which dataclasses cannot recognise from a string: ${why}`;
      }
    }
  }
  return undefined;
}

/** Why dataclasses would not recognise this ClassVar/InitVar annotation from its text, or undefined. */
function unrecognised(ctx: Ctx, annotation: Node): string | undefined {
  const expr = unwrapType(annotation);
  const head = subscriptParts(expr)?.head ?? expr;
  const qn = head.type === 'identifier' || head.type === 'attribute' ? ctx.python.qualifiedName(head) : undefined;
  const module = qn ? MARKERS[qn] : undefined;
  if (!qn || !module) return 'the marker is not the outermost name of the annotation';
  const name = qn.slice(qn.lastIndexOf('.') + 1);
  if (head.type === 'identifier') {
    return boundAtModuleLevel(ctx, head.text, (q) => !!q && MARKERS[q] === module) ? undefined : `it needs \`from ${module} import ${name}\` at module level`;
  }
  const object = head.childForFieldName('object');
  if (object?.type === 'identifier' && head.childForFieldName('attribute')?.text === name && boundAtModuleLevel(ctx, object.text, (q) => q === module)) return undefined;
  return `\`${head.text}\` is read as \`${module}.${name}\` only through \`import ${module}\` at module level`;
}

/** The module's own top-level code binds `name` only by imports, all of what `ok` accepts. */
function boundAtModuleLevel(ctx: Ctx, name: string, ok: (qualified: string | undefined) => boolean): boolean {
  const bindings = ctx.python.scope.moduleBindings(name);
  return bindings.length > 0 && bindings.every((b) => b.kind === 'import' && ok(b.qualifiedName));
}

/** `@f.register` without a type: functools.singledispatch reads the first parameter's annotation at run time. */
function singledispatchProblem(ctx: Ctx): string | undefined {
  if (!/\bsingledispatch/.test(ctx.source)) return undefined;
  for (const m of ctx.source.matchAll(/@[ \t]*[\w.]+\.register\b/g)) {
    const decorator = enclosing(ctx.root.descendantForIndex(m.index), 'decorator');
    const expr = decorator?.namedChild(0);
    if (expr?.type !== 'attribute') continue;
    return `\`${expr.text}\` (line ${expr.startPosition.row + 1}) registers by the annotation of the first parameter, which singledispatch then evaluates in the module's globals (a class defined in a function no longer resolves)`;
  }
  return undefined;
}

function enclosing(node: Node | null, type: string): Node | null {
  for (let n = node; n; n = n.parent) if (n.type === type) return n;
  return null;
}
