// group-imports must settle in one pass under every option set, not only the ones its fixtures use: the
// engine skips the confirmation pass after a pass of its fixes alone (settlesInOnePass). Every fixture
// input, under several option sets, is rewritten twice; the second rewrite must change nothing.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import groupImports from '../transforms/group-imports/index.js';
import { transformSourceWith } from '../src/core/transform-source.js';
import { defaultSettings, type Settings } from '../src/core/settings.js';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'group-imports');

const OPTION_SETS: { name: string; lineLength?: number; options: Record<string, unknown> }[] = [
  { name: 'headings, sorted within sections', options: { headings: true, 'force-sort-within-sections': true } },
  { name: 'headings, one blank line after', options: { headings: true, 'lines-after-imports': 1, 'heading-local-folder': 'Ours' } },
  { name: 'single lines, two blank lines after', options: { 'force-single-line': true, 'lines-after-imports': 2 } },
  { name: 'combined as-imports, no magic trailing comma', options: { 'combine-as-imports': true, 'split-on-trailing-comma': false } },
  { name: 'line length 40', lineLength: 40, options: {} },
];

describe('group-imports settles in one pass', () => {
  const inputs = readdirSync(DIR).filter((f) => /\.input\.pyi?$/.test(f));
  for (const set of OPTION_SETS) {
    it(`on every fixture input with ${set.name}`, async () => {
      const settings: Settings = { ...defaultSettings(), lineLength: set.lineLength ?? 88, transformOptions: { 'group-imports': set.options } };
      let rewritten = 0;
      for (const file of inputs) {
        const path = `pkg/${file.replace('.input', '')}`;
        const run = (source: string) => transformSourceWith(source, { path, transforms: [groupImports], settings });
        const first = await run(readFileSync(join(DIR, file), 'utf8'));
        if (first.kind !== 'ok') continue;
        if (first.edits.length > 0) rewritten++;
        const second = await run(first.output);
        expect(second.kind === 'ok' && second.output, `${file}: a second pass changes it`).toBe(first.output);
      }
      expect(rewritten).toBeGreaterThan(20);
    });
  }
});
