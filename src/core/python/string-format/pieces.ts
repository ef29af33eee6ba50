// One message argument (of print(), of a logging call) -> the text it contributes to a new %-format
// string, plus the logging arguments that text consumes. String literals fold into the format; f-strings split into text and placeholders;
// `"..." % args` moves its directives over where that is provably the same text; the rest is `%s`.
import type { Node } from 'web-tree-sitter';
import { isFormatSpecWalrus } from '../scope.js';
import { plainAtoms, stringParts, encodeLiteral, styleOf, type Atom, type LiteralStyle } from './literal.js';
import { NESTED, printfDirective } from './format-spec.js';
import { markDirectives } from './percent-format.js';

export interface Piece {
  atoms: Atom[];
  /** Source texts of the logging arguments, in order. */
  args: string[];
  /** Styles of the literals whose text went into `atoms`. */
  styles: LiteralStyle[];
  /** Source ranges copied as they are (comments inside them survive). */
  copied: { start: number; end: number }[];
  /** True when the piece is a %-format whose directives were kept. */
  percent: boolean;
}

export interface PieceEnv {
  source: string;
  /** True when the builtin of that name is meant at the print call. */
  isBuiltin(name: string): boolean;
}

const STRING_TYPES = new Set(['string', 'concatenated_string']);

/** Comments and backslash continuations show up as named children; they are not operands. */
export function isExtra(node: Node): boolean {
  return node.type === 'comment' || node.type === 'line_continuation';
}
const SIMPLE_EXPR = new Set(['identifier', 'attribute', 'integer']);

/** Strips redundant parentheses around an expression (never around a tuple or a generator). */
export function unwrapParens(node: Node): Node {
  let n = node;
  while (n.type === 'parenthesized_expression') {
    const inner = n.namedChildren.filter((c) => c && !isExtra(c));
    if (inner.length !== 1 || n.namedChildren.length !== 1) break;
    n = inner[0]!;
  }
  return n;
}

/** The string nodes of a string or implicit concatenation, with what lies between them. */
function stringNodes(node: Node): Node[] {
  return node.type === 'string' ? [node] : node.namedChildren.filter((c): c is Node => c?.type === 'string');
}

/** A literal without interpolations (plain, raw, concatenated; f-strings without fields): its atoms. */
export function literalAtoms(source: string, node: Node): { atoms: Atom[]; styles: LiteralStyle[] } | null {
  const n = unwrapParens(node);
  if (!STRING_TYPES.has(n.type)) return null;
  const atoms: Atom[] = [];
  const styles: LiteralStyle[] = [];
  const strings = stringNodes(n);
  for (let i = 0; i < strings.length; i++) {
    const s = strings[i]!;
    const parts = stringParts(source, s);
    if (!parts || parts.isBytes) return null;
    if (parts.parts.some((p) => p.kind === 'interpolation')) return null;
    if (i > 0) pushBreak(source, strings[i - 1]!, s, atoms);
    for (const p of parts.parts) if (p.kind === 'text') atoms.push(...p.atoms);
    styles.push(parts.style);
  }
  return { atoms, styles };
}

/** Between two parts of an implicit concatenation: kept only when it spans lines (the author's wrapping). */
function pushBreak(source: string, prev: Node, next: Node, atoms: Atom[]) {
  const between = source.slice(prev.endIndex, next.startIndex);
  if (/[\r\n]/.test(between)) atoms.push({ kind: 'break', src: between });
}

/** The piece for one positional argument of print(); a string reason when it cannot be expressed. */
export function pieceFor(env: PieceEnv, arg: Node): Piece | string {
  const n = unwrapParens(arg);
  if (STRING_TYPES.has(n.type)) {
    const piece = stringPiece(env, n);
    if (piece) return piece;
  } else if (n.type === 'binary_operator' && n.childForFieldName('operator')?.type === '%') {
    const piece = percentPiece(env, n);
    if (piece) return piece;
  } else if (n.type === 'true' || n.type === 'false' || n.type === 'none') {
    return textPiece(n.type === 'none' ? 'None' : n.type === 'true' ? 'True' : 'False');
  } else if (n.type === 'integer' && /^(0|[1-9][0-9]*)$/.test(n.text)) {
    return textPiece(n.text);
  }
  const converted = conversionCall(env, n) ?? formatCall(env, n);
  if (converted) return converted;
  return expressionPiece(arg);
}

