// Reading and rewriting parameter annotations: does the annotation promise no mutation (then the
// default is left alone), does it already admit None (then it is kept), and how to widen it to
// `X | None` / `Optional[X]`.
import type { Language, Node } from 'web-tree-sitter';
import { plainStringContent, stringParserFor } from '../../src/core/python/string-annotation.js';

/** Resolves a name or dotted expression to its qualified name (`t.Sequence` -> `typing.Sequence`). */
export type QualifiedNameOf = (expr: Node) => string | undefined;

const TYPING_MODULES = ['typing', 'typing_extensions'];
const ABC_MODULES = ['collections.abc', 'typing', 'typing_extensions'];

// Types whose values cannot be changed in place, abstract types that promise read-only use, and
// `Callable` (as Ruff has it: a callable parameter is called, not filled).
const IMMUTABLE_TYPES = new Set<string>([
  ...['bool', 'bytes', 'complex', 'float', 'frozenset', 'int', 'range', 'str', 'tuple'],
  ...ABC_MODULES.flatMap((m) =>
    ['AbstractSet', 'Callable', 'Collection', 'Container', 'Hashable', 'ItemsView', 'Iterable', 'Iterator', 'KeysView',
      'Mapping', 'Reversible', 'Sequence', 'Sized', 'ValuesView', 'ByteString'].map((n) => `${m}.${n}`)),
  ...TYPING_MODULES.flatMap((m) => ['FrozenSet', 'Tuple', 'NamedTuple', 'Literal', 'LiteralString', 'Text'].map((n) => `${m}.${n}`)),
  'types.MappingProxyType',
  'None',
]);

const typingName = (qn: string | undefined, name: string) => !!qn && TYPING_MODULES.some((m) => qn === `${m}.${name}`);

/** `builtins.list` and `list` are the same name. */
function normalize(qn: string | undefined): string | undefined {
  return qn?.startsWith('builtins.') ? qn.slice('builtins.'.length) : qn;
}

/** Through parentheses and the grammar's `type` wrapper nodes. */
function unwrapParens(expr: Node): Node {
  let e = expr;
  while ((e.type === 'parenthesized_expression' || e.type === 'type') && e.namedChildCount === 1) e = e.namedChild(0)!;
  return e;
}

/**
 * `X[a, b]` as head and arguments. In annotations the grammar writes `Name[...]` as a
 * `generic_type` and `mod.Name[...]` as a `subscript`; both mean the same.
 */
function generic(expr: Node): { head: Node; args: Node[] } | null {
  if (expr.type === 'subscript') {
    const args = expr.childrenForFieldName('subscript').filter((n): n is Node => !!n);
    const flat = args.length === 1 && args[0]!.type === 'tuple' ? args[0]!.namedChildren.filter((n): n is Node => !!n) : args;
    return { head: expr.childForFieldName('value')!, args: flat };
  }
  if (expr.type === 'generic_type') {
    const head = expr.namedChild(0);
    const params = expr.namedChildren.find((c) => c?.type === 'type_parameter');
    if (!head) return null;
    return { head, args: (params?.namedChildren ?? []).filter((n): n is Node => !!n) };
  }
  return null;
}

/** The `X` and `Y` of `X | Y | Z` (flattened). */
function unionMembers(expr: Node): Node[] | null {
  const e = unwrapParens(expr);
  if (e.type === 'union_type') return e.namedChildren.flatMap((m) => (m ? (unionMembers(m) ?? [m]) : []));
  if (e.type !== 'binary_operator' || e.childForFieldName('operator')?.type !== '|') return null;
  const left = e.childForFieldName('left');
  const right = e.childForFieldName('right');
  if (!left || !right) return null;
  return [...(unionMembers(left) ?? [left]), ...(unionMembers(right) ?? [right])];
}

export class AnnotationReader {
  constructor(
    private readonly language: Language,
    private readonly qualifiedName: QualifiedNameOf,
    /** How a bare name written inside a string annotation resolves at a node (imports followed, locals undefined). */
    private readonly qualifiedNameOfName: (name: string, at: Node) => string | undefined,
    /** `extend-immutable-calls`: user types that also promise no mutation. */
    private readonly extraImmutable: ReadonlySet<string>,
  ) {}

  /** True when the annotation says the value is never mutated (`Sequence[int]`, `tuple`, `Literal[...]`). */
  isImmutable(annotation: Node): boolean {
    return this.check(annotation, (e, qn) => this.immutableExpr(e, qn));
  }

  /** True when None is already a valid value (`Optional[X]`, `X | None`, `Union[X, None]`, `Any`, `object`). */
  admitsNone(annotation: Node): boolean {
    return this.check(annotation, (e, qn) => this.admitsNoneExpr(e, qn));
  }

