// Python reads identifiers after NFKC normalization (PEP 3131): `ｐｒｉｎｔ = len` binds `print`, and `µ` (the
// micro sign) is the variable `μ` (Greek mu). pycodemod's name analysis compares names as they are written,
// so in a module that spells a name in such a form it could take two spellings of one variable for two
// names (and rewrite a `print(...)` that calls `len`). Such modules are left alone, with the reason.
import type { Node } from 'web-tree-sitter';

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

/**
 * The first identifier of the parsed module (`root`, parsed from `source`) whose NFKC form is not the way
 * it is written; undefined when there is none, as in every all-ASCII module. The tree says what is a
 * name: text in strings (an f-string's literal parts, its format specs) and comments is not.
 */
export function unnormalizedName(source: string, root: Node): UnnormalizedName | undefined {
  if (!NON_ASCII.test(source)) return undefined;
  let checkedUpTo = -1;
  for (const run of source.matchAll(NON_ASCII_RUN)) {
    if (run.index! < checkedUpTo) continue;
    const node = root.descendantForIndex(run.index!, run.index! + 1);
    if (!node || node.type !== 'identifier') continue;
    checkedUpTo = node.endIndex;
    const name = node.text;
    const normalized = name.normalize('NFKC');
    if (normalized !== name) return { offset: node.startIndex, name, normalized };
  }
  return undefined;
}
