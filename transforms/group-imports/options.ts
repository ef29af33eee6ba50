// The option table of group-imports (Ruff's names and meanings) and the resolved view of it.
import type { OptionValues } from '../../src/core/types.js';
import type { Section } from './classify.js';

export const optionSpecs = {
  'force-sort-within-sections': {
    type: 'boolean',
    default: false,
    description: 'Sort `import x` and `from x import y` lines together by module name instead of `import` lines first.',
  },
  'combine-as-imports': {
    type: 'boolean',
    default: false,
    description: 'Put `from m import a as b` into the same statement as the other names from `m`.',
  },
  'force-single-line': {
    type: 'boolean',
    default: false,
    description: 'One name per `from` import statement (`from m import a` / `from m import b`).',
  },
  'lines-after-imports': {
    type: 'number',
    default: -1,
    description: 'Blank lines after a module-level import block; -1: two before a def/class, else one. `.pyi` files: at most one.',
  },
  'split-on-trailing-comma': {
    type: 'boolean',
    default: true,
    description: 'A magic trailing comma in `from m import (a, b,)` keeps one name per line.',
  },
  headings: {
    type: 'boolean',
    default: false,
    description: 'Put a heading comment above each section (names below); existing ones are recognised, not duplicated.',
  },
  'heading-future': { type: 'string', default: '', description: 'Heading of the `__future__` section (empty: none).' },
  'heading-standard-library': { type: 'string', default: 'Standard library imports', description: 'Heading of the standard-library section.' },
  'heading-third-party': { type: 'string', default: 'Third-party imports', description: 'Heading of the third-party section.' },
  'heading-first-party': { type: 'string', default: 'Local imports', description: 'Heading of the first-party section.' },
  'heading-local-folder': { type: 'string', default: 'Local imports', description: 'Heading of the relative-imports section.' },
} as const;

export type GroupImportsOptions = OptionValues<typeof optionSpecs>;

export interface Resolved {
  forceSortWithinSections: boolean;
  combineAsImports: boolean;
  forceSingleLine: boolean;
  linesAfterImports: number;
  splitOnTrailingComma: boolean;
  /** Section -> full heading comment (`# Standard library imports`); empty when headings are off. */
  headings: Map<Section, string>;
}

export function resolveGroupImportsOptions(o: Partial<GroupImportsOptions>): Resolved {
  const get = <K extends keyof GroupImportsOptions>(k: K): GroupImportsOptions[K] =>
    (o[k] ?? optionSpecs[k].default) as GroupImportsOptions[K];
  const headings = new Map<Section, string>();
  if (get('headings')) {
    const names: [Section, string][] = [
      ['future', get('heading-future')],
      ['standard-library', get('heading-standard-library')],
      ['third-party', get('heading-third-party')],
      ['first-party', get('heading-first-party')],
      ['local-folder', get('heading-local-folder')],
    ];
    for (const [section, name] of names) if (name.trim() !== '') headings.set(section, `# ${name.trim()}`);
  }
  return {
    forceSortWithinSections: get('force-sort-within-sections'),
    combineAsImports: get('combine-as-imports'),
    forceSingleLine: get('force-single-line'),
    linesAfterImports: get('lines-after-imports'),
    splitOnTrailingComma: get('split-on-trailing-comma'),
    headings,
  };
}
