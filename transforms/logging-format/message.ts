// A logging call's message -> a %-format literal and its arguments that render the same text.
// f-strings, `"...".format(...)` on a literal and `"..." % args` reuse the exact conversion of
// print-to-logging (src/core/python/string-format); `+` concatenations fold their literal parts in.
import type { Node } from 'web-tree-sitter';
import { encodeFormat, type Atom, type LiteralStyle } from '../../src/core/python/string-format/literal.js';
import {
  conversionCall, formatCall, isExtra, literalAtoms, percentPiece, stringPiece, unwrapParens, type Piece, type PieceEnv,
} from '../../src/core/python/string-format/pieces.js';
import { markDirectives } from '../../src/core/python/string-format/percent-format.js';

export type MessageKind = 'f-string' | 'format' | 'percent' | 'concat';

export type Converted =
  | { ok: true; kind: MessageKind; format: string; args: string[]; copied: { start: number; end: number }[] }
  | { ok: false; kind: MessageKind; reason: string }
  /** A plain literal or anything else that is not built by formatting: nothing to do. */
  | null;

export interface MessageEnv extends PieceEnv {
  defaultQuote(): string;
}

const STRINGS = new Set(['string', 'concatenated_string']);

export function messageKind(source: string, node: Node): MessageKind | null {
  const n = unwrapParens(node);
  if (STRINGS.has(n.type)) return hasFString(n) ? 'f-string' : null;
  if (n.type === 'binary_operator') {
    const op = n.childForFieldName('operator')?.type;
    if (op === '%') return 'percent';
    if (op === '+') return 'concat';
    return null;
  }
  if (n.type === 'call') {
    const fn = n.childForFieldName('function');
    if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'format') {
      const receiver = fn.childForFieldName('object');
      if (receiver && STRINGS.has(unwrapParens(receiver).type)) return 'format';
    }
  }
  void source;
  return null;
}

export function convertMessage(env: MessageEnv, node: Node): Converted {
  const kind = messageKind(env.source, node);
  if (!kind) return null;
  const n = unwrapParens(node);
  const fail = (reason: string): Converted => ({ ok: false, kind, reason });
  let pieces: Piece[];
  switch (kind) {
    case 'f-string': {
      const p = stringPiece(env, n);
      if (!p) return fail('a bytes literal is not a message');
      pieces = [p];
      break;
    }
    case 'format': {
      const p = formatCall(env, n);
      if (!p) return fail('`.format()` with fields that have no exact %-form (attribute or index lookups, keyword or reused fields, `*args`, comments)');
      pieces = [p];
      break;
    }
    case 'percent': {
      const p = percentMessage(env, n);
      if (typeof p === 'string') return fail(p);
      pieces = [p];
      break;
    }
    case 'concat': {
      const p = concatPieces(env, n);
      if (typeof p === 'string') return fail(p);
      pieces = p;
      break;
    }
  }
  const atoms: Atom[] = pieces.flatMap((p) => p.atoms);
  const styles: LiteralStyle[] = pieces.flatMap((p) => p.styles);
  const args = pieces.flatMap((p) => p.args);
  const format = encodeFormat(atoms, styles, env.defaultQuote, args.length > 0);
  if (format === null) return fail('the text cannot be written as one literal');
  const copied = pieces.flatMap((p) => p.copied);
  // Implicit concatenations that spanned lines keep their wrapping (and the comments between parts).
  for (const s of n.type === 'binary_operator' ? [] : [n]) if (s.type === 'concatenated_string') copied.push({ start: s.startIndex, end: s.endIndex });
  return { ok: true, kind, format, args, copied };
}

function hasFString(node: Node): boolean {
  const strings = node.type === 'string' ? [node] : node.namedChildren.filter((c) => c?.type === 'string');
  return strings.some((s) => /^[a-zA-Z]*[fF]/.test(s!.namedChild(0)?.text ?? ''));
}

/**
 * `"fmt" % (a, b)` or `"fmt" % value`: logging applies the same `%` to the same values, so the
 * directives stay. A single operand that is not a tuple display must be known not to be a tuple at
 * run time (`"%s" % t` with a 1-tuple t prints its element; as a logging argument, the tuple).
 */
