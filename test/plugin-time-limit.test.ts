// A plugin stuck in an endless loop is stopped however the run is split: in a worker thread (always one for
// plugins, even with -j 1 or a run too small for the default to start workers), and on the main thread where
// user code cannot move to a worker (transform objects given to the library, stdin mode, transformSource,
// the testing kit). The file fails naming the transform and plugin, is never written, and the run goes on.
import { readFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinTransforms, run, transformSource, type AnyTransform } from '../src/index.js';
import { callWithin, FileClock, overtimeMessage, TransformTimeoutError, withTimeLimit } from '../src/core/time-limit.js';
import { checkFixtureCase } from '../src/testing/check-case.js';
import { defaultSettings } from '../src/core/settings.js';
import { runCli, tempProject } from './helpers/cli.js';

const HOUR_AGO = Date.now() / 1000 - 3600;

/** Loops on any file that mentions `trigger`, in a way no try/catch/finally of its own can get out of. */
const SPIN_TS = `import { defineTransform } from 'pycodemod';
export default defineTransform({
  id: 'spins',
  description: 'loops on files that mention trigger',
  docs: { whatItDoes: 'x', why: 'x', example: { before: 'x', after: 'x' }, semantics: 'x' },
  options: {},
  transform(ctx) {
    if (!ctx.source.includes('trigger')) return;
    for (;;) {
      try {
        for (;;) {}
      } catch {
        /* an author's catch-all cannot swallow the stop */
      } finally {
        for (;;) {}
      }
    }
  },
});
`;

/** The same loop as a transform object (the library's `transforms`, which no worker can load). */
const spinning: AnyTransform = {
  id: 'spins',
  description: 'loops on files that mention trigger',
  docs: { whatItDoes: 'x', why: 'x', example: { before: 'x', after: 'x' }, semantics: 'x' },
  options: {},
  transform(ctx) {
    if (ctx.source.includes('trigger')) for (;;) {}
  },
};

const MUTABLE = 'def f(x=[]):\n    return x\n';
const FIXED = 'def f(x=None):\n    if x is None:\n        x = []\n    return x\n';

/** Three small files (a pre-commit sized run): b.py makes the plugin loop. */
function project(): string {
  const files = { 'a.py': MUTABLE, 'b.py': `trigger = 1\n${MUTABLE}`, 'c.py': MUTABLE };
  const dir = tempProject(files);
  for (const f of Object.keys(files)) utimesSync(join(dir, f), HOUR_AGO, HOUR_AGO);
  return dir;
}

const STOPPED = /^b\.py: error \[spins\]: stopped after 1 s: transform spins did not finish \(an endless loop\?\); file left untouched; --file-timeout sets the limit \(plugin: .*spin\.ts\)$/m;

