// One print(...) call -> the text of the logger call that prints the same text, or the reason it stays.
import type { Node } from 'web-tree-sitter';
import { INDENT_MARK, encodeFormat, fillIndent, markBreak, plainAtoms, type Atom, type LiteralStyle } from '../../src/core/python/string-format/literal.js';
import { isExtra, literalAtoms, pieceFor, unwrapParens, type Piece, type PieceEnv } from '../../src/core/python/string-format/pieces.js';

export interface RewriteEnv extends PieceEnv {
  /** `sys.stdout` for `sys.stdout` (following imports), undefined for locals. */
  qualifiedName(expr: Node): string | undefined;
  /** The logger method for stdout and for stderr output. */
  stdoutMethod: string;
  stderrMethod: string;
  loggerName: string;
  /** Quote to use when the call has no string literal of its own (a function: finding it costs a walk). */
  defaultQuote(): string;
  indentUnit: string;
  lineLength: number;
}

export type Rewrite = { ok: true; text: string } | { ok: false; reason: string };


const fail = (reason: string): Rewrite => ({ ok: false, reason });

interface CallParts {
  positional: Node[];
  keywords: Map<string, Node>;
  comments: Node[];
}

function splitArguments(args: Node): CallParts | string {
  const parts: CallParts = { positional: [], keywords: new Map(), comments: [] };
  if (args.type === 'generator_expression') {
    parts.positional.push(args);
    return parts;
  }
  for (const c of args.namedChildren) {
    if (!c) continue;
    if (c.type === 'comment') parts.comments.push(c);
    else if (c.type === 'line_continuation') continue;
    else if (c.type === 'dictionary_splat') return '`**kwargs` in the call: the keywords print receives are unknown';
    else if (c.type === 'keyword_argument') {
      const name = c.childForFieldName('name')?.text ?? '';
      const value = c.childForFieldName('value');
      if (!['sep', 'end', 'file', 'flush'].includes(name) || !value || parts.keywords.has(name))
        return `unexpected keyword argument \`${name}\``;
      parts.keywords.set(name, value);
    } else parts.positional.push(c);
  }
  return parts;
}

export function rewritePrint(env: RewriteEnv, call: Node): Rewrite {
  const argsNode = call.childForFieldName('arguments');
  if (!argsNode) return fail('print without an argument list');
  const split = splitArguments(argsNode);
  if (typeof split === 'string') return fail(split);
  const { positional, keywords } = split;

  // Where the text goes decides the level; any other stream is not a log.
  let method = env.stdoutMethod;
  const file = keywords.get('file');
  if (file && file.type !== 'none') {
    const q = env.qualifiedName(file);
    if (q === 'sys.stderr') method = env.stderrMethod;
    else if (q !== 'sys.stdout') return fail('`file=` is not sys.stdout or sys.stderr');
  }
  // A logging handler always ends the record with a newline.
  const end = keywords.get('end');
  if (end && end.type !== 'none') {
    const lit = literalAtoms(env.source, end);
    if (!lit || atomsValue(lit.atoms) !== '\n') return fail('`end=` is not "\\n": the output would change');
  }
  let sep: { atoms: Atom[]; styles: LiteralStyle[]; text: string } = { atoms: plainAtoms(' '), styles: [], text: '' };
  const sepNode = keywords.get('sep');
  if (sepNode && sepNode.type !== 'none') {
    const lit = literalAtoms(env.source, sepNode);
    if (!lit) return fail('`sep=` is not a string literal');
    sep = { atoms: lit.atoms.filter((a) => a.kind !== 'break'), styles: lit.styles, text: sepNode.text };
  }
  // flush= goes away with the call; an expression with effects would no longer run.
  const flush = keywords.get('flush');
  if (flush && !['true', 'false', 'none', 'integer', 'identifier', 'attribute'].includes(flush.type))
    return fail('`flush=` is an expression whose evaluation would be lost');

  const head = `${env.loggerName}.${method}(`;
  if (positional.some((p) => p.type === 'list_splat')) return starredCall(env, call, split, head, sep.text);

  const pieces: Piece[] = [];
  for (const p of positional) {
    const piece = pieceFor(env, p);
    if (typeof piece === 'string') return fail(piece);
    pieces.push(piece);
  }
  const args = pieces.flatMap((p) => p.args);

  // One plain literal and nothing else: keep it exactly as written (quotes, concatenation, comments).
  const only = positional.length === 1 ? unwrapParens(positional[0]!) : undefined;
  let format: string | null = null;
  const copied = pieces.flatMap((p) => p.copied);
  if (only && args.length === 0 && literalAtoms(env.source, only) && !hasFString(only)) {
    format = verbatim(env.source, positional[0]!);
    copied.push({ start: positional[0]!.startIndex, end: positional[0]!.endIndex });
  } else {
    const atoms: Atom[] = [];
    pieces.forEach((p, i) => {
      if (i > 0) atoms.push(...sep.atoms);
      atoms.push(...p.atoms);
    });
    const styles = [...pieces.flatMap((p) => p.styles), ...sep.styles];
    format = encodeFormat(atoms, styles, env.defaultQuote, args.length > 0);
    if (format === null) return fail('the text cannot be written as one literal');
    // Implicit concatenations that spanned lines keep their wrapping, so their comments stay too.
    for (const p of positional) {
      const n = unwrapParens(p);
      if (n.type === 'concatenated_string') copied.push({ start: n.startIndex, end: n.endIndex });
    }
  }
  return layout(env, call, split, head, format, pieces, args, copied);
}