const CONVERSIONS: Record<string, string> = { repr: '%r', str: '%s', ascii: '%a' };

/** `repr(x)` -> `%r` with x (also str, ascii): printf applies the very same function. */
export function conversionCall(env: PieceEnv, node: Node): Piece | null {
  if (node.type !== 'call') return null;
  const fn = node.childForFieldName('function');
  const args = node.childForFieldName('arguments');
  if (fn?.type !== 'identifier' || !(fn.text in CONVERSIONS) || args?.type !== 'argument_list') return null;
  if (args.namedChildren.some((c) => c?.type === 'comment')) return null;
  const inner = args.namedChildren.filter((c): c is Node => !!c && !isExtra(c));
  const only = inner[0];
  if (inner.length !== 1 || !only || ['list_splat', 'dictionary_splat', 'keyword_argument'].includes(only.type)) return null;
  if (!env.isBuiltin(fn.text)) return null;
  return {
    atoms: [{ kind: 'placeholder', text: CONVERSIONS[fn.text]! }],
    args: [only.text],
    styles: [],
    copied: [{ start: only.startIndex, end: only.endIndex }],
    percent: false,
  };
}

function textPiece(text: string): Piece {
  return { atoms: plainAtoms(text), args: [], styles: [], copied: [], percent: false };
}

function expressionPiece(node: Node): Piece {
  return {
    atoms: [{ kind: 'placeholder', text: '%s' }],
    args: [node.text],
    styles: [],
    copied: [{ start: node.startIndex, end: node.endIndex }],
    percent: false,
  };
}

/** A string or concatenation, f-string parts included; null (-> one `%s` argument) for bytes. */
export function stringPiece(env: PieceEnv, node: Node): Piece | null {
  const piece: Piece = { atoms: [], args: [], styles: [], copied: [], percent: false };
  const strings = stringNodes(node);
  for (let i = 0; i < strings.length; i++) {
    const s = strings[i]!;
    const parts = stringParts(env.source, s);
    if (!parts || parts.isBytes) return null;
    if (i > 0) pushBreak(env.source, strings[i - 1]!, s, piece.atoms);
    piece.styles.push(parts.style);
    for (const p of parts.parts) {
      if (p.kind === 'text') piece.atoms.push(...p.atoms);
      else addField(env, s, p.node, piece);
    }
  }
  return piece;
}

/** One `{expr!conv:spec}` field of an f-string. */
function addField(env: PieceEnv, stringNode: Node, field: Node, piece: Piece) {
  const expr = field.childForFieldName('expression');
  const convNode = field.childForFieldName('type_conversion');
  const specNode = field.childForFieldName('format_specifier');
  if (!expr) {
    piece.atoms.push({ kind: 'placeholder', text: '%s' });
    piece.args.push(fieldAsFString(env.source, stringNode, field, null));
    return;
  }
  if (isFormatSpecWalrus(expr)) {
    walrusSpecField(env, stringNode, field, expr, piece);
    return;
  }
  // `{a, b}` is a tuple in an f-string but two arguments in a call.
  const exprText = expr.type === 'expression_list' ? `(${expr.text})` : expr.text;
  const equals = field.children.find((c) => c?.type === '=');
  let conversion = convNode ? convNode.text.slice(1) : null;
  if (equals) {
    // `{x=}` prints its own source text (spaces included) before the value, repr by default.
    const upTo = convNode?.startIndex ?? specNode?.startIndex ?? field.endIndex - 1;
    piece.atoms.push(...plainAtoms(env.source.slice(field.startIndex + 1, upTo)));
    if (!conversion && !specNode) conversion = 'r';
  }
  const { spec, nested } = specOf(env.source, specNode);
  const directive = printfDirective(spec, conversion);
  if (directive && nested.every((e) => SIMPLE_EXPR.has(e.type)) && nested.length === directive.starCount) {
    piece.atoms.push({ kind: 'placeholder', text: directive.text });
    piece.args.push(...nested.map((e) => e.text), exprText);
    piece.copied.push({ start: expr.startIndex, end: expr.endIndex });
    return;
  }
  // Not expressible in printf: one `%s` argument that formats exactly as the field did.
  piece.atoms.push({ kind: 'placeholder', text: '%s' });
  if (!conversion && nested.length === 0 && env.isBuiltin('format')) {
    const specLiteral = encodeLiteral(plainAtoms(spec), { raw: false, quote: '"' }, false)!;
    piece.args.push(`format(${exprText}, ${specLiteral})`);
    piece.copied.push({ start: expr.startIndex, end: expr.endIndex });
  } else {
    piece.args.push(fieldAsFString(env.source, stringNode, field, expr));
    piece.copied.push({ start: field.startIndex, end: field.endIndex });
  }
}