  /** Runs a check on an expression, or on the parsed contents of a string annotation (`"Sequence[int]"`). */
  private check(annotation: Node, test: (expr: Node, qn: QualifiedNameOf) => boolean): boolean {
    const expr = unwrapParens(annotation);
    if (expr.type !== 'string') return test(expr, this.qualifiedName);
    const inner = this.parseStringAnnotation(expr);
    if (!inner) return false;
    try {
      // Names inside the string resolve where the annotation stands.
      const qn: QualifiedNameOf = (e) => this.qualifiedNameOfText(e, annotation);
      return test(inner.expr, qn);
    } finally {
      inner.tree.delete();
    }
  }

  private immutableExpr(expr: Node, qn: QualifiedNameOf): boolean {
    const e = unwrapParens(expr);
    if (e.type === 'none') return true;
    const members = unionMembers(e);
    if (members) return members.every((m) => this.immutableExpr(m, qn));
    const g = generic(e);
    if (g) {
      const head = normalize(qn(g.head));
      const args = g.args;
      if (typingName(head, 'Optional') || typingName(head, 'Union')) return args.length > 0 && args.every((a) => this.immutableExpr(a, qn));
      if (typingName(head, 'Annotated')) return !!args[0] && this.immutableExpr(args[0], qn);
      return !!head && (IMMUTABLE_TYPES.has(head) || this.extraImmutable.has(head));
    }
    if (e.type === 'identifier' || e.type === 'attribute') {
      const name = normalize(qn(e));
      return !!name && (IMMUTABLE_TYPES.has(name) || this.extraImmutable.has(name));
    }
    return false;
  }

  private admitsNoneExpr(expr: Node, qn: QualifiedNameOf): boolean {
    const e = unwrapParens(expr);
    if (e.type === 'none') return true;
    const members = unionMembers(e);
    if (members) return members.some((m) => this.admitsNoneExpr(m, qn));
    const g = generic(e);
    if (g) {
      const head = normalize(qn(g.head));
      const args = g.args;
      if (typingName(head, 'Optional')) return true;
      if (typingName(head, 'Union')) return args.some((a) => this.admitsNoneExpr(a, qn));
      if (typingName(head, 'Annotated')) return !!args[0] && this.admitsNoneExpr(args[0], qn);
      return false;
    }
    if (e.type === 'identifier' || e.type === 'attribute') {
      const name = normalize(qn(e));
      return name === 'object' || name === 'None' || typingName(name, 'Any');
    }
    return false;
  }

  /** Parses the text of a plain string annotation as an expression; null for f-strings, bytes, escapes. */
  private parseStringAnnotation(str: Node): { tree: { delete(): void }; expr: Node } | null {
    const text = plainStringContent(str);
    if (text === null) return null;
    const tree = stringParserFor(this.language).parse(`(${text})`);
    if (!tree) return null;
    const stmt = tree.rootNode.namedChild(0);
    if (tree.rootNode.hasError || tree.rootNode.namedChildCount !== 1 || stmt?.type !== 'expression_statement' || stmt.namedChildCount !== 1) {
      tree.delete();
      return null;
    }
    return { tree, expr: stmt.namedChild(0)! };
  }

  /** Qualified name of a name written inside a string annotation, resolved at the annotation's place. */
  private qualifiedNameOfText(expr: Node, at: Node): string | undefined {
    if (expr.type !== 'identifier' && expr.type !== 'attribute') return undefined;
    if (!/^[A-Za-z_][\w]*(\s*\.\s*[A-Za-z_]\w*)*$/.test(expr.text)) return undefined;
    const parts = expr.text.split('.').map((p) => p.trim());
    // Resolve the first segment in the real tree (the parsed string has no scopes).
    const first = this.qualifiedNameOfName(parts[0]!, at);
    return first === undefined ? undefined : [first, ...parts.slice(1)].join('.');
  }
}

/** Whether `annotation | None` needs parentheses around the annotation. */
export function needsParensForUnion(expr: Node): boolean {
  return ['conditional_expression', 'lambda', 'boolean_operator', 'not_operator', 'comparison_operator', 'named_expression', 'await', 'yield'].includes(expr.type);
}

/**
 * Whether the annotation is a type expression (a name, `X[...]`, `X | Y`, `None`, a string). Anything
 * else (`c: 1 = {}`) is metadata, not a type: `Optional[1]` and `1 | None` would fail at run time.
 */
export function isTypeExpression(expr: Node): boolean {
  const e = unwrapParens(expr);
  const members = unionMembers(e);
  if (members) return members.every(isTypeExpression);
  // `A if cond else B` evaluates to one of two types.
  if (e.type === 'conditional_expression') {
    const branches = e.namedChildren.filter((c): c is Node => !!c);
    return branches.length === 3 && isTypeExpression(branches[0]!) && isTypeExpression(branches[2]!);
  }
  return ['identifier', 'attribute', 'subscript', 'generic_type', 'none', 'string', 'concatenated_string'].includes(e.type);
}
