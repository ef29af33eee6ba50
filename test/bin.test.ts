// One end-to-end run of the built `pycodemod` bin (what `npm install` puts on PATH).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempProject } from './helpers/cli.js';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'dist', 'src', 'bin.js');

describe('the built bin', () => {
  beforeAll(() => {
    // CI builds through `npm ci` (prepare: npm run build); build the same way when run from a bare checkout.
    if (!existsSync(BIN)) {
      const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`build failed: ${r.stdout}${r.stderr}`);
    }
  }, 120_000);

  it('rewrites files with --write and exits 0; --check then exits 0', () => {
    const dir = tempProject({ 'mod.py': 'def f(x=[]):\n    return x\n' });
    const write = spawnSync(process.execPath, [BIN, '--select', 'mutable-defaults', '--write', '.'], { cwd: dir, encoding: 'utf8' });
    expect(write.status).toBe(0);
    expect(readFileSync(join(dir, 'mod.py'), 'utf8')).toContain('if x is None:');
    const check = spawnSync(process.execPath, [BIN, '--check', '--select', 'mutable-defaults'], { cwd: dir, encoding: 'utf8' });
    expect(check.status).toBe(0);
  });

  it('tunes the JIT only on the V8 it was measured with, and silently (an unknown V8 flag prints an error)', () => {
    // V8 prints "unrecognized flag" to stderr for a flag it does not know: a run must stay quiet.
    const r = spawnSync(process.execPath, [BIN, '--version'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const probe = (version: string) =>
      spawnSync(process.execPath, ['--input-type=module', '-e', `import { tuneJitForShortRuns } from ${JSON.stringify(join(ROOT, 'dist', 'src', 'jit-tuning.js'))}; console.log(tuneJitForShortRuns(${JSON.stringify(version)}))`], { encoding: 'utf8' });
    expect(probe('12.4.254.21-node.33').stdout.trim()).toBe('false');
    const here = probe(process.versions.v8);
    expect(here.stdout.trim()).toBe(String(process.versions.v8.startsWith('11.')));
    expect(here.stderr).toBe('');
  });

  it('is executable, as `npx pycodemod` runs it directly', () => {
    expect(statSync(BIN).mode & 0o111).toBe(0o111);
    const r = spawnSync(BIN, ['--version'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('stops quietly when the reader of its output goes away (`pycodemod | head -1`)', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 60; i++) files[`m${i}.py`] = 'def f(x=[]):\n    return x\n'.repeat(40);
    const dir = tempProject(files);
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" --select mutable-defaults --no-cache -j 1 . | head -1`], { cwd: dir, encoding: 'utf8' });
    expect(r.stdout).toBe('--- a/m0.py\n');
    expect(r.stderr).not.toMatch(/EPIPE|Unhandled/);
  });

  it('keeps the exit code when the reader goes away: `--check | head -1` exits 1 under pipefail', () => {
    const files: Record<string, string> = {};
    // More output than a pipe holds (64 KiB), so the writes after `head` exits really fail.
    const long = 'n'.repeat(150);
    for (let i = 0; i < 600; i++) files[`m${String(i).padStart(3, '0')}${long}.py`] = 'def f(x=[]):\n    return x\n';
    files['zz_broken.py'] = 'def f(x=[]:\n';
    const dir = tempProject(files);
    const cli = `"${process.execPath}" "${BIN}" --select mutable-defaults --no-cache`;
    const check = spawnSync('bash', ['-c', `set -o pipefail; ${cli} --check | head -1`], { cwd: dir, encoding: 'utf8' });
    expect(check.stdout).toBe(`m000${long}.py\n`);
    expect(check.status).toBe(1);
    // A dry run's code depends on the whole run: the failure at the very end is still seen.
    const dry = spawnSync('bash', ['-c', `set -o pipefail; ${cli} -j 1 | head -1`], { cwd: dir, encoding: 'utf8' });
    expect(dry.stdout).toBe(`--- a/m000${long}.py\n`);
    expect(dry.stderr).not.toMatch(/EPIPE|Unhandled|internal error/);
    expect(dry.status).toBe(1);
  }, 60_000);

  it('exits 2 on a usage error', () => {
    const r = spawnSync(process.execPath, [BIN, '--no-such-flag'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
  });
});
