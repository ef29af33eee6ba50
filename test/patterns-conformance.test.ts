// Pattern search against ast-grep's CLI over the repository's own Python files (fixtures and behaviour
// scripts): with every emulation switch on, the matches are identical; every difference of the default
// matching is one of the deliberate ones (README, "Compared with ast-grep"). The same check over the
// corpus is `npm run test:patterns-conformance` (CI runs it).
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { astGrepBinary } from './helpers/ast-grep.js';
import { compareRewrites, compareSearch, loadCorpus, REWRITES, SEARCH_PATTERNS } from './corpus/patterns-conformance.js';

const ROOT = join(import.meta.dirname, '..');
const binary = astGrepBinary();

function pythonFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const abs = join(dir, name);
    if (statSync(abs).isDirectory()) pythonFiles(abs, out);
    else if (name.endsWith('.py')) out.push(abs);
  }
  return out;
}

// A copy, so that ast-grep sees exactly these files (and no .gitignore decides for it).
const work = mkdtempSync(join(tmpdir(), 'pycodemod-conformance-'));
for (const dir of ['fixtures', 'test/behaviour'])
  for (const f of pythonFiles(join(ROOT, dir))) cpSync(f, join(work, dir, relative(join(ROOT, dir), f)));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.skipIf(!binary)('conformance with ast-grep run -p', () => {
  it(`finds the same matches for ${SEARCH_PATTERNS.length} patterns, but for the deliberate differences`, async () => {
    const corpus = loadCorpus(work);
    expect(corpus.texts.size).toBeGreaterThan(100);
    const { results } = await compareSearch(corpus, SEARCH_PATTERNS, binary!);
    expect(results.length).toBeGreaterThanOrEqual(30);
    for (const r of results) {
      expect(r.unexplained, r.pattern).toEqual([]);
      expect(Object.keys(r.differences).filter((k) => k === 'unexplained'), r.pattern).toEqual([]);
    }
    // The corpus exercises these patterns: most of them match something here.
    expect(results.filter((r) => r.astGrep > 0).length).toBeGreaterThan(15);
  }, 300_000);

  it('rewrites to the same text as ast-grep where its rewrite is correct', async () => {
    const corpus = loadCorpus(work);
    for (const r of await compareRewrites(corpus, REWRITES, binary!)) {
      expect(r.pycodemodInvalid, r.pattern).toBe(0);
      expect(r.different.other ?? 0, `${r.pattern}: ${r.examples.join('; ')}`).toBe(0);
    }
  }, 300_000);
});