/** A literal as written; a bare implicit concatenation gets its continuation lines re-indented. */
function verbatim(source: string, node: Node): string {
  if (node.type !== 'concatenated_string') return node.text;
  const parts = node.namedChildren.filter((c): c is Node => c?.type === 'string');
  let text = parts[0]!.text;
  for (let i = 1; i < parts.length; i++) text += markBreak(source.slice(parts[i - 1]!.endIndex, parts[i]!.startIndex)) + parts[i]!.text;
  return text;
}

function hasFString(node: Node): boolean {
  const strings = node.type === 'string' ? [node] : node.namedChildren.filter((c) => c?.type === 'string');
  return strings.some((s) => /^[a-zA-Z]*[fF]/.test(s!.namedChild(0)?.text ?? ''));
}

/** The value of atoms known to hold no placeholders (undefined when an escape is not computed). */
function atomsValue(atoms: readonly Atom[]): string | undefined {
  let v = '';
  for (const a of atoms) {
    if (a.kind === 'char') v += a.value;
    else if (a.kind === 'escape') {
      if (a.value === undefined) return undefined;
      v += a.value;
    } else if (a.kind !== 'break') return undefined;
  }
  return v;
}

/** `print(*items)` -> `" ".join(map(str, items))`: the same text for any iterable, empty included. */
function starredCall(env: RewriteEnv, call: Node, split: CallParts, head: string, sepText: string): Rewrite {
  if (!env.isBuiltin('map') || !env.isBuiltin('str')) return fail('`*args` needs the builtins map and str, which are rebound here');
  if (split.comments.length > 0 || hasStrayComments(call, split.positional)) return fail('comments inside the call cannot be kept');
  const sep = sepText || `${env.defaultQuote()} ${env.defaultQuote()}`;
  const [first] = split.positional;
  const joined =
    split.positional.length === 1
      ? `${sep}.join(map(str, ${first!.namedChild(0)!.text}))`
      : `${sep}.join(map(str, [${split.positional.map((p) => p.text).join(', ')}]))`;
  return { ok: true, text: `${head}${joined})` };
}

/** Comments below the argument list that are not inside a copied argument. */
function hasStrayComments(call: Node, kept: readonly Node[]): boolean {
  const args = call.childForFieldName('arguments');
  if (!args) return false;
  return args
    .descendantsOfType('comment')
    .some((c) => c && c.parent?.id !== args.id && !kept.some((k) => c.startIndex >= k.startIndex && c.endIndex <= k.endIndex));
}

/**
 * Writes the call. A call on one line stays on one line. A multi-line call keeps its shape: arguments
 * on the line of the parenthesis stay there; otherwise one argument per line, and comments between
 * arguments move with the argument they follow.
 */