describe('a looping plugin through the CLI', { timeout: 60_000 }, () => {
  for (const jobs of [['-j', '1'], [], ['-j', '2']]) {
    it(`is stopped and reported for its file, the others written (${jobs.join(' ') || 'default jobs, a small run'})`, async () => {
      const mods = tempProject({ 'spin.ts': SPIN_TS });
      const dir = project();
      const started = Date.now();
      const r = await runCli(['-t', join(mods, 'spin.ts'), '--extend-select', 'spins', '--select', 'mutable-defaults', ...jobs, '--file-timeout', '1', '--write', '--no-cache', '.'], { cwd: dir });
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(r.stderr).toMatch(STOPPED);
      expect(r.stderr).toMatch(/2 files changed, 0 unchanged, 1 failed/);
      expect(r.code).toBe(1);
      expect(readFileSync(join(dir, 'b.py'), 'utf8')).toBe(`trigger = 1\n${MUTABLE}`);
      expect(readFileSync(join(dir, 'a.py'), 'utf8')).toBe(FIXED);
      expect(readFileSync(join(dir, 'c.py'), 'utf8')).toBe(FIXED);
    });
  }

  it('rewrite --imports takes one import per flag, so the path after it stays a path', async () => {
    const dir = tempProject({ 'a.py': 't = fetch(1)\n' });
    const r = await runCli(['rewrite', '-p', 'fetch($X)', '-r', 'get($X)', '--imports', 'from new_api import get', 'a.py'], { cwd: dir });
    expect(r.stdout).toBe('--- a/a.py\n+++ b/a.py\n@@ -1 +1,2 @@\n-t = fetch(1)\n+from new_api import get\n+t = get(1)\n');
    expect(r.code).toBe(0);
  });

  it('in stdin mode: stopped on the main thread, the source passed through unchanged', async () => {
    const mods = tempProject({ 'spin.ts': SPIN_TS });
    const r = await runCli(['-t', join(mods, 'spin.ts'), '--select', 'spins', '--file-timeout', '1', '-', '--stdin-filename', 'b.py'], { cwd: project(), stdin: 'trigger = 1\n' });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('trigger = 1\n');
    expect(r.stderr).toMatch(STOPPED);
  });

  it('takes `-t MODULE PATH` as one plugin and one path; modules right after -t (a glob the shell expanded) are plugins too', async () => {
    const mods = tempProject({ 'spin.ts': SPIN_TS, 'other.mjs': "export default { id: 'other', description: 'x', transform() {} };\n" });
    const dir = project();
    for (const argv of [
      ['-t', join(mods, 'spin.ts'), '-t', join(mods, 'other.mjs'), '--select', 'other', 'a.py'],
      ['-t', join(mods, 'spin.ts'), join(mods, 'other.mjs'), 'a.py', '--select', 'other'],
      ['--select', 'other', '--transform', join(mods, 'other.mjs'), 'a.py'],
    ]) {
      const r = await runCli(argv, { cwd: dir });
      expect(r.stderr).toBe('0 files would be changed, 1 unchanged\n');
      expect(r.code).toBe(0);
    }
  });
});

describe('a looping transform through the library', { timeout: 60_000 }, () => {
  it('run() with a plugin path: a worker thread even with jobs 1, the file fails naming the plugin', async () => {
    const mods = tempProject({ 'spin.ts': SPIN_TS });
    const dir = project();
    const report = await run({ cwd: dir, plugins: [join(mods, 'spin.ts')], select: ['spins'], jobs: 1, fileTimeout: 1 });
    // One worker thread; stopped on b.py and replaced by a fresh one for c.py.
    expect(report.stats.workers).toBe(2);
    const b = report.results.find((r) => r.path === 'b.py');
    expect(b).toMatchObject({ kind: 'failed', cause: 'transform', transformId: 'spins' });
    expect(b?.kind === 'failed' && b.error.message).toMatch(/^stopped after 1 s: transform spins did not finish .*\(plugin: .*spin\.ts\)$/);
    expect(report.summary).toMatchObject({ failed: 1, unchanged: 2 });
  });

  it('run() with a transform object: stopped on the main thread, the other files still rewritten', async () => {
    const dir = project();
    const mutableDefaults = builtinTransforms.find((t) => t.id === 'mutable-defaults')!;
    const report = await run({ cwd: dir, transforms: [mutableDefaults, spinning], write: true, jobs: 2, fileTimeout: 1 });
    expect(report.stats.workers).toBe(0);
    expect(report.stats.inProcessReason).toMatch(/spins is an object/);
    const b = report.results.find((r) => r.path === 'b.py');
    expect(b).toMatchObject({ kind: 'failed', transformId: 'spins', error: { message: 'stopped after 1 s: transform spins did not finish (an endless loop?); file left untouched; --file-timeout sets the limit' } });
    expect(readFileSync(join(dir, 'b.py'), 'utf8')).toBe(`trigger = 1\n${MUTABLE}`);
    expect(readFileSync(join(dir, 'c.py'), 'utf8')).toBe(FIXED);
    expect(report.summary).toMatchObject({ failed: 1, changed: 2 });
  });

  it('run() with only built-ins on a few files starts no worker (pre-commit stays fast)', async () => {
    const report = await run({ cwd: project(), select: ['mutable-defaults'] });
    expect(report.stats.workers).toBe(0);
    expect(report.summary.changed).toBe(3);
  });

  it('run() rejects a fileTimeout that is not a number of seconds', async () => {
    await expect(run({ cwd: project(), fileTimeout: -1 })).rejects.toThrow(/fileTimeout must be a number of seconds/);
  });

  it('transformSource(): a failure naming the transform, within the limit', async () => {
    const started = Date.now();
    const r = await transformSource('trigger = 1\n', { transforms: [spinning], fileTimeout: 0.5 });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(r).toEqual({
      ok: false,
      error: { message: 'stopped after 0.5 s: transform spins did not finish (an endless loop?); file left untouched; --file-timeout sets the limit', transformId: 'spins', line: undefined, column: undefined },
    });
    // The same transform on other code is fine, and the built-ins are never timed.
    expect(await transformSource('x = 1\n', { transforms: [spinning], fileTimeout: 0.5 })).toMatchObject({ ok: true, changed: false });
  });

  it('the testing kit fails the case instead of hanging the test runner', async () => {
    const dir = tempProject({});
    const c = { name: 'loops', ext: '.py', input: 'trigger = 1\n', inputFile: 'loops.input.py' } as Parameters<typeof checkFixtureCase>[1];
    await expect(checkFixtureCase(spinning, c, { dir, python: false, timeout: 0.5 })).rejects.toThrow(
      /loops\.input\.py: the transform failed: stopped after 0\.5 s: transform spins did not finish/,
    );
  });
});

