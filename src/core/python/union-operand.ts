// Whether a name can stand left of `|` when the expression runs: `X | None` calls `type(X).__or__`,
// which classes, generic aliases, unions and TypeVars have, and strings, functions and most values do
// not (`Alias = "list"` then `Alias | None` raises TypeError when the def runs). `Optional[X]` and
// `Union[X, None]` accept a string (a forward reference) and any callable. mutable-defaults and
// modern-typing ask this before writing or keeping a `|` that Python evaluates.
import type { Node } from 'web-tree-sitter';
import type { ScopeModel } from './scope.js';

// Calls whose result supports `|`: typing's TypeVar(...) and the like, and calls that make a class.
const TYPE_FACTORIES = new Set([
  ...['TypeVar', 'ParamSpec', 'TypeVarTuple', 'NewType', 'NamedTuple', 'TypedDict'].flatMap((n) => [`typing.${n}`, `typing_extensions.${n}`]),
  'collections.namedtuple', 'dataclasses.make_dataclass', 'enum.Enum', 'enum.IntEnum', 'enum.StrEnum', 'enum.Flag', 'enum.IntFlag',
  'type', 'builtins.type',
]);

function withoutParentheses(node: Node): Node {
  let e = node;
  while (e.type === 'parenthesized_expression' && e.namedChildCount === 1) e = e.namedChild(0)!;
  return e;
}

/**
 * True when the name `name` (an identifier node) surely supports `|` where it is read: every binding of
 * it is an import, a class, a type alias or type parameter, or an assignment of a type expression
 * (a subscript, an attribute, a `|` union, TypeVar/NewType/namedtuple/..., another such name), or
 * nothing binds it (a builtin). A name assigned a string or another call's result, or bound by a loop,
 * `with`, `:=`, unpacking, `except`, a `def` or a parameter, may not. Imported names are trusted: what
 * another module binds is not read.
 */
export function nameSupportsUnion(scope: ScopeModel, qualifiedName: (expr: Node) => string | undefined, name: Node, depth = 0): boolean {
  if (depth > 4) return false;
  return scope.bindingSites(name.text, name).every((b) => {
    if (b.kind === 'import' || b.kind === 'class' || b.kind === 'type-alias' || b.kind === 'type-parameter') return true;
    const assignment = b.node.parent;
    const value = b.kind === 'assignment' && assignment?.type === 'assignment' && assignment.childForFieldName('left')?.id === b.node.id ? assignment.childForFieldName('right') : null;
    if (!value) return false;
    const e = withoutParentheses(value);
    switch (e.type) {
      case 'subscript':
      case 'attribute':
        return true;
      case 'binary_operator':
        return e.childForFieldName('operator')?.type === '|';
      case 'call': {
        const callee = e.childForFieldName('function');
        const qn = callee ? qualifiedName(callee) : undefined;
        return !!qn && TYPE_FACTORIES.has(qn);
      }
      case 'identifier':
        return nameSupportsUnion(scope, qualifiedName, e, depth + 1);
      default:
        return false;
    }
  });
}

/** True unless the expression is a name (in parentheses or not) that may not support `|` (see nameSupportsUnion). */
export function supportsUnion(scope: ScopeModel, qualifiedName: (expr: Node) => string | undefined, expr: Node): boolean {
  const e = withoutParentheses(expr);
  return e.type !== 'identifier' || nameSupportsUnion(scope, qualifiedName, e);
}