/**
 * `{x:=10}`: in an f-string field an unparenthesised `:=` is not a walrus but the end of the expression
 * `x` and the format spec `=10` (the tree says walrus). Everything after that `:` up to the closing brace
 * is the spec, `!r` included; a spec with nested fields is left to the field itself, as its own f-string.
 */
function walrusSpecField(env: PieceEnv, stringNode: Node, field: Node, walrus: Node, piece: Piece) {
  const name = walrus.childForFieldName('name')!;
  const spec = env.source.slice(env.source.indexOf(':', name.endIndex) + 1, field.endIndex - 1);
  const simple = !/[{}]/.test(spec);
  const directive = simple ? printfDirective(spec, null) : null;
  if (directive && directive.starCount === 0) {
    piece.atoms.push({ kind: 'placeholder', text: directive.text });
    piece.args.push(name.text);
  } else if (simple && env.isBuiltin('format')) {
    piece.atoms.push({ kind: 'placeholder', text: '%s' });
    piece.args.push(`format(${name.text}, ${encodeLiteral(plainAtoms(spec), { raw: false, quote: '"' }, false)!})`);
  } else {
    piece.atoms.push({ kind: 'placeholder', text: '%s' });
    piece.args.push(fieldAsFString(env.source, stringNode, field, null));
    piece.copied.push({ start: field.startIndex, end: field.endIndex });
    return;
  }
  piece.copied.push({ start: name.startIndex, end: name.endIndex });
}

/** The spec text after `:`, with nested `{expr}` fields replaced by NESTED. */
function specOf(source: string, specNode: Node | null): { spec: string; nested: Node[] } {
  if (!specNode) return { spec: '', nested: [] };
  let spec = '';
  const nested: Node[] = [];
  let at = specNode.startIndex + 1; // after ':'
  for (const c of specNode.namedChildren) {
    if (c?.type !== 'format_expression') continue;
    spec += source.slice(at, c.startIndex) + NESTED;
    const e = c.childForFieldName('expression') ?? c.namedChild(0);
    if (e) nested.push(e);
    at = c.endIndex;
  }
  spec += source.slice(at, specNode.endIndex);
  return { spec, nested };
}

/** The field alone as an f-string literal of the same kind (without the `=` text, already emitted). */
function fieldAsFString(source: string, stringNode: Node, field: Node, expr: Node | null): string {
  const start = stringNode.namedChildren.find((c) => c?.type === 'string_start')!.text;
  const end = styleOf(stringNode)!.style.quote; // string_end may hold a raw string's last backslashes
  const equals = field.children.find((c) => c?.type === '=');
  const inner = equals && expr ? source.slice(field.startIndex, expr.endIndex) + source.slice(equals.endIndex, field.endIndex) : field.text;
  return `${start}${inner}${end}`;
}

/** `"fmt" % (a, b)` or `"fmt" % literal`: the directives stay and the operands become arguments. */
export function percentPiece(env: PieceEnv, node: Node): Piece | null {
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (!left || !right) return null;
  const lit = literalAtoms(env.source, left);
  if (!lit) return null;
  const marked = markDirectives(lit.atoms);
  if (!marked || marked.consumes === 0) return null;
  const r = unwrapParens(right);
  let operands: Node[];
  if (r.type === 'tuple') {
    operands = r.namedChildren.filter((c): c is Node => !!c && !isExtra(c));
    // A starred element hides how many values there are.
    if (operands.some((o) => o.type === 'list_splat')) return null;
  } else if (isScalarLiteral(env, r)) {
    operands = [r];
  } else return null;
  if (operands.length !== marked.consumes) return null;
  return {
    atoms: marked.atoms,
    args: operands.map((o) => o.text),
    styles: lit.styles,
    copied: operands.map((o) => ({ start: o.startIndex, end: o.endIndex })),
    percent: true,
  };
}

