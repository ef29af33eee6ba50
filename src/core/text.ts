// Text facts about a source file: line starts, line endings, indentation. All offsets are UTF-16 units.

/**
 * Binary search: the last index in [0, length) where `holds` is true, for a predicate that is true up to
 * some index and false after it (a sorted list's "starts at or before x"); -1 when it holds nowhere.
 */
export function lastIndexWhere(length: number, holds: (index: number) => boolean): number {
  let lo = 0;
  let hi = length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (holds(mid)) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(private readonly text: string) {
    if (!text.includes('\r')) {
      // The common case: native searches for '\n' instead of a loop over every character.
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
      return;
    }
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
      else if (text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) !== 10) this.starts.push(i + 1);
    }
  }

  /** 0-based line of an offset. */
  lineOf(offset: number): number {
    const starts = this.starts;
    return Math.max(0, lastIndexWhere(starts.length, (i) => starts[i]! <= offset));
  }

  lineStart(line: number): number {
    return this.starts[line] ?? this.text.length;
  }

  /** 1-based line and 1-based column counted in code points, as editors show them. */
  position(offset: number): { line: number; column: number } {
    const line = this.lineOf(offset);
    const column = [...this.text.slice(this.starts[line], offset)].length;
    return { line: line + 1, column: column + 1 };
  }
}

/** The file's dominant line ending ('\n' when there is none). */
export function detectLineEnding(text: string): '\n' | '\r\n' | '\r' {
  let crlf = 0;
  let lf = 0;
  let cr = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) {
        crlf++;
        i++;
      } else cr++;
    } else if (c === 10) lf++;
  }
  if (crlf > lf && crlf >= cr) return '\r\n';
  if (cr > lf && cr > crlf) return '\r';
  return '\n';
}

/** Offset of the start of the line holding `offset`. */
export function lineStartOf(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

/** Offset just past the end of the line holding `offset`, including its line break. */
export function lineEndOf(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  if (text[i] === '\r' && text[i + 1] === '\n') return i + 2;
  if (i < text.length) return i + 1;
  return i;
}

/** The whitespace (spaces, tabs, form feeds) at the start of the line holding `offset`. */
export function indentationAt(text: string, offset: number): string {
  const start = lineStartOf(text, offset);
  let i = start;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\f')) i++;
  // A form feed resets Python's indentation count: it is not part of the indent to copy.
  return text.slice(start, i).replace(/^.*\f/, '');
}

/** The file's indentation unit: the first indented line's step (default four spaces). */
export function detectIndentUnit(text: string): string {
  // The first block opened by a statement at column 0: its body's indentation is one step.
  const m = /^(?:[^\s#][^\r\n]*:[ \t]*(?:#[^\r\n]*)?\r?\n)(?:[ \t]*(?:#[^\r\n]*)?\r?\n)*([ \t]+)\S/m.exec(text);
  return m?.[1] ?? '    ';
}

/**
 * A copy of `s` that shares no memory with the text it was cut from. V8 lets a slice, or a concatenation
 * holding one, point into its whole parent string: a per-thread cache keyed by a name cut from a file
 * would keep that file's entire source alive. Slicing a concatenation flattens it into a new string first.
 */
export function detached(s: string): string {
  return ` ${s}`.slice(1);
}