function percentMessage(env: MessageEnv, node: Node): Piece | string {
  const direct = percentPiece(env, node);
  if (direct) return direct;
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (!left || !right) return 'unexpected `%` expression';
  const lit = literalAtoms(env.source, left);
  if (!lit) return 'the left side of `%` is not a string literal';
  const marked = markDirectives(lit.atoms);
  if (!marked) return 'the format uses `%(key)s` mapping keys or a malformed directive';
  const r = unwrapParens(right);
  if (r.type === 'tuple') return `the format has ${marked.consumes} directive(s) but the tuple has ${r.namedChildren.filter((c) => c && !isExtra(c)).length} item(s)`;
  if (marked.consumes !== 1) return `the format has ${marked.consumes} directives and the right side of \`%\` is not a tuple display`;
  if (!knownNotTuple(env, r)) return `\`${r.text}\` may be a tuple (or a mapping) at run time, which \`%\` would unpack`;
  return { atoms: marked.atoms, args: [r.text], styles: lit.styles, copied: [{ start: r.startIndex, end: r.endIndex }], percent: true };
}

const STR_RESULTS = new Set(['str', 'repr', 'ascii', 'format', 'len', 'int', 'float', 'hex', 'oct', 'bin', 'id', 'abs', 'round', 'chr', 'ord', 'type']);

/** Values that cannot be a tuple or a mapping: literals, f-strings, and a few builtins' results. */
function knownNotTuple(env: MessageEnv, node: Node): boolean {
  if (['integer', 'float', 'true', 'false', 'none', 'string', 'concatenated_string'].includes(node.type)) return true;
  if (node.type === 'call') {
    const fn = node.childForFieldName('function');
    if (fn?.type === 'identifier' && STR_RESULTS.has(fn.text)) return env.isBuiltin(fn.text);
    if (fn?.type === 'attribute' && ['join', 'format'].includes(fn.childForFieldName('attribute')?.text ?? '')) {
      const receiver = fn.childForFieldName('object');
      return !!receiver && STRINGS.has(unwrapParens(receiver).type);
    }
  }
  return false;
}

/**
 * `"a " + b + f"c{d}"`: the parts in order. The first operand must be a str for sure, so every `+` is
 * string concatenation; a later operand that is not a known str becomes `%s` (where it was not a str,
 * the original raised TypeError: listed in the transform's semantics).
 */
function concatPieces(env: MessageEnv, node: Node): Piece[] | string {
  const operands: Node[] = [];
  const flatten = (n: Node): boolean => {
    const u = unwrapParens(n);
    if (u.type === 'binary_operator' && u.childForFieldName('operator')?.type === '+' && u === n) {
      const l = u.childForFieldName('left');
      const r = u.childForFieldName('right');
      if (!l || !r) return false;
      return flatten(l) && (operands.push(r), true);
    }
    operands.push(n);
    return true;
  };
  if (!flatten(node)) return 'unexpected `+` expression';
  if (node.descendantsOfType('comment').length > 0) return 'comments inside the concatenation cannot be kept';
  const pieces: Piece[] = [];
  for (let i = 0; i < operands.length; i++) {
    const op = unwrapParens(operands[i]!);
    const known = knownStrPiece(env, op);
    if (known) {
      pieces.push(known);
      continue;
    }
    if (i === 0) return `the first operand \`${op.text}\` is not known to be a str: \`+\` might not be string concatenation`;
    pieces.push({ atoms: [{ kind: 'placeholder', text: '%s' }], args: [operands[i]!.text], styles: [], copied: [{ start: operands[i]!.startIndex, end: operands[i]!.endIndex }], percent: false });
  }
  return pieces;
}

/** A str for sure, as a piece: a literal (f-strings too), str()/repr()/ascii(), `.format` or `%` on a literal. */
function knownStrPiece(env: MessageEnv, node: Node): Piece | null {
  if (STRINGS.has(node.type)) return stringPiece(env, node);
  if (node.type === 'call') return conversionCall(env, node) ?? formatCall(env, node);
  if (node.type === 'binary_operator' && node.childForFieldName('operator')?.type === '%') {
    const p = percentMessage(env, node);
    return typeof p === 'string' ? null : p;
  }
  return null;
}
