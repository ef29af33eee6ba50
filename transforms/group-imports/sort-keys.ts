// Sorting keys, in the order isort's profile and Ruff's I001 compare imports.
//
// Names compare "naturally" (digit runs by value: `py2` < `py10`), first case-insensitively, then
// case-sensitively as a tie-break. Members of a `from` import are grouped by type first
// (CONSTANTS, then Classes, then functions/variables) when `order-by-type` is on (always, here).

/** Natural comparison by code points, with ASCII digit runs compared by value, whitespace ignored. */
export function natCompare(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  let i = 0;
  let j = 0;
  const digit = (c: string | undefined) => (c !== undefined && c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : undefined);
  for (;;) {
    while (i < left.length && /\s/u.test(left[i]!)) i++;
    while (j < right.length && /\s/u.test(right[j]!)) j++;
    const l = left[i];
    const r = right[j];
    if (l === undefined) return r === undefined ? 0 : -1;
    if (r === undefined) return 1;
    let ld = digit(l);
    let rd = digit(r);
    if (ld !== undefined && rd !== undefined) {
      if (ld === 0 || rd === 0) {
        // A run starting with a zero compares left-aligned, as a fraction would (`015` < `12`).
        for (;;) {
          if (ld! !== rd!) return ld! - rd!;
          i++;
          j++;
          ld = digit(left[i]);
          rd = digit(right[j]);
          if (ld === undefined && rd === undefined) break;
          if (rd === undefined) return 1;
          if (ld === undefined) return -1;
        }
      } else {
        // Other runs compare right-aligned: the longer run is the larger number (`15` < `123`).
        let last = ld - rd;
        for (;;) {
          i++;
          j++;
          ld = digit(left[i]);
          rd = digit(right[j]);
          if (ld === undefined && rd === undefined) break;
          if (rd === undefined) return 1;
          if (ld === undefined) return -1;
          if (last === 0) last = ld - rd;
        }
        if (last !== 0) return last;
      }
      continue; // the characters after the runs are already current
    }
    if (l !== r) return l.codePointAt(0)! - r.codePointAt(0)!;
    i++;
    j++;
  }
}

function compareOptional(a: string | undefined, b: string | undefined): number {
  if (a === undefined) return b === undefined ? 0 : -1;
  if (b === undefined) return 1;
  return natCompare(a, b);
}

export const enum MemberType {
  Constant = 0,
  Class = 1,
  Variable = 2,
}

const isLower = (c: string) => /\p{Lowercase}/u.test(c);
const isUpper = (c: string) => /\p{Uppercase}/u.test(c);

/** CONSTANT (two or more characters, all cased ones upper case), Class (leading capital), or variable. */
export function memberType(name: string): MemberType {
  if (name.length > 1) {
    let cased = false;
    let lower = false;
    for (const c of name) {
      if (isLower(c)) {
        lower = true;
        break;
      }
      if (isUpper(c)) cased = true;
    }
    if (cased && !lower) return MemberType.Constant;
  }
  const first = [...name][0];
  return first !== undefined && isUpper(first) ? MemberType.Class : MemberType.Variable;
}

export interface MemberKeyInput {
  name: string;
  asname?: string;
}

/** Order of two members inside one `from` import: `*` first, then by type, then by name. */
export function compareMembers(a: MemberKeyInput, b: MemberKeyInput, orderByType = true): number {
  const as = a.name === '*' ? 0 : 1;
  const bs = b.name === '*' ? 0 : 1;
  if (as !== bs) return as - bs;
  if (orderByType) {
    const t = memberType(a.name) - memberType(b.name);
    if (t !== 0) return t;
  }
  return (
    natCompare(a.name.toLowerCase(), b.name.toLowerCase()) ||
    natCompare(a.name, b.name) ||
    compareOptional(a.asname, b.asname)
  );
}

/** What orders two import statements within a section. */
export interface ModuleKeyInput {
  /** `import x` / `from x import` module name, without the leading dots; undefined for `from . import`. */
  name: string | undefined;
  /** The `as` name of an `import x as y`. */
  asname?: string;
  /** Leading dots of a relative import. */
  level: number;
  /** The first member (after sorting) of a `from` import; undefined for `import x`. */
  firstAlias?: MemberKeyInput;
}

/** Relative imports furthest first (`..` before `.`), then natural case-insensitive name order. */
export function compareModules(a: ModuleKeyInput, b: ModuleKeyInput): number {
  // Distance: absolute imports have none and sort after relative ones; more dots sort first.
  const da = a.level === 0 ? Number.POSITIVE_INFINITY : -a.level;
  const db = b.level === 0 ? Number.POSITIVE_INFINITY : -b.level;
  if (da !== db) return da < db ? -1 : 1;
  const byName =
    compareOptional(a.name?.toLowerCase(), b.name?.toLowerCase()) || compareOptional(a.name, b.name);
  if (byName !== 0) return byName;
  if (a.firstAlias === undefined || b.firstAlias === undefined) {
    if (a.firstAlias !== b.firstAlias) return a.firstAlias === undefined ? -1 : 1;
  } else {
    const m = compareMembers(a.firstAlias, b.firstAlias);
    if (m !== 0) return m;
  }
  return compareOptional(a.asname, b.asname);
}
