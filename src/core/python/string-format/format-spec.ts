// f-string replacement fields -> printf directives, only where both print the same text for the values
// such specs are written for (str, int, float). Anything else returns null and the caller keeps the field
// as one `%s` argument.

/** Stands for a nested `{expr}` in a spec (`{x:>{width}}`), which printf writes as `*`. */
export const NESTED = '\u0001';

export interface Directive {
  /** The printf directive, e.g. `%-8s`, `%.2f`, `%*d`. */
  text: string;
  /** The nested expressions consumed by `*`, in printf order (width, then precision). */
  starCount: number;
}

const SPEC = /^(?:([^{}])?([<>=^]))?([-+ ])?(z)?(#)?(0)?(\d+|\u0001)?([,_])?(?:\.(\d+|\u0001))?([a-zA-Z%])?$/s;

/**
 * `spec` is the text after `:` (nested fields replaced by NESTED); `conversion` is r, s, a or null.
 */
export function printfDirective(spec: string, conversion: string | null): Directive | null {
  const m = SPEC.exec(spec);
  if (!m) return null;
  const [, fill, align, sign, z, alt, zero, width, grouping, precision, type] = m;
  // Fill characters, centring, `=` padding, `z` and digit grouping have no printf spelling.
  if ((fill !== undefined && fill !== ' ') || align === '^' || align === '=' || z || grouping) return null;
  const star = (v: string | undefined) => (v === NESTED ? '*' : (v ?? ''));
  const starCount = Number(width === NESTED) + Number(precision === NESTED);
  const widthText = star(width);
  const precisionText = precision === undefined ? '' : `.${star(precision)}`;

  if (conversion !== null || type === 's' || (type === undefined && spec === '')) {
    // The value is (or becomes) a str: strings pad on the right by default.
    if (sign || alt || zero) return null;
    if (type !== undefined && type !== 's') return null;
    const letter = conversion ?? 's';
    const left = width !== undefined && align !== '>' ? '-' : '';
    return { text: `%${left}${widthText}${precisionText}${letter}`, starCount };
  }

  if (type === undefined) {
    // No type: numbers pad on the left, strings on the right, so only an explicit side is exact;
    // a precision means "significant digits" for floats but "truncate" for str.
    if (precision !== undefined || sign || alt || zero || width === undefined || align === undefined) return null;
    return { text: `%${align === '<' ? '-' : ''}${widthText}s`, starCount };
  }

  const integer = 'dxXo'.includes(type);
  const floating = 'eEfFgG'.includes(type);
  if (!integer && !floating) return null; // b, c, n, % and friends: no exact printf form
  if (integer && precision !== undefined) return null;
  // An explicit side with a `0` fills with zeros on that side in format(), not in printf.
  if (zero && align !== undefined) return null;
  const flags = `${align === '<' ? '-' : ''}${sign === '-' ? '' : (sign ?? '')}${alt ?? ''}${zero ?? ''}`;
  return { text: `%${flags}${widthText}${precisionText}${type}`, starCount };
}
