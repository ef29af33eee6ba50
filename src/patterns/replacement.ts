// A replacement template (`$X.assertEqual($$$ARGS)`), compiled once, then filled in at each match.
//
// Captured code is copied as written, with three adjustments that keep its meaning and the file's layout:
// - re-indentation: a template's lines and a multi-line capture's lines are moved to the block the
//   match sits in, in the file's own indentation (tabs or spaces), never touching a line that starts
//   inside a string literal (that would change the string);
// - parentheses where precedence needs them (`$A * 2` with `a + b` gives `(a + b) * 2`), for each capture
//   in its slot and for the whole replacement in the place of the match;
// - an empty `$$$A` takes a comma of the template with it (`f($$$A, x)` -> `f(x)`), or its whole line;
//   a `$$$A` filling a whole bracket pair keeps the source's layout inside it (line breaks, a trailing comma).
import type { Node } from 'web-tree-sitter';
import type { PythonParser } from '../core/parser.js';
import { indentationAt, lineStartOf } from '../core/text.js';
import { MetavariableSyntaxError, spell, substituteMetavariables, type Metavariable } from './metavariables.js';
import type { Capture, Match } from './match.js';
import { dottedName, isReference, PatternError } from './pattern.js';
import { BUILTINS } from './qualified.js';
import { needsParentheses, precedenceOf, requiredPrecedence } from './precedence.js';
import { LineIndex } from '../core/text.js';

interface Slot {
  /** Offsets in the template text. */
  start: number;
  end: number;
  variable: Metavariable;
  /** The template node the capture replaces, and its parent, for precedence (absent when the template does not parse). */
  context?: { required: number };
  /** The indentation of the template line the slot is on. */
  lineIndent: string;
  /** Nothing else on the slot's template line: an empty run removes the line. */
  aloneOnLine: boolean;
  /** The template's comma after (else before) the slot, removed with an empty run. */
  comma?: { start: number; end: number };
  /** The slot is all that stands between an opening and a closing bracket. */
  fillsBrackets: boolean;
}

/** A dotted name of the template written as its qualified name (`datetime.timezone.utc`), respelled per file. */
interface NameChain {
  start: number;
  end: number;
  qualified: string;
}

export interface CompiledReplacement {
  text: string;
  slots: Slot[];
  /** With `qualified`: the template's dotted names to spell as each file refers to them (respell.ts). */
  chains: NameChain[];
  /** The first parts of the names that are respelled. */
  respelledRoots: ReadonlySet<string>;
  /** Template lines (0-based) that start inside a string literal: never re-indented. */
  linesInStrings: Set<number>;
  /** The template's indentation step, to translate into the file's. */
  unit: string;
  /** Precedence of the template's top expression; 'slot' when the template is one capture. */
  rootPrecedence: number | 'slot' | undefined;
  /** Several statements, or a compound one: needs a block of its own. */
  statements: boolean;
}

/**
 * Compiles a template; its metavariables must all be captured by the pattern. `respelled`: the first
 * parts of the dotted names to write as each file refers to them (`--qualified`: the modules the pattern
 * names), so `datetime.timezone.utc` becomes `dt.timezone.utc` after `import datetime as dt`.
 */