describe('withTimeLimit', () => {
  it('stops every hook of the transform, shares one budget per file, and lets other errors through', () => {
    const clock = new FileClock(200);
    const hooks: AnyTransform = {
      ...spinning,
      mayApply: (s) => {
        if (s === 'loop') for (;;) {}
        return true;
      },
      transform() {
        throw new Error('plain failure');
      },
    };
    const limited = withTimeLimit(hooks, clock);
    clock.start();
    expect(() => limited.mayApply!('loop', ANY_FILE)).toThrow(TransformTimeoutError);
    // The file's time is used up: the next call is refused at once.
    expect(() => limited.mayApply!('x', ANY_FILE)).toThrow(/stopped after 0\.2 s: transform spins/);
    clock.start();
    expect(limited.mayApply!('x', ANY_FILE)).toBe(true);
    expect(() => limited.transform({} as never)).toThrow(/^plain failure$/);
  });
});

const ANY_FILE = { path: 'a.py', options: {}, settings: defaultSettings() };

describe('the time limit itself', () => {
  it('says small limits as they are, and takes limits past what node:vm accepts (2^32-1 ms) as never ending a file', () => {
    expect(overtimeMessage(1)).toBe('stopped after 0.001 s: file left untouched; --file-timeout sets the limit');
    expect(overtimeMessage(60_000, 'x')).toMatch(/^stopped after 60 s: transform x did not finish/);
    expect(overtimeMessage(300)).toMatch(/^stopped after 0\.3 s/);
    expect(callWithin(5e15, () => 42)).toBe(42);
    expect(() => callWithin(20, () => {
      for (;;) {
        /* stopped */
      }
    })).toThrow(expect.objectContaining({ code: 'ERR_SCRIPT_EXECUTION_TIMEOUT' }));
  });
});

describe('a plugin that throws', { timeout: 60_000 }, () => {
  const THROWS_TS = `function helper(source: string): never {
  throw new Error('bad input of ' + source.length + ' characters');
}
export default { id: 'throws', description: 'x', transform(ctx: { source: string }) { helper(ctx.source); } };
`;
  // Frames of the plugin's own files, then the plugin named; nothing of what ran it (engine, worker, time limit).
  const OWN_FRAMES_ONLY = /^b\.py: error \[throws\]: transform throws crashed: Error: bad input of \d+ characters\n {4}at helper \(.*throws\.ts:2:\d+\)\n {4}at Object\.transform \(.*throws\.ts:4:\d+\) \(plugin: .*throws\.ts\)\n/m;

  it('shows only its own stack frames, in a worker thread and on the main thread (stdin)', async () => {
    const mods = tempProject({ 'throws.ts': THROWS_TS });
    const dir = project();
    const files = await runCli(['-t', join(mods, 'throws.ts'), '--select', 'throws', '--no-cache', '-j', '1', 'b.py'], { cwd: dir });
    expect(files.stderr).toMatch(OWN_FRAMES_ONLY);
    const stdin = await runCli(['-t', join(mods, 'throws.ts'), '--select', 'throws', '-', '--stdin-filename', 'b.py'], { cwd: dir, stdin: 'x = 1\n' });
    expect(stdin.stderr).toMatch(OWN_FRAMES_ONLY);
  });
});
