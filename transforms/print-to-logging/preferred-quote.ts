// The quote most of a file's one-line string literals use (double on a tie, as formatters prefer), for a
// logger call that has no literal of its own to take the quote from.
//
// Counted from the text in one scan: walking the whole tree for its `string_start` nodes cost about a fifth
// of print-to-logging's time. Where the text is not plain enough to be certain (an f-string field holding a
// quote, a backslash or a comment; letters before a quote that are no string prefix), the tree is walked as
// before, so the answer is always the tree's.
import type { Node } from 'web-tree-sitter';

export function preferredQuote(source: string, root: Node): string {
  const counts = quoteCountsFromText(source) ?? quoteCountsFromTree(source, root);
  return counts.single > counts.double ? "'" : '"';
}

export interface QuoteCounts {
  /** One-line string literals opened with `'`, and with `"` (triple-quoted ones are not counted). */
  single: number;
  double: number;
}

/** What the tree says: every `string_start`, its prefix letters, then one quote or three. */
export function quoteCountsFromTree(source: string, root: Node): QuoteCounts {
  const counts = { single: 0, double: 0 };
  for (const s of root.descendantsOfType('string_start')) {
    if (!s) continue;
    // Read from the source at the node's start (no `.text`, which asks the tree for the node's end).
    let i = s.startIndex;
    while (isLetter(source.charCodeAt(i))) i++;
    const q = source[i];
    if (q !== "'" && q !== '"') continue;
    if (source[i + 1] === q && source[i + 2] === q) continue;
    if (q === "'") counts.single++;
    else counts.double++;
  }
  return counts;
}

const STRING_PREFIXES = new Set(['', 'r', 'u', 'b', 'br', 'rb', 'f', 'fr', 'rf', 't', 'tr', 'rt']);
const QUOTE_OR_COMMENT = /['"#]/g;
const SQUOTE = 39;
const DQUOTE = 34;
const BACKSLASH = 92;
const LF = 10;
const CR = 13;
const LBRACE = 123;
const RBRACE = 125;

const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
/** Could continue an identifier: then the letters before a quote are not a string prefix. */
const isNameChar = (c: number) => isLetter(c) || (c >= 48 && c <= 57) || c === 95 || c >= 128;

/**
 * The counts from a scan of a source that parses: comments are skipped, each string literal is read to its
 * end. Undefined when the text is not plain enough to be sure.
 */
export function quoteCountsFromText(source: string): QuoteCounts | undefined {
  const counts = { single: 0, double: 0 };
  const re = new RegExp(QUOTE_OR_COMMENT);
  let at = 0;
  for (;;) {
    re.lastIndex = at;
    const m = re.exec(source);
    if (!m) return counts;
    const p = m.index;
    const q = source.charCodeAt(p);
    if (q !== SQUOTE && q !== DQUOTE) {
      // A comment, to the end of its line.
      at = lineBreakFrom(source, p);
      continue;
    }
    let k = p;
    while (k > 0 && isLetter(source.charCodeAt(k - 1))) k--;
    const prefix = source.slice(k, p).toLowerCase();
    if (!STRING_PREFIXES.has(prefix) || (k > 0 && isNameChar(source.charCodeAt(k - 1)))) return undefined;
    const triple = source.charCodeAt(p + 1) === q && source.charCodeAt(p + 2) === q;
    if (!triple) {
      if (q === SQUOTE) counts.single++;
      else counts.double++;
    }
    const end = stringEnd(source, p + (triple ? 3 : 1), q, triple, prefix.includes('f') || prefix.includes('t'));
    if (end === undefined) return undefined;
    at = end;
  }
}

function lineBreakFrom(source: string, from: number): number {
  for (let i = from; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === LF || c === CR) return i;
  }
  return source.length;
}

/** Just past the string whose body starts at `from`; undefined where unsure. */
function stringEnd(source: string, from: number, q: number, triple: boolean, formatted: boolean): number | undefined {
  const n = source.length;
  let depth = 0; // inside an f-string's replacement field (and its nested braces)
  for (let i = from; i < n; i++) {
    const c = source.charCodeAt(i);
    if (depth > 0) {
      // Field expressions may hold strings, comments, escapes: left to the tree.
      if (c === SQUOTE || c === DQUOTE || c === BACKSLASH || c === 35 || c === LF || c === CR) return undefined;
      if (c === LBRACE) depth++;
      else if (c === RBRACE) depth--;
      continue;
    }
    if (c === BACKSLASH) {
      // `\{` in an f-string: the backslash is literal and the brace may open a field (Python 3.12).
      if (formatted && source.charCodeAt(i + 1) === LBRACE) return undefined;
      i++; // the escaped character never ends the string
      continue;
    }
    if (c === q) {
      if (!triple) return i + 1;
      if (source.charCodeAt(i + 1) === q && source.charCodeAt(i + 2) === q) return i + 3;
      continue;
    }
    if (!triple && (c === LF || c === CR)) return undefined;
    if (formatted && c === LBRACE) {
      if (source.charCodeAt(i + 1) === LBRACE) i++;
      else depth = 1;
    }
  }
  return undefined;
}
