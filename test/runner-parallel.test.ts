// Worker threads: the same results, in the same order, whatever --jobs says. Under vitest the workers run
// the TypeScript sources (schedule.ts bootstraps tsx inside each thread), so this exercises the real code.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../src/runner/run.js';
import { builtinTransforms } from '../transforms/index.js';
import { schedule, workerCount } from '../src/runner/workers/schedule.js';
import { defaultSettings } from '../src/core/settings.js';
import { defineTransform } from '../src/core/types.js';
import { loadPythonParser } from '../src/core/parser.js';
import { runCli, tempProject } from './helpers/cli.js';

const MUTABLE = 'def f(x=[]):\n    return x\n';
const FIXED = 'def f(x=None):\n    if x is None:\n        x = []\n    return x\n';
const CLEAN = 'def g(x=None):\n    return x\n';

/** A project with every kind of result, named so that sorted order differs from creation order. */
function project(): string {
  return tempProject({
    'z_last.py': MUTABLE,
    'a_first.py': MUTABLE,
    'pkg/__init__.py': '',
    'pkg/clean.py': CLEAN,
    'pkg/sub/deep.py': 'def h(d={}):\n    return d\n',
    'broken.py': 'def f(x=[]:\n',
    'skipme.py': '# pycodemod: skip-file\ndef f(x=[]):\n    return x\n',
    'latin.py': Buffer.from('# -*- coding: latin-1 -*-\nx = "\xe9"\n', 'latin1'),
    'm_middle.py': 'def k(a, b=[1, 2]):\n    return a\n',
    'n_more.py': MUTABLE,
  });
}

