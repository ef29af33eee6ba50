// Done-when of issue 12, as a new user does it with the built bin: a TypeScript codemod written outside the
// repository, run with `-t it.ts -j 2 src/`: its dry-run diff, --check exits 1, --write writes, a second
// run is a cache hit (the codemod does not run), editing the codemod makes it a miss.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempProject } from './helpers/cli.js';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'dist', 'src', 'bin.js');

// The codemod logs every file it looks at, so a test can see whether it ran (a cache hit runs nothing).
const CODEMOD = (newName: string) => `import { appendFileSync } from 'node:fs';
import { defineTransform, type TransformContext } from 'pycodemod';
import { NEW_MODULE } from './names.js';

export default defineTransform({
  id: 'old-api-to-new',
  description: 'old_api.fetch(x) -> ${newName}(x)',
  docs: { whatItDoes: 'Renames the call.', why: 'old_api is going away.', example: { before: 'old_api.fetch(x)', after: '${newName}(x)' }, semantics: 'None.' },
  options: {},
  transform(ctx: TransformContext) {
    appendFileSync(process.env.CODEMOD_LOG!, ctx.path + '\\n');
    for (const m of ctx.source.matchAll(/\\bold_api\\.fetch\\(/g)) {
      const start = m.index!;
      ctx.report({ offset: start, message: 'new API', fix: [{ start, end: start + 'old_api.fetch'.length, text: NEW_MODULE + '.${newName.split('.').pop()}' }] });
    }
  },
});
`;

describe('a new user\'s TypeScript codemod, with the built bin', () => {
  beforeAll(() => {
    if (!existsSync(BIN)) {
      const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`build failed: ${r.stdout}${r.stderr}`);
    }
  }, 120_000);

  it('diffs, checks, writes, hits the cache, and misses after an edit', () => {
    const codemod = tempProject({ 'it.ts': CODEMOD('new_api.get'), 'names.ts': "export const NEW_MODULE: string = 'new_api';\n" });
    const project = tempProject({
      'src/app/a.py': 'import old_api\n\nx = old_api.fetch(1)\n',
      'src/app/b.py': 'import old_api\n\ny = old_api.fetch(2)\n',
      'src/app/c.py': 'z = 3\n',
    });
    const log = join(codemod, 'ran.log');
    writeFileSync(log, '');
    const pycodemod = (...args: string[]) =>
      spawnSync(process.execPath, [BIN, '-t', join(codemod, 'it.ts'), '--select', 'old-api-to-new', '-j', '2', ...args, 'src/'], {
        cwd: project,
        encoding: 'utf8',
        env: { ...process.env, CODEMOD_LOG: log },
      });
    const runs = () => readFileSync(log, 'utf8').split('\n').filter(Boolean).length;

    const dry = pycodemod();
    expect(dry.stderr).toBe('2 files would be changed, 1 unchanged; edits: old-api-to-new 2\n');
    expect(dry.status).toBe(0);
    expect(dry.stdout).toBe(
      '--- a/src/app/a.py\n+++ b/src/app/a.py\n@@ -1,3 +1,3 @@\n import old_api\n \n-x = old_api.fetch(1)\n+x = new_api.get(1)\n' +
        '--- a/src/app/b.py\n+++ b/src/app/b.py\n@@ -1,3 +1,3 @@\n import old_api\n \n-y = old_api.fetch(2)\n+y = new_api.get(2)\n',
    );
    const cold = runs();
    expect(cold).toBeGreaterThanOrEqual(3); // each file at least once (a changed file twice: the confirmation pass)

    const check = pycodemod('--check');
    expect(check.status).toBe(1);
    expect(check.stdout).toBe('src/app/a.py\nsrc/app/b.py\n');
    expect(runs()).toBe(cold); // answered by the cache: the codemod did not run

    const write = pycodemod('--write');
    expect(write.status).toBe(0);
    expect(readFileSync(join(project, 'src/app/a.py'), 'utf8')).toBe('import old_api\n\nx = new_api.get(1)\n');
    const afterWrite = runs();

    const first = pycodemod();
    expect(first.stdout).toBe('');
    expect(runs()).toBe(afterWrite + 2); // the two rewritten files are new content: looked at once more
    const second = pycodemod();
    expect(second.stdout).toBe('');
    expect(second.stderr).toBe('0 files would be changed, 3 unchanged\n');
    expect(runs()).toBe(afterWrite + 2); // a cache hit: the codemod did not run

    // Editing the codemod (its helper module) is a miss: it runs again and its new rewrite shows.
    writeFileSync(join(project, 'src/app/d.py'), 'w = old_api.fetch(4)\n');
    pycodemod();
    const beforeEdit = runs();
    expect(pycodemod().stdout).toContain('+w = new_api.get(4)');
    expect(runs()).toBe(beforeEdit);
    writeFileSync(join(codemod, 'names.ts'), "export const NEW_MODULE: string = 'newer_api';\n");
    const edited = pycodemod();
    expect(edited.stdout).toContain('+w = newer_api.get(4)');
    expect(runs()).toBeGreaterThanOrEqual(beforeEdit + 4); // every file again
  }, 120_000);
});
