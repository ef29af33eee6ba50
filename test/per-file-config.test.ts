// Each file takes its settings from the nearest pyproject.toml above it (as Ruff does); --config applies
// one file to everything; command-line flags override every configuration.
import { existsSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../src/index.js';
import { runCli, tempProject } from './helpers/cli.js';

const HOUR_AGO = Date.now() / 1000 - 3600;
const BOTH = 'def f(x=[]):\n    print(x)\n    return x\n';

/** repos/a only fixes mutable defaults, repos/b only prints; the folder above has no config. */
function repos(extra: Record<string, string> = {}): string {
  const files: Record<string, string> = {
    'repos/a/pyproject.toml': '[tool.pycodemod]\nselect = ["mutable-defaults"]\n',
    'repos/a/pkg/mod.py': BOTH,
    'repos/b/pyproject.toml': '[tool.pycodemod]\nselect = ["print-to-logging"]\n',
    'repos/b/mod.py': BOTH,
    ...extra,
  };
  const dir = tempProject(files);
  for (const f of Object.keys(files)) utimesSync(join(dir, f), HOUR_AGO, HOUR_AGO);
  return dir;
}

const editsOf = (report: Awaited<ReturnType<typeof run>>, path: string) => {
  const r = report.results.find((x) => x.path === path);
  return r?.kind === 'changed' ? [...new Set(r.edits.map((e) => e.transform))] : [];
};

describe('per-file configuration', { timeout: 60_000 }, () => {
  it("applies a's settings to a's files and b's to b's", async () => {
    const dir = repos();
    const report = await run({ cwd: dir, paths: ['repos/a', 'repos/b'] });
    expect(editsOf(report, 'repos/a/pkg/mod.py')).toEqual(['mutable-defaults']);
    expect(editsOf(report, 'repos/b/mod.py')).toEqual(['print-to-logging']);
    expect(report.configs.map((c) => [c.path, c.transforms])).toEqual([
      [join(dir, 'repos/a/pyproject.toml'), ['mutable-defaults']],
      [join(dir, 'repos/b/pyproject.toml'), ['print-to-logging']],
    ]);
    expect(report.transforms).toEqual(['mutable-defaults', 'print-to-logging']);
    // Order of the paths does not matter; nor does running from inside one of the repositories.
    const reversed = await run({ cwd: join(dir, 'repos/a'), paths: ['../b', '.'] });
    expect(editsOf(reversed, '../b/mod.py')).toEqual(['print-to-logging']);
    expect(editsOf(reversed, 'pkg/mod.py')).toEqual(['mutable-defaults']);
  });

  it('gives identical output for any --jobs with several configurations', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 30; i++) {
      files[`repos/a/m${i}.py`] = BOTH;
      files[`repos/b/m${i}.py`] = BOTH;
    }
    const dir = repos(files);
    const one = await runCli(['--no-cache', '-j', '1', 'repos/a', 'repos/b'], { cwd: dir });
    const two = await runCli(['--no-cache', '-j', '2', 'repos/a', 'repos/b'], { cwd: dir });
    expect(two).toEqual(one);
    expect(one.stdout).toContain('--- a/repos/a/m0.py');
    expect(one.stderr).toMatch(/edits: mutable-defaults 31, print-to-logging 31/);
    const report = await run({ cwd: dir, paths: ['repos'], jobs: 2, shareMainThread: true });
    expect(report.stats.workers).toBe(1); // -j 2 with built-ins alone: one worker and the main thread
    expect(editsOf(report, 'repos/b/m7.py')).toEqual(['print-to-logging']);
  });

  it('lets command-line flags override every configuration', async () => {
    const dir = repos();
    const report = await run({ cwd: dir, paths: ['repos'], select: ['print-to-logging'] });
    expect(editsOf(report, 'repos/a/pkg/mod.py')).toEqual(['print-to-logging']);
    expect(editsOf(report, 'repos/b/mod.py')).toEqual(['print-to-logging']);
  });

  it('uses one configuration for every file with --config, and none with --isolated', async () => {
    const dir = repos({ 'shared.toml': 'select = ["print-to-logging"]\n' });
    const fixed = await run({ cwd: dir, paths: ['repos'], config: 'shared.toml' });
    expect(editsOf(fixed, 'repos/a/pkg/mod.py')).toEqual(['print-to-logging']);
    expect(fixed.configs).toHaveLength(1);
    const isolated = await run({ cwd: dir, paths: ['repos'], isolated: true, select: ['mutable-defaults'] });
    expect(editsOf(isolated, 'repos/b/mod.py')).toEqual(['mutable-defaults']);
  });

  it('falls back to the configuration found from the cwd for files with none above them', async () => {
    const dir = repos({ 'loose/mod.py': BOTH });
    const report = await run({ cwd: join(dir, 'repos/a'), paths: ['.', '../../loose'] });
    expect(editsOf(report, 'pkg/mod.py')).toEqual(['mutable-defaults']);
    expect(editsOf(report, '../../loose/mod.py')).toEqual(['mutable-defaults']);
    // With a pyproject.toml above it, that one.
    writeFileSync(join(dir, 'pyproject.toml'), '[tool.pycodemod]\nselect = ["print-to-logging"]\n');
    const above = await run({ cwd: join(dir, 'repos/a'), paths: ['.', '../../loose'] });
    expect(editsOf(above, '../../loose/mod.py')).toEqual(['print-to-logging']);
  });

  it('keeps a cache per configuration, in its own project root', async () => {
    const dir = repos();
    const cold = await run({ cwd: dir, paths: ['repos'], cache: true });
    expect(cold.stats).toMatchObject({ processed: 2, cacheHits: 0 });
    expect(existsSync(join(dir, 'repos/a/.pycodemod_cache'))).toBe(true);
    expect(existsSync(join(dir, 'repos/b/.pycodemod_cache'))).toBe(true);
    expect(existsSync(join(dir, '.pycodemod_cache'))).toBe(false);
    const warm = await run({ cwd: dir, paths: ['repos'], cache: true });
    expect(warm.stats).toMatchObject({ processed: 0, cacheHits: 2 });
    expect(editsOf(warm, 'repos/b/mod.py')).toEqual(['print-to-logging']);
    // Running inside one repository reuses its cache.
    const inside = await run({ cwd: join(dir, 'repos/a'), cache: true });
    expect(inside.stats).toMatchObject({ processed: 0, cacheHits: 1 });
    // A change to one configuration misses for its files only.
    writeFileSync(join(dir, 'repos/b/pyproject.toml'), '[tool.pycodemod]\nselect = ["print-to-logging"]\nline-length = 100\n');
    const after = await run({ cwd: dir, paths: ['repos'], cache: true });
    expect(after.stats).toMatchObject({ processed: 1, cacheHits: 1 });
    expect(readdirSync(join(dir, 'repos/a/.pycodemod_cache')).some((f) => /^\d/.test(f))).toBe(true);
  });

  it('loads each configuration\'s own plugins for its files only', async () => {
    const plugin = `export default { id: 'shout', description: 'x', transform(ctx) {
  const i = ctx.source.indexOf('hello'); if (i >= 0) ctx.report({ offset: i, message: 'x', fix: [{ start: i, end: i + 5, text: 'HELLO' }] });
} };\n`;
    const dir = repos({
      'repos/a/pyproject.toml': '[tool.pycodemod]\nplugins = ["shout.mjs"]\nselect = ["shout"]\n',
      'repos/a/shout.mjs': plugin,
      'repos/a/x.py': 's = "hello"\n',
      'repos/b/x.py': 's = "hello"\n',
    });
    const report = await run({ cwd: dir, paths: ['repos'], jobs: 2 });
    expect(report.results.find((r) => r.path === 'repos/a/x.py')).toMatchObject({ kind: 'changed', after: 's = "HELLO"\n' });
    expect(report.results.find((r) => r.path === 'repos/b/x.py')).toMatchObject({ kind: 'unchanged' });
    // --select of an id only one configuration knows selects it there, and nothing in the other.
    const selected = await runCli(['--select', 'shout', '--no-cache', 'repos'], { cwd: dir });
    expect(selected.code).toBe(0);
    expect(selected.stdout).toContain('+s = "HELLO"');
    expect(selected.stdout).not.toContain('repos/b');
    const unknown = await runCli(['--select', 'whisper', 'repos'], { cwd: dir });
    expect(unknown.code).toBe(2);
  });

  it("applies each configuration's excludes to its own files", async () => {
    const dir = repos({
      'repos/a/pyproject.toml': '[tool.pycodemod]\nselect = ["mutable-defaults"]\nextend-exclude = ["migrations"]\n',
      'repos/a/migrations/m1.py': BOTH,
      'repos/b/migrations/m1.py': BOTH,
    });
    const report = await run({ cwd: dir, paths: ['repos'] });
    expect(report.results.map((r) => r.path)).toEqual(['repos/a/pkg/mod.py', 'repos/b/migrations/m1.py', 'repos/b/mod.py']);
    // Named on the command line, a file is processed whatever the excludes say.
    const named = await run({ cwd: dir, paths: ['repos/a/migrations/m1.py'] });
    expect(editsOf(named, 'repos/a/migrations/m1.py')).toEqual(['mutable-defaults']);
    // --exclude on the command line replaces every configuration's `exclude` (extend-exclude still adds).
    const flag = await run({ cwd: dir, paths: ['repos'], exclude: ['mod.py'] });
    expect(flag.results.map((r) => r.path)).toEqual(['repos/b/migrations/m1.py']);
  });

  it('reads stdin with the settings of the configuration above --stdin-filename', async () => {
    const dir = repos();
    const r = await runCli(['-', '--stdin-filename', 'repos/b/new.py'], { cwd: dir, stdin: BOTH });
    expect(r.stdout).toContain('logger.info');
    expect(r.stdout).toContain('def f(x=[]):');
  });
});
