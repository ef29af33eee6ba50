// Where the guards go in a function body, and the edit that puts them there: after the docstring,
// `global`/`nonlocal` declarations and leading imports, in the body's own indentation. A body on the
// header's line (`def f(x=[]): return x`) is expanded into an indented block.
import type { Node } from 'web-tree-sitter';
import type { Edit } from '../../src/core/types.js';
import type { PythonHelpers } from '../../src/core/python/helpers.js';
import { indentationAt, lineEndOf, lineStartOf } from '../../src/core/text.js';

/** One guard: the parameter name and the original default text. */
export interface Guard {
  name: string;
  value: Node;
}

export type BodyPlan =
  | { kind: 'stub' }
  | { kind: 'insert'; edit(guards: Guard[]): Edit }
  | { kind: 'problem'; reason: string };

// Named nodes the grammar places anywhere that are not statements or tokens of the header.
const EXTRAS = new Set(['comment', 'line_continuation']);
const PRELUDE = new Set(['global_statement', 'nonlocal_statement', 'import_statement', 'import_from_statement', 'future_import_statement']);
// Between two statements on one logical line: blanks, one `;`, backslash continuations.
const SEMICOLON_GAP = /^(?:[ \t\f]|\\(?:\r\n|\n|\r))*;(?:[ \t\f]|\\(?:\r\n|\n|\r))*$/;
const SAME_LINE_GAP = /^(?:[ \t\f]|\\(?:\r\n|\n|\r))*$/;

export function planBody(source: string, func: Node, py: PythonHelpers): BodyPlan {
  const body = func.childForFieldName('body');
  const colon = body && previousToken(func, body);
  if (!body || !colon || colon.type !== ':') return { kind: 'problem', reason: 'could not find the function body' };
  const stmts = body.namedChildren.filter((c): c is Node => !!c && !EXTRAS.has(c.type));
  if (stmts.length === 0) return { kind: 'problem', reason: 'could not find the function body' };
  const doc = py.docstring(body);
  if (isStub(stmts, doc)) return { kind: 'stub' };

  // The prelude: docstring, then `global`/`nonlocal` and imports, which stay first.
  let i = doc && stmts[0]!.id === doc.id ? 1 : 0;
  while (i < stmts.length && PRELUDE.has(stmts[i]!.type)) i++;
  const prelude = stmts.slice(0, i);
  const rest = stmts.slice(i);
  const nl = py.lineEnding;
  const defIndent = indentationAt(source, func.startIndex);

  if (SAME_LINE_GAP.test(source.slice(colon.endIndex, stmts[0]!.startIndex))) {
    // One-line body (`def f(x=[]): return x`, `...: a; b`): rebuild it as a block, one statement a line.
    const indent = defIndent + py.indentUnit;
    const gaps = stmts.slice(1).map((s, k) => source.slice(stmts[k]!.endIndex, s.startIndex));
    if (!gaps.every((g) => SEMICOLON_GAP.test(g))) return { kind: 'problem', reason: 'unusual one-line body layout' };
    const last = stmts[stmts.length - 1]!;
    return {
      kind: 'insert',
      edit: (guards) => {
        const lines = [
          ...prelude.map((s) => indent + s.text),
          ...guardLines(guards, indent, py.indentUnit, source),
          ...rest.map((s) => indent + s.text),
        ];
        return { start: colon.endIndex, end: last.endIndex, text: nl + lines.join(nl) };
      },
    };
  }

  const indent = indentationAt(source, stmts[0]!.startIndex);
  const step = indent.startsWith(defIndent) && indent.length > defIndent.length ? indent.slice(defIndent.length) : py.indentUnit;
  const next = rest[0];
  const anchor = prelude[prelude.length - 1];
  if (anchor && next && SEMICOLON_GAP.test(source.slice(anchor.endIndex, next.startIndex))) {
    // `"""Doc."""; stmt`: the guards go between the two, so the line is split there.
    return {
      kind: 'insert',
      edit: (guards) => ({
        start: anchor.endIndex,
        end: next.startIndex,
        text: nl + guardLines(guards, indent, step, source).join(nl) + nl + indent,
      }),
    };
  }
  if (anchor && next && next.startPosition.row === anchor.endPosition.row) return { kind: 'problem', reason: 'unusual body layout after the docstring' };

  // At the start of the line after the prelude (or after the header and any `# type:` comment).
  let at = lineEndOf(source, anchor ? anchor.endIndex : colon.endIndex);
  if (!anchor) {
    // A `# type: (...) -> ...` comment must stay directly under the header.
    while (/^[ \t\f]*#\s*type:/.test(source.slice(at, lineEndOf(source, at)))) at = lineEndOf(source, at);
  }
  const atEof = at === source.length && !/[\r\n]$/.test(source);
  return {
    kind: 'insert',
    edit: (guards) => {
      const lines = guardLines(guards, indent, step, source);
      // A body that ends the file without a final newline keeps ending without one.
      return { start: at, end: at, text: atEof ? nl + lines.join(nl) : lines.map((l) => l + nl).join('') };
    },
  };
}

/** `if x is None:` / `x = <default>` for each parameter. */
function guardLines(guards: Guard[], indent: string, step: string, source: string): string[] {
  const inner = indent + step;
  return guards.flatMap((g) => {
    const column = g.value.startIndex - lineStartOf(source, g.value.startIndex);
    const text = reindent(g.value, column, g.name, inner, step);
    // Inside the parameter list a line break anywhere is joined; at its new place only one inside
    // brackets is, so a value that breaks outside its own brackets gets a pair of its own.
    const value = breaksOutsideBrackets(g.value) ? `(${text})` : text;
    return [`${indent}if ${g.name} is None:`, `${inner}${g.name} = ${value}`];
  });
}

/**
 * The default's text for its new place (`NAME = <text>` at `indent`): its continuation lines keep
 * their shape relative to each other. The least indented ones go one step in from the guard's
 * assignment, or level with it when they start with the closing bracket (`}` under `x = {`); lines
 * aligned just inside the opening bracket stay aligned with it. Text inside a multi-line string is
 * never touched (then nothing is).
 */
export function reindent(value: Node, column: number, name: string, indent: string, step: string): string {
  const text = value.text;
  if (!/[\r\n]/.test(text)) return text;
  const spansString = value.descendantsOfType(['string', 'concatenated_string']).some((s) => s && /[\r\n]/.test(s.text));
  if (spansString) return text;
  const parts = text.split(/(\r\n|\n|\r)/); // [line0, break, line1, break, line2, ...]
  const continuation = parts.filter((l, k) => k > 0 && k % 2 === 0 && l.trim() !== '');
  if (continuation.length === 0) return text;
  const lead = (l: string) => l.slice(0, l.length - l.trimStart().length);
  let base = lead(continuation[0]!);
  for (const l of continuation) base = commonPrefix(base, lead(l));
  const least = continuation.filter((l) => lead(l) === base);
  let target: string;
  if (/^[([{]/.test(text) && base === ' '.repeat(column + 1)) {
    // Aligned with the opening bracket: stay aligned with it at the new place.
    target = indent + ' '.repeat(name.length + 4);
  } else {
    target = least.every((l) => /^[)\]}]/.test(l.trimStart())) ? indent : indent + step;
  }
  for (let k = 2; k < parts.length; k += 2) {
    const line = parts[k]!;
    // A closing bracket alone at the least indentation closes the value: level with `NAME = `.
    const closer = k === parts.length - 1 && lead(line) === base && /^[)\]}]/.test(line.trimStart());
    parts[k] = line.trim() === '' ? '' : (closer ? indent : target) + line.slice(base.length);
  }
  return parts.join('');
}

