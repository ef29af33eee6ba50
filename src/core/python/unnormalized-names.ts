// Python reads identifiers after NFKC normalization (PEP 3131): `ｐｒｉｎｔ = len` binds `print`, and `µ` (the
// micro sign) is the variable `μ` (Greek mu). pycodemod's name analysis compares names as they are written,
// so in a module that spells a name in such a form it could take two spellings of one variable for two
// names (and rewrite a `print(...)` that calls `len`). Such modules are left alone, with the reason.
import { codeText } from './code-text.js';

export interface UnnormalizedName {
  /** Where the name starts in the source. */
  offset: number;
  /** As written. */
  name: string;
  /** As Python reads it. */
  normalized: string;
}

const NON_ASCII = /[^\x00-\x7f]/;
const NON_ASCII_RUN = /[^\x00-\x7f]+/g;
const IDENTIFIER_CHAR = /[\p{ID_Continue}\u00b7\u0387\u1369-\u1371\u19da\u2118\u212e\u309b\u309c]/u;

/**
 * The first name in the code (strings and comments aside; an f-string's replacement fields count) whose NFKC form is
 * not the way it is written; undefined when there is none, as in every all-ASCII module. When the
 * strings cannot be read simply, the whole text is searched (a string may then refuse a module).
 */
export function unnormalizedName(source: string): UnnormalizedName | undefined {
  if (!NON_ASCII.test(source)) return undefined;
  const code = codeText(source);
  const runs = code ? code.matches(NON_ASCII_RUN) : source.matchAll(NON_ASCII_RUN);
  for (const run of runs) {
    // In an f-string, only its replacement fields hold code.
    const fString = code ? code.fStringStart(run.index!) : -1;
    if (fString !== -1 && !inReplacementField(source, fString, run.index!)) continue;
    // The identifier around the run: identifier characters on both sides (ASCII letters, digits, `_` too).
    let start = run.index!;
    while (start > 0 && isIdentifierChar(source, start - 1)) start--;
    let end = run.index! + run[0].length;
    while (end < source.length && isIdentifierChar(source, end)) end++;
    const name = source.slice(start, end);
    if (name === '' || !NON_ASCII.test(name)) continue;
    const normalized = name.normalize('NFKC');
    if (normalized !== name) return { offset: start, name, normalized };
  }
  return undefined;
}

/**
 * Whether `at`, in the f-string starting at `start`, lies in a replacement field (a format spec counts):
 * braces counted from the start, `{{` and `}}` outside a field being literal braces.
 */
function inReplacementField(s: string, start: number, at: number): boolean {
  let depth = 0;
  for (let i = start; i < at; i++) {
    const c = s[i];
    if (c === '{') {
      if (depth === 0 && s[i + 1] === '{') i++;
      else depth++;
    } else if (c === '}') {
      if (depth === 0 && s[i + 1] === '}') i++;
      else if (depth > 0) depth--;
    }
  }
  return depth > 0;
}

function isIdentifierChar(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
  // A surrogate pair's halves: read the whole code point (mathematical letters such as 𝐩 are astral).
  const at = c >= 0xdc00 && c <= 0xdfff && i > 0 ? i - 1 : i;
  return IDENTIFIER_CHAR.test(String.fromCodePoint(s.codePointAt(at)!));
}
