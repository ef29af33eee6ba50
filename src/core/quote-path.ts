// File names in line-oriented output (`--check`, diff headers, messages) quoted the way git quotes them
// (its "C-style" quoting with core.quotePath off): a name holding a control character, a double quote or a
// backslash is printed in double quotes with those characters escaped, so `a\nb.py` is one line, not two,
// and a script reading the list can tell. Every other name, non-ASCII ones included, is printed as it is.

const NEEDS_QUOTING = /["\\\u0000-\u001f\u007f-\u009f]/;
const NAMED: Record<string, string> = { '\u0007': '\\a', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\u000b': '\\v', '\f': '\\f', '\r': '\\r', '"': '\\"', '\\': '\\\\' };

export function quotePath(path: string): string {
  if (!NEEDS_QUOTING.test(path)) return path;
  let out = '"';
  for (const ch of path) {
    if (NAMED[ch] !== undefined) out += NAMED[ch];
    else if (NEEDS_QUOTING.test(ch)) for (const byte of Buffer.from(ch, 'utf8')) out += `\\${byte.toString(8).padStart(3, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}
