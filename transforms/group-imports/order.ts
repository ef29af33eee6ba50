// The order of the statements inside one section.
import type { FromEntry, MemberEntry, StraightEntry } from './collect.js';
import { compareMembers, compareModules, type ModuleKeyInput } from './sort-keys.js';
import type { Section } from './classify.js';

export type OrderedImport =
  | { kind: 'import'; entry: StraightEntry }
  | { kind: 'from'; entry: FromEntry; members: MemberEntry[] };

export interface SectionImports {
  straight: StraightEntry[];
  /** Plain, aliased and star `from` entries, in that order. */
  from: FromEntry[];
}

/**
 * `import x` lines first, then `from x import y` lines (the reverse in the `__future__` section), each
 * group by module; with force-sort-within-sections both kinds are sorted together by module.
 */
export function orderSection(imports: SectionImports, section: Section, forceSortWithinSections: boolean): OrderedImport[] {
  interface Keyed {
    item: OrderedImport;
    key: ModuleKeyInput;
    index: number;
  }
  const straight = imports.straight.map((entry): Keyed => ({
    item: { kind: 'import', entry } as OrderedImport,
    key: { name: entry.name, asname: entry.asname, level: 0 },
    index: entry.firstIndex,
  }));
  const from = imports.from.map((entry): Keyed => {
    const members = [...entry.members.values()].sort(compareMembers);
    return {
      item: { kind: 'from', entry, members } as OrderedImport,
      key: { name: entry.module, level: entry.level, firstAlias: members[0] },
      index: entry.firstIndex,
    };
  });
  const sort = (list: Keyed[]) => list.sort((a, b) => compareModules(a.key, b.key) || a.index - b.index).map((k) => k.item);
  if (section === 'future') return [...sort(from), ...sort(straight)];
  if (forceSortWithinSections) return sort([...straight, ...from]);
  return [...sort(straight), ...sort(from)];
}
