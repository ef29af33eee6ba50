// Behaviour of group-imports under python3, around star imports. Each folder in
// test/behaviour/group-imports is a small program (`main.py` plus the modules it imports). The test
// runs it, sorts every file of it with group-imports (and, separately, with Ruff's I001 fix), and runs
// it again: pycodemod's result must print the same bytes. `# expect: left alone` on main.py's first
// line says pycodemod must refuse, and then Ruff's sort must change what the program prints (so the
// case really tests a meaning that sorting could change); `# expect: sorted` says it must sort.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import groupImports from '../transforms/group-imports/index.js';
import { transformSourceWith } from '../src/core/transform-source.js';
import { loadPythonParser } from '../src/core/parser.js';
import { ruffFix, ruffWorkspace } from './corpus/group-imports-ruff.js';

const DIR = join(import.meta.dirname, 'behaviour', 'group-imports');
const work = mkdtempSync(join(tmpdir(), 'gi-behaviour-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
beforeAll(async () => {
  await loadPythonParser();
  ruffWorkspace().free();
}, 60_000);

function pythonFilesIn(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? pythonFilesIn(p) : f.endsWith('.py') ? [p] : [];
  });
}

function runMain(dir: string): string {
  const r = spawnSync('python3', ['-B', 'main.py'], { cwd: dir, encoding: 'utf8' });
  if (r.error) throw r.error;
  return `${r.stdout}${r.stderr}exit ${r.status}\n`;
}

/** A copy of the case with every file rewritten by `fix`; returns the folder and how many files changed. */
async function rewritten(name: string, tag: string, fix: (source: string, path: string, root: string) => Promise<string>) {
  const dir = join(work, `${name}-${tag}`);
  cpSync(join(DIR, name), dir, { recursive: true });
  let changed = 0;
  for (const file of pythonFilesIn(dir)) {
    const source = readFileSync(file, 'utf8');
    const out = await fix(source, file, dir);
    if (out !== source) {
      changed++;
      writeFileSync(file, out);
    }
  }
  return { dir, changed };
}

// The case folder's own top-level modules and packages are first-party, for both tools.
const firstParty = (root: string) => readdirSync(root).map((f) => f.replace(/\.py$/, '')).filter((f) => f !== 'main');

describe('group-imports behaviour around star imports (python3)', () => {
  for (const name of readdirSync(DIR).sort()) {
    it(name, async () => {
      const main = readFileSync(join(DIR, name, 'main.py'), 'utf8');
      const expectation = /^# expect: (left alone|sorted)\b/.exec(main)?.[1];
      expect(expectation, 'main.py starts with `# expect: left alone` or `# expect: sorted`').toBeDefined();
      const original = runMain(join(DIR, name));
      expect(original).toMatch(/exit 0\n$/);

      const ours = await rewritten(name, 'pycodemod', async (source, path, root) => {
        const r = await transformSourceWith(source, {
          path,
          transforms: [groupImports],
          settings: { src: [root], projectRoot: root, knownFirstParty: firstParty(root) },
        });
        if (r.kind !== 'ok') throw new Error(`${relative(root, path)}: ${JSON.stringify(r)}`);
        return r.output;
      });
      expect(runMain(ours.dir)).toBe(original);

      const ws = ruffWorkspace({ knownFirstParty: firstParty(join(DIR, name)) });
      try {
        const ruff = await rewritten(name, 'ruff', async (source) => ruffFix(ws, source) ?? source);
        if (expectation === 'left alone') {
          expect(ours.changed, 'pycodemod must leave every file alone').toBe(0);
          expect(runMain(ruff.dir), "Ruff's sort should change what the program prints").not.toBe(original);
        } else {
          expect(ours.changed, 'pycodemod must sort').toBeGreaterThan(0);
        }
      } finally {
        ws.free();
      }
    });
  }
});
