// Where a module's code is, apart from its strings and comments, read from the text alone (no parse).
//
// Transforms decide from it whether a file can hold anything for them before the file is parsed
// (`mayApply`): a word found in the code is never part of a docstring or a comment, and brackets are
// counted in the code only. An f-string counts as code where a search asks (`inCode`, `matches`):
// its replacement fields hold expressions, `f"{print(x)}"` included. Offsets are the source's own.
//
// Strings are read the way Python's tokenizer finds their end: a backslash always takes the next
// character (raw strings too), a one-quote string ends at its line's end. An f-string's replacement
// fields may hold strings of the other quote kind (`f"{d['k']}"`); one that reuses its own quote
// (Python 3.12's `f"{d["k"]}"`), an unterminated string, or a field that does not close is not read
// at all: `codeText` then answers undefined and a caller must assume that anything may be in the file.

/** The source with the offsets of its strings and comments ("gaps" in the code). */
export class CodeText {
  /** [start0, end0, start1, end1, ...]: the strings and comments, in order. */
  private readonly gaps: readonly number[];
  /** The indexes of the gaps that are f-strings (or t-strings). */
  private readonly formatted: ReadonlySet<number>;

  constructor(
    readonly source: string,
    gaps: readonly number[],
    formatted: ReadonlySet<number>,
  ) {
    this.gaps = gaps;
    this.formatted = formatted;
  }