function layout(
  env: RewriteEnv,
  call: Node,
  split: CallParts,
  head: string,
  format: string,
  pieces: Piece[],
  args: string[],
  copied: { start: number; end: number }[],
): Rewrite {
  const argsNode = call.childForFieldName('arguments')!;
  // Comments nested in parts we rebuild (inside a keyword value, around a folded literal) would be lost.
  const stray = argsNode
    .descendantsOfType('comment')
    .filter((c) => c && c.parent?.id !== argsNode.id && !copied.some((r) => c.startIndex >= r.start && c.endIndex <= r.end));
  if (stray.length > 0) return fail('comments inside the call cannot be kept');

  const lineStart = env.source.lastIndexOf('\n', call.startIndex - 1) + 1;
  const base = /^[ \t]*/.exec(env.source.slice(lineStart))![0];
  const multiLine = call.startPosition.row !== call.endPosition.row;

  // Attach each comment to the output line of the argument it follows.
  const slots = new Map<string, string>(); // 'open' | 'format' | arg index -> comment text
  if (split.comments.length > 0) {
    let argIndex = 0;
    const ownerOf = new Map<number, string>();
    const named = argsNode.namedChildren.filter((c): c is Node => !!c);
    let posIndex = 0;
    for (const c of named) {
      if (isExtra(c)) continue;
      if (c.type === 'keyword_argument' || c.type === 'list_splat') {
        ownerOf.set(c.id, 'format');
        continue;
      }
      const piece = pieces[posIndex++]!;
      argIndex += piece.args.length;
      ownerOf.set(c.id, piece.args.length > 0 && !piece.percent ? `arg${argIndex - 1}` : 'format');
    }
    let owner = 'open';
    for (const c of named) {
      if (c.type === 'line_continuation') continue;
      if (c.type !== 'comment') {
        owner = ownerOf.get(c.id) ?? 'format';
        continue;
      }
      if (slots.has(owner)) return fail('comments inside the call cannot be kept');
      slots.set(owner, c.text);
    }
  }

  const open = argsNode.child(0);
  const firstArg = argsNode.namedChildren.find((c) => c && !isExtra(c));
  const hanging = multiLine && !!open && !!firstArg && firstArg.startPosition.row > open.startPosition.row;
  const inline = `${head}${[format, ...args].join(', ')})`;
  const inlineFits = !/[\r\n]/.test(inline) && columnOf(env.source, lineStart, call.startIndex) + inline.length <= env.lineLength;

  if (slots.size === 0 && (!multiLine || (!hanging && (inlineFits || /[\r\n]/.test(inline) || format.includes(INDENT_MARK))))) {
    // Continuation lines of a wrapped literal line up under its first line.
    const col = columnOf(env.source, lineStart, call.startIndex) + head.length;
    const aligned = realign(format, base + ' '.repeat(Math.max(0, col - base.length)));
    return { ok: true, text: `${head}${[aligned, ...args].join(', ')})` };
  }

  const nl = /\r\n/.test(env.source.slice(call.startIndex, call.endIndex)) ? '\r\n' : detectNl(env.source);
  // The author's hanging indent when there was one; else one step deeper than the call's line.
  const firstArgLine = firstArg ? /^[ \t]*/.exec(env.source.slice(env.source.lastIndexOf('\n', firstArg.startIndex - 1) + 1))![0] : '';
  const inner = hanging && firstArgLine.length > base.length && firstArgLine.startsWith(base) ? firstArgLine : base + indentStep(env, call, base);
  const comment = (key: string) => (slots.has(key) ? `  ${slots.get(key)}` : '');
  let text = `${head}${comment('open')}${nl}${inner}${realign(format, inner)},${comment('format')}${nl}`;
  args.forEach((a, i) => {
    text += `${inner}${a},${comment(`arg${i}`)}${nl}`;
  });
  return { ok: true, text: `${text}${base})` };
}

/** The indentation step where the call is: its block's indentation minus that of the block's header. */
function indentStep(env: RewriteEnv, call: Node, base: string): string {
  for (let n = call.parent; n; n = n.parent) {
    if (n.type !== 'block' || !n.parent) continue;
    const header = n.parent.startIndex;
    const outer = /^[ \t]*/.exec(env.source.slice(env.source.lastIndexOf('\n', header - 1) + 1))![0];
    if (base.length > outer.length && base.startsWith(outer)) return base.slice(outer.length);
    break;
  }
  return base.startsWith('\t') ? '\t' : env.indentUnit.startsWith('\t') ? '\t' : '    ';
}

function detectNl(source: string): string {
  const m = /\r\n|\n|\r/.exec(source);
  return m ? m[0] : '\n';
}

/** Display column (code points) of an offset on its line. */
function columnOf(source: string, lineStart: number, offset: number): number {
  return [...source.slice(lineStart, offset)].length;
}

/** Indents the continuation lines of a wrapped literal (the breaks between its parts only). */
function realign(format: string, indent: string): string {
  return fillIndent(format, indent);
}