/** True when the value's text has a line break outside any bracket of its own (strings and comments aside). */
export function breaksOutsideBrackets(value: Node): boolean {
  const text = value.text;
  if (!/[\r\n]/.test(text)) return false;
  const strings = value.descendantsOfType('string').filter((n): n is Node => !!n);
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const at = value.startIndex + i;
    const str = strings.find((n) => n.startIndex <= at && at < n.endIndex);
    if (str) {
      i = str.endIndex - value.startIndex - 1;
      continue;
    }
    const c = text[i]!;
    if (c === '#') {
      while (i + 1 < text.length && text[i + 1] !== '\n' && text[i + 1] !== '\r') i++;
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if ((c === '\n' || c === '\r') && depth === 0 && text[i - 1] !== '\\') return true;
  }
  return false;
}

function commonPrefix(a: string, b: string): string {
  let k = 0;
  while (k < a.length && k < b.length && a[k] === b[k]) k++;
  return a.slice(0, k);
}

/**
 * Only a docstring and/or `...`/`pass` (or `raise NotImplementedError`): a signature, not an
 * implementation. A body that reads anything is not a stub: `raise NotImplementedError(x)` would carry
 * None instead of the default, and `raise NotImplementedError(f"{locals()}")` reads every parameter.
 */
function isStub(stmts: Node[], doc: Node | null): boolean {
  return stmts.every((s) => {
    if (doc && s.id === doc.id) return true;
    if (s.type === 'pass_statement') return true;
    if (s.type === 'expression_statement' && s.namedChildCount === 1 && s.namedChild(0)!.type === 'ellipsis') return true;
    if (s.type === 'raise_statement') {
      const exc = s.namedChild(0);
      const callee = exc?.type === 'call' ? exc.childForFieldName('function') : exc;
      if (callee?.type !== 'identifier' || callee.text !== 'NotImplementedError') return false;
      // The message and a `from` cause may only be literals: no name other than the exception's own.
      return s.descendantsOfType('identifier').every((id) => id?.id === callee.id);
    }
    return false;
  });
}

function previousToken(parent: Node, child: Node): Node | null {
  let prev: Node | null = null;
  for (const c of parent.children) {
    if (!c) continue;
    if (c.id === child.id) break;
    if (!EXTRAS.has(c.type)) prev = c;
  }
  return prev;
}
