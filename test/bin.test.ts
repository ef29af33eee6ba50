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

  it('exits 2 on a usage error', () => {
    const r = spawnSync(process.execPath, [BIN, '--no-such-flag'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
  });
});