export function compileReplacement(
  text: string,
  variables: ReadonlyMap<string, Metavariable>,
  parser: PythonParser,
  respelled?: ReadonlySet<string>,
): CompiledReplacement {
  const roots = respelled ?? new Set<string>();
  const normalized = text.replace(/\r\n?/g, '\n');
  const lines = new LineIndex(normalized);
  const fail = (message: string, offset: number): never => {
    const { line, column } = lines.position(offset);
    throw new PatternError(message, offset, line, column);
  };
  let substituted;
  try {
    substituted = substituteMetavariables(normalized);
  } catch (err) {
    if (err instanceof MetavariableSyntaxError) fail(err.message, err.offset);
    throw err;
  }
  for (const o of substituted.occurrences) {
    const v = o.variable;
    if (!v.captures) fail(`\`${spell(v)}\` captures nothing: a rewrite can only use named metavariables`, o.offset);
    const bound = variables.get(v.name!);
    if (!bound) fail(`\`${spell(v)}\` is not in the pattern`, o.offset);
    if (bound!.multi !== v.multi) fail(`\`${spell(v)}\` is \`${spell(bound!)}\` in the pattern`, o.offset);
  }

  const tree = parser.parse(substituted.text);
  try {
    const root = tree.rootNode;
    const parses = !root.hasError;
    const slots: Slot[] = substituted.occurrences.map((o) => {
      const start = o.offset;
      const end = o.offset + o.length;
      const lineStart = lineStartOf(normalized, start);
      const lineEnd = normalized.indexOf('\n', end) === -1 ? normalized.length : normalized.indexOf('\n', end);
      const slot: Slot = {
        start,
        end,
        variable: o.variable,
        lineIndent: indentationAt(normalized, start),
        aloneOnLine: normalized.slice(lineStart, start).trim() === '' && normalized.slice(end, lineEnd).trim() === '',
        fillsBrackets: false,
      };
      if (!parses) return slot;
      let node = root.descendantForIndex(start, end);
      if (!node) return slot;
      while (node.parent && node.parent.type !== 'module' && node.parent.type !== 'block' && node.parent.startIndex === start && node.parent.endIndex === end)
        node = node.parent;
      const parent = node.parent;
      if (parent && parent.type !== 'module' && parent.type !== 'block') slot.context = { required: requiredPrecedence(parent, node) };
      const before = node.previousSibling;
      const after = node.nextSibling;
      if (after?.type === ',') slot.comma = { start: after.startIndex, end: after.endIndex };
      else if (before?.type === ',') slot.comma = { start: before.startIndex, end: before.endIndex };
      slot.fillsBrackets = !!before && !!after && OPENERS.has(before.type) && CLOSERS.get(before.type) === after.type;
      return slot;
    });

    const linesInStrings = new Set<number>();
    if (parses)
      for (const s of root.descendantsOfType('string'))
        if (s) for (let row = s.startPosition.row + 1; row <= s.endPosition.row; row++) linesInStrings.add(row);

    let rootPrecedence: CompiledReplacement['rootPrecedence'];
    let statements = false;
    if (parses) {
      const top = root.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
      statements = top.length > 1 || (top.length === 1 && top[0]!.childForFieldName('body') !== null) || top.some((t) => t.type.endsWith('_definition') || t.type === 'decorated_definition');
      if (top.length === 1 && top[0]!.type === 'expression_statement' && top[0]!.namedChildCount === 1) {
        const expr = top[0]!.namedChild(0)!;
        rootPrecedence = slots.some((s) => s.start === expr.startIndex && s.end === expr.endIndex) ? 'slot' : precedenceOf(expr);
      }
    }
    const chains: NameChain[] = [];
    // (--qualified only: without it, the template's names are written as they are.)
    if (parses && respelled) {
      const walk = (node: Node) => {
        if ((node.type === 'identifier' || node.type === 'attribute') && isReference(node, node.parent)) {
          const name = dottedName(node);
          // A builtin the template names (`str`) must be the builtin at the match too: checked as a name to respell.
          if (name && (roots.has(name.split('.')[0]!) || (node.type === 'identifier' && BUILTINS.has(name)))) {
            chains.push({ start: node.startIndex, end: node.endIndex, qualified: name });
            return;
          }
        }
        for (const c of node.namedChildren) if (c) walk(c);
      };
      walk(root);
    }
    return { text: normalized, slots, chains, respelledRoots: roots, linesInStrings, unit: templateUnit(normalized, linesInStrings), rootPrecedence, statements };
  } finally {
    tree.delete();
  }
}

const OPENERS = new Set(['(', '[', '{']);
const CLOSERS = new Map([
  ['(', ')'],
  ['[', ']'],
  ['{', '}'],
]);

/** The smallest indentation of an indented template line: the template's step. */
function templateUnit(text: string, linesInStrings: Set<number>): string {
  let unit: string | undefined;
  text.split('\n').forEach((line, row) => {
    if (row === 0 || linesInStrings.has(row) || line.trim() === '') return;
    const indent = /^[ \t]*/.exec(line)![0];
    if (indent && (!unit || width(indent) < width(unit))) unit = indent.startsWith('\t') ? '\t' : indent;
  });
  return unit ?? '    ';
}

