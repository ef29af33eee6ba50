// Metavariables in ast-grep's spelling, and the placeholder text that lets tree-sitter parse a pattern as
// Python: `$A` one node, `$$$A` zero or more, `$_` / `$$$` / `$_A` match without capturing.
//
// Each `$` is replaced by EXPANDO, a letter Python and tree-sitter accept in identifiers, so `$A` becomes
// the identifier `ǀA` and `$$$ARGS` the identifier `ǀǀǀARGS`. The substitution keeps every offset (one
// UTF-16 unit for one), so positions in the parsed pattern are positions in what the user wrote, and the
// original text of any node is a slice of the pattern itself (a `$` inside a string literal stays a `$`).
// The placeholders can never collide with real code: only the pattern's own tree is read for them, and a
// pattern that already holds EXPANDO is refused.

/** U+01C0 LATIN LETTER DENTAL CLICK: an identifier letter nobody types in Python code. */
export const EXPANDO = '\u01C0';

export interface Metavariable {
  /** The name after the dollars (`A`, `ARGS`); undefined for `$_` and `$$$`. */
  name: string | undefined;
  multi: boolean;
  /** False for `$_`, `$$$` and names starting with `_`: each occurrence matches on its own. */
  captures: boolean;
}

export class MetavariableSyntaxError extends Error {
  constructor(
    message: string,
    /** Offset in the pattern text. */
    readonly offset: number,
  ) {
    super(message);
  }
}

export interface Substituted {
  /** The pattern with every `$` replaced by EXPANDO (same length). */
  text: string;
  /** Every metavariable occurrence, in order. */
  occurrences: { offset: number; length: number; variable: Metavariable }[];
}

const NAME_CHAR = /[A-Z0-9_]/;
// After a metavariable name, a lower-case letter or any other identifier character would glue onto it.
const GLUES = /[\p{L}\p{N}_$]/u;

/** Replaces metavariables by placeholder identifiers; throws MetavariableSyntaxError on malformed ones. */
export function substituteMetavariables(pattern: string): Substituted {
  const at = pattern.indexOf(EXPANDO);
  if (at >= 0) throw new MetavariableSyntaxError(`the character U+01C0 (${EXPANDO}) is reserved for metavariables`, at);
  const occurrences: Substituted['occurrences'] = [];
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c !== '$') {
      out += c;
      i++;
      continue;
    }
    const start = i;
    let dollars = 0;
    while (pattern[i] === '$') {
      dollars++;
      i++;
    }
    let name = '';
    while (i < pattern.length && NAME_CHAR.test(pattern[i]!)) name += pattern[i++];
    const written = pattern.slice(start, i);
    if (dollars === 2 || dollars > 3)
      throw new MetavariableSyntaxError(`\`${written}\`: a metavariable is \`$NAME\` (one node) or \`$$$NAME\` (zero or more)`, start);
    if (dollars === 1 && name === '')
      throw new MetavariableSyntaxError(
        pattern[i] && /[a-z]/.test(pattern[i]!)
          ? `\`$${pattern[i]}\`: metavariable names are upper case letters, digits and \`_\` (\`$A\`, \`$ARGS\`)`
          : '`$` must start a metavariable (`$A`, `$$$ARGS`, `$_`)',
        start,
      );
    if (i < pattern.length && GLUES.test(pattern[i]!))
      throw new MetavariableSyntaxError(
        `\`${written}${pattern[i]}\`: metavariable names are upper case letters, digits and \`_\`, and end before any other name character`,
        start,
      );
    const variable: Metavariable = {
      name: name === '' || name === '_' ? undefined : name,
      multi: dollars === 3,
      captures: name !== '' && !name.startsWith('_'),
    };
    occurrences.push({ offset: start, length: written.length, variable });
    out += EXPANDO.repeat(dollars) + name;
  }
  return { text: out, occurrences };
}

const PLACEHOLDER = new RegExp(`^(${EXPANDO}(?:${EXPANDO}${EXPANDO})?)([A-Z0-9_]*)$`);

/** The metavariable a placeholder identifier stands for, or undefined for any other text. */
export function placeholderVariable(text: string): Metavariable | undefined {
  const m = PLACEHOLDER.exec(text);
  if (!m) return undefined;
  const multi = m[1]!.length === 3;
  const name = m[2]!;
  if (!multi && name === '') return undefined;
  return { name: name === '' || name === '_' ? undefined : name, multi, captures: name !== '' && !name.startsWith('_') };
}

/** True when the text holds a placeholder anywhere (a metavariable that did not become a whole node). */
export function holdsPlaceholder(text: string): boolean {
  return text.includes(EXPANDO);
}

/** How users write a metavariable, for messages. */
export function spell(v: Metavariable): string {
  return `${v.multi ? '$$$' : '$'}${v.name ?? (v.multi ? '' : '_')}`;
}