  /** The index of the first gap that ends after `offset` (gaps.length / 2 when none does). */
  private gapAfter(offset: number): number {
    let lo = 0;
    let hi = this.gaps.length / 2;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.gaps[2 * mid + 1]! <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** True when the character at `offset` is code or in an f-string (not in another string or a comment). */
  inCode(offset: number): boolean {
    const g = this.gapAfter(offset);
    return g * 2 >= this.gaps.length || this.gaps[2 * g]! > offset || this.formatted.has(g);
  }

  /** True when the character at `offset` is in no string at all, f-strings included, and in no comment. */
  outsideStrings(offset: number): boolean {
    const g = this.gapAfter(offset);
    return g * 2 >= this.gaps.length || this.gaps[2 * g]! > offset;
  }

  /**
   * The matches of `pattern` (a `g` expression) that start in the code, from `from` on and starting before
   * `to`. A copy of `pattern` searches, so the caller's `lastIndex` is never left changed.
   */
  *matches(pattern: RegExp, from = 0, to = this.source.length): Generator<RegExpExecArray> {
    const search = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
    search.lastIndex = from;
    for (let m = search.exec(this.source); m && m.index < to; m = search.exec(this.source)) {
      if (m[0].length === 0) search.lastIndex++;
      if (this.inCode(m.index)) yield m;
    }
  }

  /** True when `pattern` (a `g` expression) matches in the code between `from` and `to`. */
  has(pattern: RegExp, from = 0, to = this.source.length): boolean {
    return !this.matches(pattern, from, to).next().done;
  }

  /** Calls `visit` with each code character's offset and code from `from` on, until it returns a number. */
  private walk(from: number, visit: (c: number, i: number) => number | undefined, interesting: RegExp): number {
    const { source, gaps } = this;
    let g = this.gapAfter(from);
    // The characters `visit` cares about are found by the regular expression engine: most are passed over.
    interesting.lastIndex = from;
    while (interesting.test(source)) {
      const i = interesting.lastIndex - 1;
      while (2 * g < gaps.length && gaps[2 * g + 1]! <= i) g++;
      if (2 * g < gaps.length && i >= gaps[2 * g]!) {
        interesting.lastIndex = gaps[2 * g + 1]!;
        continue;
      }
      const done = visit(source.charCodeAt(i), i);
      if (done !== undefined) return done;
    }
    return source.length;
  }

  /** The offset of the bracket that closes the one at `open`, or the source's length when it never closes. */
  closingBracket(open: number): number {
    return this.bracketEnd(open, false);
  }

  /**
   * Where the first argument in the brackets opened at `open` ends: the `,` after it outside any inner
   * bracket, else the closing bracket (the source's length when it never closes). A lambda's own commas
   * end it early: `lambda a, b: ...` reads as `lambda a`.
   */
  firstArgumentEnd(open: number): number {
    return this.bracketEnd(open, true);
  }

  /** The bracket closing the one at `open` or, with `atComma`, a `,` directly inside it if one comes first. */
  private bracketEnd(open: number, atComma: boolean): number {
    let depth = 0;
    return this.walk(
      open,
      (c, i) => {
        if (c === 40 || c === 91 || c === 123) depth++; // ( [ {
        else if ((c === 41 || c === 93 || c === 125) && --depth === 0) return i; // ) ] }
        else if (c === 44 && depth === 1) return i; // , (only atComma's pattern finds it)
        return undefined;
      },
      atComma ? BRACKET_OR_COMMA : BRACKET,
    );
  }

  /**
   * Where the simple statement holding `from` ends: the line break or `;` outside brackets (a backslash
   * continuation goes on), a bracket closing one opened before `from`, or the end of the source.
   */
  statementEnd(from: number): number {
    const { source } = this;
    let depth = 0;
    // A line break ends the statement unless a backslash continues the line (`\` then `\n`, `\r` or `\r\n`).
    const continued = (at: number) => source[at] === '\\' && this.inCode(at);
    return this.walk(from, (c, i) => {
      if (c === 40 || c === 91 || c === 123) depth++;
      else if (c === 41 || c === 93 || c === 125) {
        if (depth === 0) return i;
        depth--;
      } else if (depth === 0) {
        if (c === 59) return i; // ;
        if (c === 10 && source[i - 1] === '\r') return continued(i - 2) ? undefined : i;
        if ((c === 10 || c === 13) && !continued(i - 1)) return i;
      }
      return undefined;
    }, STATEMENT_CHAR);
  }

  /**
   * Where the next statement starts at or after `from`: past blanks, line breaks and comments, but not past
   * a string (a docstring, `"s"; x = 1`), which is a statement too. The source's length if none.
   */
  nextStatementStart(from: number): number {
    const { source, gaps } = this;
    for (let at = from; ; ) {
      NOT_BLANK.lastIndex = at;
      if (!NOT_BLANK.test(source)) return source.length;
      const i = NOT_BLANK.lastIndex - 1;
      const g = this.gapAfter(i);
      const inGap = 2 * g < gaps.length && gaps[2 * g]! <= i;
      if (!inGap || source[i] !== '#') return i;
      at = gaps[2 * g + 1]!;
    }
  }

  /** The last code character before `to` that is not a blank or a line break, or -1. */
  lastCodeBefore(to: number): number {
    for (let i = to - 1; i >= 0; i--) {
      const c = this.source.charCodeAt(i);
      if (c === 32 || c === 9 || c === 12 || c === 10 || c === 13) continue;
      // A backslash that continues the line is no token.
      if (c === 92 && (this.source[i + 1] === '\n' || this.source[i + 1] === '\r')) continue;
      const g = this.gapAfter(i);
      if (2 * g >= this.gaps.length || this.gaps[2 * g]! > i) return i;
      i = this.gaps[2 * g]!; // the gap's start: the loop goes on before it
    }
    return -1;
  }

  /**
   * The simple statements and compound statements' header lines, in order: where each starts and ends
   * (statementEnd), and whether a `;` ended the one before (then it shares that one's line).
   */
  *statements(): Generator<{ start: number; end: number; afterSemicolon: boolean }> {
    for (let at = 0, semicolon = false; ; ) {
      const start = this.nextStatementStart(at);
      if (start >= this.source.length) return;
      const end = this.statementEnd(start);
      // After a `;` on the same line (a `;` ending a line starts nothing there).
      yield { start, end, afterSemicolon: semicolon && !/[\r\n]/.test(this.source.slice(at, start)) };
      semicolon = this.source[end] === ';';
      at = end + 1;
    }
  }

  /**
   * Where a lambda's parameters end, from just after its keyword: the `:` outside the brackets opened
   * there that is not a nested lambda's (nor a walrus); the source's length when there is none.
   */
  lambdaParametersEnd(from: number): number {
    let depth = 0;
    let open = 1; // lambdas whose `:` is still to come
    return this.walk(
      from,
      (c, i) => {
        if (c === 40 || c === 91 || c === 123) depth++;
        else if (c === 41 || c === 93 || c === 125) depth--;
        else if (depth === 0 && c === 97) open++; // the `a` ending a nested `lambda`
        else if (depth === 0 && c === 58 && this.source[i + 1] !== '=' && --open === 0) return i;
        return undefined;
      },
      LAMBDA_CHAR,
    );
  }

  /** The code between `from` and `to`, its strings and comments blanked (for a short stretch). */
  slice(from: number, to: number): string {
    let out = '';
    let at = from;
    for (let g = this.gapAfter(from); 2 * g < this.gaps.length && this.gaps[2 * g]! < to; g++) {
      const start = Math.max(from, this.gaps[2 * g]!);
      const end = Math.min(to, this.gaps[2 * g + 1]!);
      out += this.source.slice(at, start) + this.source.slice(start, end).replace(/[^\r\n]/g, ' ');
      at = end;
    }
    return at < to ? out + this.source.slice(at, to) : out;
  }
}

// What walk() and nextStatementStart() stop at: brackets; what can end a statement; anything but a blank.
const BRACKET = /[()[\]{}]/g;
const BRACKET_OR_COMMA = /[()[\]{},]/g;
const STATEMENT_CHAR = /[()[\]{};\r\n]/g;
const NOT_BLANK = /[^ \t\f\r\n]/g;
const LAMBDA_CHAR = /[()[\]{}:]|(?<=\blambd)a\b/g;

let lastSource: string | undefined;
let lastCode: CodeText | undefined;

/** Where `source`'s code is, or undefined when it cannot be read simply (see above). */
export function codeText(source: string): CodeText | undefined {
  // The transforms of one run ask in turn about the same file: one scan serves them all.
  if (source === lastSource) return lastCode;
  lastSource = source;
  const formatted = new Set<number>();
  const gaps = scan(source, formatted);
  lastCode = gaps && new CodeText(source, gaps, formatted);
  return lastCode;
}

const INTERESTING = /["'#]/g;
const COMMENT = /[^\r\n]*/y;
// The rest of a string after its opening quote(s), closing quote(s) included.
const REST: Record<string, RegExp> = {
  "'": /(?:[^'\\\r\n]|\\[\s\S])*'/y,
  '"': /(?:[^"\\\r\n]|\\[\s\S])*"/y,
  "'''": /(?:[^'\\]|\\[\s\S]|'(?!''))*'''/y,
  '"""': /(?:[^"\\]|\\[\s\S]|"(?!""))*"""/y,
};

const isPrefixLetter = (c: number) => /* rRbBuUfFtT */ c === 114 || c === 82 || c === 98 || c === 66 || c === 117 || c === 85 || c === 102 || c === 70 || c === 116 || c === 84;
const isWordChar = (c: number) => c >= 128 || c === 95 || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** The gaps (strings with their prefixes, comments) of `s`, or undefined when a string cannot be read. */
function scan(s: string, formattedGaps: Set<number>): number[] | undefined {
  const gaps: number[] = [];
  INTERESTING.lastIndex = 0;
  while (INTERESTING.test(s)) {
    const at = INTERESTING.lastIndex - 1;
    let end: number;
    let start = at;
    if (s.charCodeAt(at) === 35) {
      COMMENT.lastIndex = at;
      COMMENT.test(s);
      end = COMMENT.lastIndex;
    } else {
      // Up to two prefix letters right before the quote, not the end of a longer name (`if"x"` has none).
      while (start > at - 2 && start > 0 && isPrefixLetter(s.charCodeAt(start - 1))) start--;
      if (start > 0 && isWordChar(s.charCodeAt(start - 1))) start = at;
      let formatted = false;
      for (let i = start; i < at; i++) formatted ||= /[fFtT]/.test(s[i]!);
      const q = s[at]!;
      const triple = s[at + 1] === q && s[at + 2] === q;
      if (formatted) {
        const found = formattedStringEnd(s, at, q, triple);
        if (found === undefined) return undefined;
        end = found;
        formattedGaps.add(gaps.length / 2);
      } else {
        const rest = REST[triple ? q + q + q : q]!;
        rest.lastIndex = at + (triple ? 3 : 1);
        if (!rest.test(s)) return undefined;
        end = rest.lastIndex;
      }
    }
    gaps.push(start, end);
    INTERESTING.lastIndex = end;
  }
  return gaps;
}

/** The offset just past the f-string (or t-string) whose opening quote is at `at`, or undefined (see the module comment). */
function formattedStringEnd(s: string, at: number, q: string, triple: boolean): number | undefined {
  let i = at + (triple ? 3 : 1);
  // How deep inside replacement fields `i` is.
  let depth = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (!triple && (c === '\n' || c === '\r')) return undefined;
    if (c === q) {
      if (depth > 0) return undefined;
      if (!triple) return i + 1;
      if (s[i + 1] === q && s[i + 2] === q) return i + 3;
      i++;
    } else if (c === '{') {
      if (depth === 0 && s[i + 1] === '{') i += 2;
      else {
        depth++;
        i++;
      }
    } else if (c === '}') {
      if (depth === 0) i += s[i + 1] === '}' ? 2 : 1;
      else {
        depth--;
        i++;
      }
    } else if (depth > 0 && (c === '"' || c === "'")) {
      // A string inside a replacement field, of the other quote kind: skipped whole, on its own line.
      let j = i + 1;
      while (j < s.length && s[j] !== c && s[j] !== q && s[j] !== '\n' && s[j] !== '\r') j += s[j] === '\\' ? 2 : 1;
      if (s[j] !== c) return undefined;
      i = j + 1;
    } else i++;
  }
  return undefined;
}

/** Code with every bracketed part removed, innermost first: what is left is outside all brackets. */
export function outsideBrackets(code: string): string {
  let text = code;
  for (let previous = ''; previous !== text; ) {
    previous = text;
    text = text.replace(/\([^()[\]{}]*\)|\[[^()[\]{}]*\]|\{[^()[\]{}]*\}/g, '');
  }
  return text;
}

/** True when a match of `pattern` (a `g` expression) lies in the code, or when the text cannot be read simply. */
export function codeMatches(source: string, pattern: RegExp): boolean {
  const code = codeText(source);
  return code === undefined || code.has(pattern);
}
