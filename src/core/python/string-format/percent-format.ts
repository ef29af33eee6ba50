// `"..." % args` in a message: logging applies the very same `%` operator to its message and arguments,
// so the format's directives can move into the logging call unchanged, provided we can count them.
import type { Atom } from './literal.js';

const DIRECTIVE = /^%(?:%|([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([diouxXeEfFgGcrsa]))/;

/**
 * Marks the %-directives in a format's atoms. Returns the atoms (directives as `directive` atoms) and
 * how many arguments they consume, or null when the format uses mapping keys, malformed directives,
 * or spells `%` with an escape (then it is not provably the same text).
 */
export function markDirectives(atoms: readonly Atom[]): { atoms: Atom[]; consumes: number } | null {
  const out: Atom[] = [];
  let consumes = 0;
  for (let i = 0; i < atoms.length; i++) {
    const a = atoms[i]!;
    if (a.kind === 'escape' && a.value === '%') return null;
    if (a.kind !== 'char' || a.value !== '%') {
      out.push(a);
      continue;
    }
    // Gather the plain characters that follow; a directive never spans an escape.
    let text = '';
    for (let j = i; j < atoms.length && j < i + 40; j++) {
      const b = atoms[j]!;
      if (b.kind !== 'char') break;
      text += b.value;
    }
    const m = DIRECTIVE.exec(text);
    if (!m) return null; // `%(key)s`, a lone `%`, or something printf would reject
    if (m[0] !== '%%') consumes += 1 + Number(m[2] === '*') + Number(m[3] === '*');
    out.push({ kind: 'directive', src: m[0] });
    i += m[0].length - 1;
  }
  return { atoms: out, consumes };
}