/** A literal that `%` treats as one value (not a tuple, not a mapping). */
function isScalarLiteral(env: PieceEnv, node: Node): boolean {
  if (['integer', 'float', 'true', 'false', 'none'].includes(node.type)) return true;
  if (node.type === 'unary_operator') {
    const operand = node.childForFieldName('argument');
    return !!operand && (operand.type === 'integer' || operand.type === 'float');
  }
  if (STRING_TYPES.has(node.type)) return literalAtoms(env.source, node) !== null;
  return false;
}

/**
 * `"x={} y={!r:>8}".format(x, y)` -> `x=%s y=%8r` with x, y: the same fields as an f-string, when
 * each positional argument fills exactly one field, in order (so nothing is evaluated twice or reordered).
 */
export function formatCall(env: PieceEnv, node: Node): Piece | null {
  if (node.type !== 'call') return null;
  const fn = node.childForFieldName('function');
  const argList = node.childForFieldName('arguments');
  if (fn?.type !== 'attribute' || fn.childForFieldName('attribute')?.text !== 'format' || argList?.type !== 'argument_list') return null;
  const receiver = fn.childForFieldName('object');
  const lit = receiver && literalAtoms(env.source, receiver);
  if (!lit) return null;
  if (argList.namedChildren.some((c) => c?.type === 'comment')) return null;
  const args = argList.namedChildren.filter((c): c is Node => !!c && !isExtra(c));
  if (args.some((a) => ['list_splat', 'dictionary_splat', 'keyword_argument'].includes(a.type))) return null;

  const atoms: Atom[] = [];
  const out: string[] = [];
  let auto: boolean | undefined;
  let next = 0;
  const chars = lit.atoms;
  // str.format reads the string's value: a brace spelled as an escape is still a brace.
  if (chars.some((a) => a.kind === 'escape' && (a.value === undefined || a.value === '{' || a.value === '}'))) return null;
  for (let i = 0; i < chars.length; i++) {
    const a = chars[i]!;
    const isChar = (x: Atom | undefined, c: string) => x?.kind === 'char' && x.value === c;
    if (isChar(a, '{') && isChar(chars[i + 1], '{')) {
      atoms.push(a);
      i++;
      continue;
    }
    if (isChar(a, '}')) {
      if (!isChar(chars[i + 1], '}')) return null; // a lone `}` is an error in str.format
      atoms.push(a);
      i++;
      continue;
    }
    if (!isChar(a, '{')) {
      atoms.push(a);
      continue;
    }
    // A replacement field: plain characters up to `}`; nested fields are not ours.
    let field = '';
    let j = i + 1;
    for (; j < chars.length && !isChar(chars[j], '}'); j++) {
      const b = chars[j]!;
      if (b.kind !== 'char' || b.value === '{') return null;
      field += b.value;
    }
    if (j >= chars.length) return null;
    i = j;
    const m = /^(\d*)(?:!([rsa]))?(?::(.*))?$/s.exec(field);
    if (!m) return null; // attribute or index lookups, keyword fields
    const isAuto = m[1] === '';
    if (auto !== undefined && auto !== isAuto) return null;
    auto = isAuto;
    if (!isAuto && Number(m[1]) !== next) return null;
    const arg = args[next++];
    if (!arg) return null;
    const directive = printfDirective(m[3] ?? '', m[2] ?? null);
    atoms.push({ kind: 'placeholder', text: directive && directive.starCount === 0 ? directive.text : '%s' });
    if (directive && directive.starCount === 0) out.push(arg.text);
    else if (!m[2] && env.isBuiltin('format')) out.push(`format(${arg.text}, ${encodeLiteral(plainAtoms(m[3] ?? ''), { raw: false, quote: '"' }, false)})`);
    else return null;
  }
  if (next !== args.length) return null; // unused arguments would no longer be evaluated the same way
  return { atoms, args: out, styles: lit.styles, copied: args.map((a) => ({ start: a.startIndex, end: a.endIndex })), percent: false };
}
