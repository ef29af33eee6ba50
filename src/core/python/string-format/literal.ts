// String literals as sequences of "atoms", so text from several literals (plain, raw, triple-quoted,
// implicitly concatenated, f-string parts) and from `sep` can be folded into one new format string.
// Escapes are kept as the author wrote them wherever the new literal allows it; plain characters are
// re-encoded by value. Nothing here evaluates `\N{...}` names except PERCENT SIGN, which matters for `%`.
import type { Node } from 'web-tree-sitter';

/** How a literal is written: its prefix kind and its quotes. */
export interface LiteralStyle {
  raw: boolean;
  /** `"`, `'`, `"""` or `'''`. */
  quote: string;
}

export type Atom =
  /** One character of text; `src` is how it is written in a raw source (or the newline as written). */
  | { kind: 'char'; value: string; src: string; fromRaw: boolean }
  /** A backslash escape from a non-raw literal, kept as written; value undefined when not computed. */
  | { kind: 'escape'; src: string; value: string | undefined }
  /** A %-directive (or `%%`) from a `"..." % args` format: copied, never escaped. */
  | { kind: 'directive'; src: string }
  /** A placeholder we generate (`%s`, `%.2f`). */
  | { kind: 'placeholder'; text: string }
  /** The whitespace/comments between two parts of an implicit concatenation that spans lines. */
  | { kind: 'break'; src: string };

export interface StringParts {
  style: LiteralStyle;
  isF: boolean;
  isBytes: boolean;
  /** Alternating literal text and interpolation nodes, in order. */
  parts: ({ kind: 'text'; atoms: Atom[] } | { kind: 'interpolation'; node: Node })[];
}