describe('--jobs', { timeout: 60_000 }, () => {
  for (const mode of [[], ['--check'], ['--check', '--diff'], ['--format', 'json'], ['-v']]) {
    it(`prints exactly the same with --jobs 1 and --jobs 2 (${mode.join(' ') || 'diff'})`, async () => {
      const dir = project();
      const one = await runCli([...mode, '--jobs', '1', '--no-cache'], { cwd: dir });
      const two = await runCli([...mode, '--jobs', '2', '--no-cache'], { cwd: dir });
      expect(two).toEqual(one);
      expect(one.stdout.length + one.stderr.length).toBeGreaterThan(0);
    });
  }

  it('really uses workers with --jobs 2, none with --jobs 1, and emits results in sorted path order', async () => {
    const dir = project();
    const seen: string[] = [];
    const two = await run({ cwd: dir, jobs: 2, onResult: (r) => seen.push(r.path) });
    // Never more threads than cores (the library keeps the main thread out of the work by default).
    expect(two.stats.workers).toBe(Math.min(2, availableParallelism()));
    // As the CLI asks: with built-ins alone the main thread is one of them (one isolate fewer).
    const shared = await run({ cwd: dir, jobs: 2, shareMainThread: true });
    expect(shared.stats.workers).toBe(Math.min(2, availableParallelism()) - 1);
    expect(shared.results).toEqual(two.results);
    expect(two.stats.processed).toBe(10);
    expect(seen).toEqual([...seen].sort());
    expect(seen).toEqual(two.results.map((r) => r.path));
    const one = await run({ cwd: dir, jobs: 1 });
    expect(one.stats.workers).toBe(0);
    expect(one.results).toEqual(two.results);
    expect(one.summary).toEqual(two.summary);
  });

  it('writes from the workers with --write, and the second run finds nothing', async () => {
    const dir = project();
    const r = await runCli(['--write', '--jobs', '2', '--no-cache'], { cwd: dir });
    expect(r.code).toBe(1); // broken.py fails
    expect(readFileSync(join(dir, 'a_first.py'), 'utf8')).toBe(FIXED);
    expect(readFileSync(join(dir, 'z_last.py'), 'utf8')).toBe(FIXED);
    expect(readFileSync(join(dir, 'skipme.py'), 'utf8')).toContain('x=[]');
    const again = await run({ cwd: dir, jobs: 2, select: ['mutable-defaults'] });
    expect(again.summary.changed).toBe(0);
  });

  it('runs transforms that are not in the registry in-process (functions cannot cross threads)', async () => {
    const dir = project();
    const custom = defineTransform({
      id: 'custom',
      description: 'test',
      docs: { whatItDoes: '', why: '', example: { before: '', after: '' }, semantics: '' },
      options: {},
      transform() {},
    });
    const r = await run({ cwd: dir, jobs: 2, transforms: [custom] });
    expect(r.stats.workers).toBe(0);
    expect(r.summary.files).toBe(10);
    // The built-in ones passed explicitly still go to a worker (and the main thread takes its share).
    const b = await run({ cwd: dir, jobs: 2, transforms: builtinTransforms, shareMainThread: true });
    expect(b.stats.workers).toBe(1);
  });

  it('caps workers at what helps: the cores, and the files (-j 1000 does not start 1,000 threads)', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 60; i++) files[`m${i}.py`] = MUTABLE;
    const dir = tempProject(files);
    const r = await run({ cwd: dir, jobs: 1000, select: ['mutable-defaults'], shareMainThread: true });
    expect(r.stats.workers).toBe(Math.min(availableParallelism(), 60) - 1); // and the main thread
    expect(r.summary.changed).toBe(60);
    expect(workerCount(1000, 5000, 2)).toBe(2);
    expect(workerCount(1000, 3, 64)).toBe(3);
    expect(workerCount(undefined, 48, 8)).toBe(2); // the default: one worker per 24 files
    expect(workerCount(4, 1, 8)).toBe(1);
  });

  it('rejects a --jobs that is not a positive whole number', async () => {
    const dir = project();
    for (const bad of ['0', '-1', '1.5']) {
      const r = await runCli(['--jobs', bad], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--jobs must be a whole number/);
    }
  });

  it('starts workers from the built output too (dist/.../worker.js beside schedule.js)', () => {
    const root = join(import.meta.dirname, '..');
    const bin = join(root, 'dist', 'src', 'bin.js');
    if (!existsSync(bin)) {
      const r = spawnSync('npx', ['tsc', '-p', '.'], { cwd: root, encoding: 'utf8' });
      if (!existsSync(bin)) throw new Error(`build failed: ${r.stdout}${r.stderr}`);
    }
    const dir = project();
    const runBin = (jobs: string) => spawnSync(process.execPath, [bin, '--no-cache', '--format', 'json', '--jobs', jobs], { cwd: dir, encoding: 'utf8' });
    const two = runBin('2');
    const one = runBin('1');
    expect(two.stderr).toBe('');
    expect(two.status).toBe(one.status);
    expect(two.stdout).toBe(one.stdout);
    expect(JSON.parse(two.stdout).summary.files).toBe(10);
  });

  it('rejects (never hangs) when a worker cannot set up, and stops its workers', async () => {
    const dir = project();
    const files = ['a_first.py', 'z_last.py'].map((f) => join(dir, f));
    const emitted: string[] = [];
    await expect(
      schedule({
        files,
        display: (p) => p,
        workers: 2,
        configOf: [0, 0],
        init: { plugins: [], configs: [{ settings: defaultSettings(dir), transforms: [{ id: 'no-such-transform' }] }], write: false, hashing: false, diff: false },
        local: () => Promise.reject(new Error('not used')),
        emit: (r) => emitted.push(r.path),
      }),
    ).rejects.toThrow(/no-such-transform is not in the registry/);
    expect(emitted).toEqual([]);
  });

  it('shares the files between a worker and the main thread (mainThreadShare), emitting every result once, in order', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 200; i++) files[`m${String(i).padStart(3, '0')}.py`] = i % 2 ? MUTABLE : CLEAN;
    const dir = tempProject(files);
    const paths = Object.keys(files).sort().map((f) => join(dir, f));
    const settings = defaultSettings(dir);
    const mutable = builtinTransforms.filter((t) => t.id === 'mutable-defaults');
    let onMain = 0;
    const emitted: { path: string; kind: string }[] = [];
    // The main thread joins once the worker has sent a first result: both take files whatever the machine
    // (a worker under vitest starts slowly; the main thread alone could otherwise be done before it).
    let firstResult!: () => void;
    const workerStarted = new Promise<void>((resolve) => (firstResult = resolve));
    const stats = await schedule({
      files: paths,
      display: (p) => p,
      workers: 1,
      mainThreadShare: true,
      configOf: paths.map(() => 0),
      init: { plugins: [], configs: [{ settings, transforms: [{ id: 'mutable-defaults' }] }], write: false, hashing: false, diff: false },
      local: async () => ({
        parser: await workerStarted.then(loadPythonParser),
        configs: [{ settings, transforms: mutable }],
        write: false,
        hashing: false,
        diff: false,
        startFile: () => onMain++,
      }),
      emit: (r) => {
        emitted.push({ path: r.path, kind: r.kind });
        firstResult();
      },
    });
    expect(stats.workers).toBe(1);
    expect(stats.processed).toBe(200);
    expect(emitted.map((r) => r.path)).toEqual(paths);
    expect(emitted.map((r) => r.kind)).toEqual(paths.map((_, i) => (i % 2 ? 'changed' : 'unchanged')));
    // Both threads took files: the main thread some, the worker the rest.
    expect(onMain).toBeGreaterThan(0);
    expect(onMain).toBeLessThan(200);
  });

  // The main thread's share keeps the workers' time limit: a file past it is stopped (node:vm's timeout
  // interrupts even an endless loop) and fails with the watchdog's words; the main thread then takes no
  // more files (the parser's state may be half-changed) and a worker takes its place. The main thread,
  // ready first, takes the first file.
  const twoFiles = () => {
    const dir = tempProject({ 'a.py': MUTABLE, 'b.py': MUTABLE });
    return ['a.py', 'b.py'].map((f) => join(dir, f));
  };
  const shareInput = (paths: string[], local: (progress?: Int32Array) => Promise<import('../src/runner/workers/task.js').TaskContext>) => {
    const settings = defaultSettings();
    const emitted: { path: string; kind: string; message?: string }[] = [];
    return {
      emitted,
      input: {
        files: paths,
        display: (p: string) => p,
        workers: 1,
        mainThreadShare: true,
        configOf: paths.map(() => 0),
        init: { plugins: [], configs: [{ settings, transforms: [{ id: 'mutable-defaults' }] }], write: false, hashing: false, diff: false },
        local,
        fileTimeoutMs: 300,
        describeTransform: () => ({ id: 'spin' }),
        emit: (r: import('../src/runner/file-result.js').FileResult) => emitted.push({ path: r.path, kind: r.kind, ...(r.kind === 'failed' ? { message: r.error.message } : {}) }),
      },
    };
  };

  it('a file past the time limit on the main thread is stopped and fails as in a worker, unwritten; a worker takes the main thread\'s place', async () => {
    const paths = twoFiles();
    const settings = defaultSettings();
    let onMain = 0;
    const spin = defineTransform({
      id: 'spin',
      description: 'loops forever',
      docs: { whatItDoes: '', why: '', example: { before: '', after: '' }, semantics: '' },
      options: {},
      transform() {
        for (;;) {
          /* an endless loop */
        }
      },
    });
    const { emitted, input } = shareInput(paths, async (progress) => {
      const { noted } = await import('../src/runner/workers/note-progress.js');
      return { parser: await loadPythonParser(), configs: [{ settings, transforms: [noted(spin, 0, 0, progress)] }], write: true, hashing: false, diff: false, startFile: () => onMain++ };
    });
    const stats = await schedule({ ...input, init: { ...input.init, write: true } });
    expect(onMain).toBe(1);
    // Only the engine is timed: the stopped file is untouched, the worker wrote the other, no temp file is left.
    expect(readFileSync(paths[0]!, 'utf8')).toBe(MUTABLE);
    expect(readFileSync(paths[1]!, 'utf8')).not.toBe(MUTABLE);
    expect(readdirSync(dirname(paths[0]!)).sort()).toEqual(['a.py', 'b.py']);
    expect(emitted).toEqual([
      { path: paths[0], kind: 'failed', message: 'stopped after 0.3 s: transform spin did not finish (an endless loop?); file left untouched; --file-timeout sets the limit' },
      { path: paths[1], kind: 'changed' },
    ]);
    expect(stats.workers).toBe(2); // the first worker, and the one that took the main thread's place
  });

  it('keeps a pattern rule\'s files in workers (no main-thread share): its regex constraints are the user\'s', async () => {
    const dir = project();
    const { ruleTransform } = await import('../src/patterns/rule-transform.js');
    const rule = ruleTransform(
      { id: 'no-x', pattern: 'x = $A', message: 'x', qualified: false, imports: [], removeUnusedImports: [], inside: [], notInside: [], has: [], notHas: [], constraints: {}, enabled: true, valid: [], invalid: [], tests: [], origin: 'test' },
      await loadPythonParser(),
    );
    const r = await run({ cwd: dir, jobs: 2, transforms: [...builtinTransforms.filter((t) => t.id === 'mutable-defaults'), rule], shareMainThread: true });
    expect(r.stats.workers).toBe(Math.min(2, availableParallelism()));
  });
});


describe('the write claim (a worker under the watchdog)', () => {
  it('a file whose write the watchdog claimed first is neither written nor reported written; one the worker claimed is written', async () => {
    const { processBytes } = await import('../src/runner/process-file.js');
    const dir = tempProject({ 'a.py': MUTABLE });
    const path = join(dir, 'a.py');
    const options = { parser: await loadPythonParser(), transforms: builtinTransforms.filter((t) => t.id === 'mutable-defaults'), settings: defaultSettings(), write: true };
    const refused = processBytes(path, 'a.py', Buffer.from(MUTABLE), { ...options, mayWrite: () => false });
    expect(refused).toMatchObject({ kind: 'failed', error: { message: 'stopped before writing; file left untouched' } });
    expect(readFileSync(path, 'utf8')).toBe(MUTABLE);
    const claimed = processBytes(path, 'a.py', Buffer.from(MUTABLE), { ...options, mayWrite: () => true });
    expect(claimed).toMatchObject({ kind: 'changed', written: true });
    expect(readFileSync(path, 'utf8')).not.toBe(MUTABLE);
  });
});