const width = (ws: string) => [...ws].reduce((n, c) => n + (c === '\t' ? 8 : 1), 0);

export interface FillContext {
  source: string;
  /** The source's syntax tree, to tell lines inside string literals. */
  root: Node;
  indentUnit: string;
  lineEnding: string;
  /** How this file refers to a qualified name at the match (`--qualified`), or why it cannot. */
  respell?: (qualified: string, at: Node) => { text: string } | { refused: string };
}

export type Filled =
  | { ok: true; text: string; /** Source ranges copied into the replacement (for the lost-comment check). */ kept: { start: number; end: number }[] }
  | { ok: false; reason: string };

/** The replacement text for one match. */
export function fillReplacement(r: CompiledReplacement, match: Match, ctx: FillContext): Filled {
  const base = indentationAt(ctx.source, match.node.startIndex);
  const nl = ctx.lineEnding;
  const kept: { start: number; end: number }[] = [];
  /** Template indentation in the file's terms, at the match's depth. */
  const indent = (templateIndent: string) => base + translateIndent(templateIndent, r.unit, ctx.indentUnit);

  // Parts of the template an empty run removes (its comma, or its whole line).
  const removed: { start: number; end: number }[] = [];
  const captures = r.slots.map((slot) => match.captures.get(slot.variable.name!)!);
  r.slots.forEach((slot, i) => {
    const c = captures[i]!;
    if (!c.nodes || c.nodes.length > 0) return;
    if (slot.aloneOnLine) {
      const lineStart = lineStartOf(r.text, slot.start);
      const next = r.text.indexOf('\n', slot.end);
      removed.push(lineStart > 0 && next === -1 ? { start: lineStart - 1, end: r.text.length } : { start: lineStart, end: next === -1 ? r.text.length : next + 1 });
    } else if (slot.comma) {
      // `f($$$A, x)`: drop `$$$A, ` (the blanks after the comma too); `f(x, $$$A)`: drop `, $$$A`.
      if (slot.comma.start >= slot.end) {
        let end = slot.comma.end;
        while (r.text[end] === ' ') end++;
        removed.push({ start: slot.start, end });
      } else removed.push({ start: slot.comma.start, end: slot.end });
    }
  });

  // Qualified names of the template, in this file's spelling.
  const spelled = new Map<number, { end: number; text: string }>();
  for (const chain of r.chains) {
    const s = ctx.respell?.(chain.qualified, match.node) ?? { text: r.text.slice(chain.start, chain.end) };
    if ('refused' in s) return { ok: false, reason: s.refused };
    spelled.set(chain.start, { end: chain.end, text: s.text });
  }
  const templateLines = new LineIndex(r.text);
  let out = '';
  let at = 0;
  const emitTemplate = (from: number, to: number) => {
    // Literal template text: each line break becomes the file's, followed by the line's indentation.
    for (let i = from; i < to; i++) {
      if (removed.some((x) => i >= x.start && i < x.end)) continue;
      const name = spelled.get(i);
      if (name) {
        out += name.text;
        i = name.end - 1;
        continue;
      }
      const ch = r.text[i]!;
      if (ch !== '\n') {
        out += ch;
        continue;
      }
      out += nl;
      if (r.linesInStrings.has(templateLines.lineOf(i + 1))) continue;
      let j = i + 1;
      while (j < to && (r.text[j] === ' ' || r.text[j] === '\t')) j++;
      // A blank line gets no indentation (no trailing whitespace).
      if (j < r.text.length && r.text[j] !== '\n') out += indent(r.text.slice(i + 1, j));
      i = j - 1;
    }
  };
  for (let s = 0; s < r.slots.length; s++) {
    const slot = r.slots[s]!;
    emitTemplate(at, slot.start);
    at = slot.end;
    if (removed.some((x) => slot.start >= x.start && slot.start < x.end)) continue;
    const capture = captures[s]!;
    const range = sourceRange(capture, slot.fillsBrackets);
    if (!range) continue;
    kept.push(range);
    let text = reindent(ctx, range, indent(slot.lineIndent));
    const single = capture.node ?? (capture.nodes.length === 1 ? capture.nodes[0] : undefined);
    if (single && slot.context && precedenceOf(single) < slot.context.required) text = `(${text})`;
    out += text;
  }
  emitTemplate(at, r.text.length);

  // The whole replacement in the place of the match: `x * MATCH` with a `+` replacement needs parentheses.
  const parent = match.node.parent;
  if (parent && r.rootPrecedence !== undefined) {
    const own =
      r.rootPrecedence === 'slot'
        ? (() => {
            const c = captures[0];
            const n = c?.node ?? c?.nodes?.[0];
            return n ? precedenceOf(n) : Infinity;
          })()
        : r.rootPrecedence;
    if (own < requiredPrecedence(parent, match.node)) out = `(${out})`;
  }
  // Lines of statements cannot go where the match shares a line with its block's header (`if x: MATCH`).
  if (/[\r\n]/.test(out) && r.rootPrecedence === undefined && inOneLineBody(match.node))
    return { ok: false, reason: 'the replacement spans several lines, but the match is in a one-line body (`if x: ...`); put the body on its own line first' };
  return { ok: true, text: out, kept };
}