export function styleOf(stringNode: Node): { prefix: string; style: LiteralStyle } | null {
  const start = stringNode.namedChildren.find((c) => c?.type === 'string_start');
  if (!start) return null;
  const m = /^([a-zA-Z]*)("""|'''|"|')$/.exec(start.text);
  if (!m) return null;
  const prefix = m[1]!.toLowerCase();
  return { prefix, style: { raw: prefix.includes('r'), quote: m[2]! } };
}

/** Splits one `string` node into literal text atoms and interpolations; null for shapes we do not know. */
export function stringParts(source: string, node: Node): StringParts | null {
  const info = styleOf(node);
  if (!info) return null;
  const isF = info.prefix.includes('f');
  const isBytes = info.prefix.includes('b');
  if (/[^rufb]/.test(info.prefix)) return null; // t-strings and anything newer: not ours
  const start = node.namedChildren.find((c) => c?.type === 'string_start')!;
  if (!node.namedChildren.some((c) => c?.type === 'string_end')) return null;
  const parts: StringParts['parts'] = [];
  let at = start.endIndex;
  const pushText = (to: number) => {
    if (to > at) parts.push({ kind: 'text', atoms: lexText(source.slice(at, to), info.style.raw, isF, isBytes) });
  };
  for (const child of node.namedChildren) {
    if (child?.type !== 'interpolation') continue;
    pushText(child.startIndex);
    parts.push({ kind: 'interpolation', node: child });
    at = child.endIndex;
  }
  // Not end.startIndex: for a raw string ending in backslashes (r'\\') the grammar puts them in string_end.
  pushText(node.endIndex - info.style.quote.length);
  return { style: info.style, isF, isBytes, parts };
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
};

/** Python's literal-text rules for one stretch of a literal body. */
export function lexText(text: string, raw: boolean, isF: boolean, isBytes: boolean): Atom[] {
  const atoms: Atom[] = [];
  const char = (value: string, src = value) => atoms.push({ kind: 'char', value, src, fromRaw: raw });
  for (let i = 0; i < text.length; ) {
    const c = text[i]!;
    if (c === '\r') {
      // Python reads every newline in source as \n; keep how it was written for triple-quoted output.
      const src = text[i + 1] === '\n' ? '\r\n' : '\r';
      char('\n', src);
      i += src.length;
      continue;
    }
    if (isF && (c === '{' || c === '}') && text[i + 1] === c) {
      char(c);
      i += 2;
      continue;
    }
    if (c !== '\\' || raw) {
      char(c);
      i += 1;
      continue;
    }
    const n = text[i + 1];
    let m: RegExpExecArray | null;
    const rest = text.slice(i);
    if (n === undefined) {
      char('\\');
      i += 1;
    } else if (n === '\n' || n === '\r') {
      const src = n === '\r' && text[i + 2] === '\n' ? '\\\r\n' : `\\${n}`;
      atoms.push({ kind: 'escape', src, value: '' });
      i += src.length;
    } else if (n in SIMPLE_ESCAPES) {
      atoms.push({ kind: 'escape', src: `\\${n}`, value: SIMPLE_ESCAPES[n] });
      i += 2;
    } else if ((m = /^\\x([0-9a-fA-F]{2})/.exec(rest))) {
      atoms.push({ kind: 'escape', src: m[0], value: String.fromCharCode(parseInt(m[1]!, 16)) });
      i += m[0].length;
    } else if ((m = /^\\([0-7]{1,3})/.exec(rest))) {
      // Always three digits: `"\1" "2"` folded together must not become `"\12"`.
      atoms.push({ kind: 'escape', src: `\\${m[1]!.padStart(3, '0')}`, value: String.fromCharCode(parseInt(m[1]!, 8)) });
      i += m[0].length;
    } else if (!isBytes && (m = /^\\u([0-9a-fA-F]{4})|^\\U([0-9a-fA-F]{8})/.exec(rest))) {
      const cp = parseInt((m[1] ?? m[2])!, 16);
      atoms.push({ kind: 'escape', src: m[0], value: cp <= 0x10ffff ? String.fromCodePoint(cp) : undefined });
      i += m[0].length;
    } else if (!isBytes && (m = /^\\N\{([^}]*)\}/.exec(rest))) {
      atoms.push({ kind: 'escape', src: m[0], value: m[1]!.trim().toUpperCase() === 'PERCENT SIGN' ? '%' : undefined });
      i += m[0].length;
    } else {
      // Not an escape (`"\d"`): the backslash is a character of its own.
      char('\\');
      i += 1;
    }
  }
  return atoms;
}

/** Atoms for text we make up (the default separator, `x=` of a debug f-string, a folded `True`). */
export function plainAtoms(text: string): Atom[] {
  return [...text].map((c) => ({ kind: 'char', value: c, src: c, fromRaw: false }) as Atom);
}

/**
 * Writes atoms as one literal of `style` (no prefix other than r). `escapePercent` doubles `%` in text
 * (logging formats the message only when it has arguments). Null when the style cannot hold the atoms.
 */
export function encodeLiteral(atoms: readonly Atom[], style: LiteralStyle, escapePercent: boolean): string | null {
  const q = style.quote[0]!;
  const triple = style.quote.length === 3;
  const open = `${style.raw ? 'r' : ''}${style.quote}`;
  let out = open;
  for (let i = 0; i < atoms.length; i++) {
    const a = atoms[i]!;
    const next = atoms[i + 1];
    // In a triple-quoted literal a quote only needs escaping when it could close the literal.
    const quoteCloses = !next || next.kind === 'break' || (next.kind === 'char' && next.value === q);
    switch (a.kind) {
      case 'placeholder':
        out += a.text;
        break;
      case 'directive':
        out += a.src;
        break;
      case 'break':
        out += `${style.quote}${markBreak(a.src)}${open}`;
        break;
      case 'escape':
        if (style.raw) return null;
        if (a.value === '%' && escapePercent) out += '%%';
        // `\'` in a "-quoted literal needs no backslash (and `\"` in a '-quoted one).
        else if ((a.src === "\\'" || a.src === '\\"') && a.value !== q) out += a.value;
        else out += a.src;
        break;
      case 'char': {
        const v = a.value;
        if (v === '%') {
          out += escapePercent ? '%%' : '%';
          break;
        }
        if (style.raw) {
          // Raw output only ever holds raw sources of this very style, plus safe characters of ours.
          if (!a.fromRaw && (v === '\\' || v === q || (v === '\n' && !triple))) return null;
          if (a.fromRaw && v === q && triple && quoteCloses) return null;
          out += a.fromRaw ? a.src : v;
          break;
        }
        if (v === '\\') out += '\\\\';
        else if (v === '\n') out += triple ? a.src : '\\n';
        else if (v === q) out += !triple || quoteCloses ? `\\${q}` : q;
        else if (v === '\t') out += '\t';
        else if (v < ' ' || v === '\x7f') out += `\\x${v.charCodeAt(0).toString(16).padStart(2, '0')}`;
        else out += v;
      }
    }
  }
  return out + style.quote;
}

/** Keep the author's literal style when every literal agreed on it; else a plain literal in their quote. */
export function encodeFormat(atoms: Atom[], styles: LiteralStyle[], defaultQuote: () => string, escapePercent: boolean): string | null {
  const first = styles[0];
  const same = first && styles.every((s) => s.raw === first.raw && s.quote === first.quote);
  if (same) {
    const kept = encodeLiteral(atoms, first, escapePercent);
    if (kept !== null) return kept;
  }
  // Literals that disagree (or none at all): a plain literal in the file's usual quote.
  return encodeLiteral(atoms, { raw: false, quote: same ? first.quote[0]! : defaultQuote() }, escapePercent);
}

/** Marks where a wrapped literal's continuation lines start, for the layout to indent them. */
export const INDENT_MARK = '\u0000';

export function markBreak(between: string): string {
  return between.replace(/(\r\n|\n|\r)[ \t\f]*/g, `$1${INDENT_MARK}`);
}

/** Puts `indent` where markBreak marked a line start (no trailing blanks on empty lines). */
export function fillIndent(text: string, indent: string): string {
  return text.replace(/\u0000(?=[\r\n])/g, '').replace(/\u0000/g, indent);
}