/** True when the statement holding `node` is in a block written on its header's line. */
function inOneLineBody(node: Node): boolean {
  let stmt: Node | null = node;
  while (stmt?.parent && stmt.parent.type !== 'block' && stmt.parent.type !== 'module') stmt = stmt.parent;
  const block = stmt?.parent;
  if (!block || block.type !== 'block') return false;
  const colon = block.previousSibling;
  return !!colon && colon.endPosition.row === block.startPosition.row;
}

/** The source text a capture copies; a run filling a whole bracket pair keeps what lies around it inside. */
function sourceRange(c: Capture, fillsBrackets: boolean): { start: number; end: number } | undefined {
  if (c.node) return { start: c.node.startIndex, end: c.node.endIndex };
  const nodes = c.nodes;
  if (nodes.length === 0) return undefined;
  let start = nodes[0]!.startIndex;
  let end = nodes[nodes.length - 1]!.endIndex;
  if (fillsBrackets) {
    const parent = nodes[0]!.parent;
    const first = parent?.child(0);
    const last = parent?.child(parent.childCount - 1);
    if (parent && first && last && OPENERS.has(first.type) && CLOSERS.get(first.type) === last.type) {
      // Only when the run is the whole list: nothing but separators and comments besides it.
      const others = parent.children.filter(
        (ch) => ch && ch.id !== first.id && ch.id !== last.id && ch.type !== ',' && ch.type !== 'comment' && !nodes.some((n) => n.id === ch.id),
      );
      if (others.length === 0) {
        start = first.endIndex;
        end = last.startIndex;
      }
    }
  }
  return { start, end };
}

/**
 * A capture's text moved to a line indented `target`: its continuation lines keep their indentation
 * relative to the capture's first line. Lines starting inside a string literal are never touched.
 */
function reindent(ctx: FillContext, range: { start: number; end: number }, target: string): string {
  const text = ctx.source.slice(range.start, range.end);
  if (!/[\r\n]/.test(text)) return text;
  const own = indentationAt(ctx.source, range.start);
  if (own === target) return text;
  let out = '';
  const re = /\r\n|\n|\r/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const lineStart = m.index + m[0].length;
    out += text.slice(last, lineStart);
    last = lineStart;
    const abs = range.start + lineStart;
    if (insideString(ctx.root, abs)) continue;
    if (text.startsWith(own, lineStart) && text.slice(lineStart).trim() !== '') {
      out += target;
      last = lineStart + own.length;
    }
  }
  return out + text.slice(last);
}

/** True when `offset` lies inside a string literal (after its opening quote). */
function insideString(root: Node, offset: number): boolean {
  for (let n: Node | null = root.descendantForIndex(offset, offset); n; n = n.parent) {
    if (n.type === 'string' && n.startIndex < offset && offset < n.endIndex) return true;
  }
  return false;
}

/** A template indentation (`        `, two steps of four) in the file's unit (two tabs). */
export function translateIndent(templateIndent: string, templateUnit: string, fileUnit: string): string {
  if (templateIndent === '' || templateUnit === fileUnit) return templateIndent;
  const w = width(templateIndent);
  const step = width(templateUnit);
  const levels = Math.floor(w / step);
  return fileUnit.repeat(levels) + ' '.repeat(w - levels * step);
}
