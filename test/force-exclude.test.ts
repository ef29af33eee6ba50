// --force-exclude: files named on the command line obey the excludes too (pre-commit names every file).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempProject } from './helpers/cli.js';

/** Each test runs the CLI several times; a shared, loaded machine can be slow. */
const SLOW = 120_000;

const MUTABLE = 'def f(x=[]):\n    return x\n';
const FIXED = 'def f(x=None):\n    if x is None:\n        x = []\n    return x\n';
const only = ['--select', 'mutable-defaults'];

describe('--force-exclude', () => {
  const files = {
    'pyproject.toml': '[tool.pycodemod]\nextend-exclude = ["migrations", "gen_*.py"]\n',
    'app/mod.py': MUTABLE,
    'app/gen_api.py': MUTABLE,
    'migrations/m0001.py': MUTABLE,
    // A nested project with its own configuration and excludes.
    'sub/pyproject.toml': '[tool.pycodemod]\nextend-exclude = ["legacy"]\n',
    'sub/legacy/old.py': MUTABLE,
    'sub/new.py': MUTABLE,
  };
  const named = ['app/mod.py', 'app/gen_api.py', 'migrations/m0001.py', 'sub/legacy/old.py', 'sub/new.py'];

  it('without it, a file named explicitly is processed whatever the excludes say', async () => {
    const dir = tempProject(files);
    const r = await runCli([...only, '--check', ...named], { cwd: dir });
    expect(r.stdout.split('\n').filter(Boolean).sort()).toEqual([...named].sort());
  }, SLOW);

  it("with it, named files obey the base configuration's excludes and their own configuration's", async () => {
    const dir = tempProject(files);
    const r = await runCli([...only, '--check', '--force-exclude', ...named], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('app/mod.py\nsub/new.py\n');
    expect(r.stderr).toContain('2 files would be changed, 0 unchanged, 3 skipped (excluded: 3)');
  }, SLOW);

  it('is reported in the JSON report as skipped files, and --write leaves them alone', async () => {
    const dir = tempProject(files);
    const json = await runCli([...only, '--format', 'json', '--force-exclude', 'migrations/m0001.py', 'app/mod.py'], { cwd: dir });
    const report = JSON.parse(json.stdout) as { files: { path: string; status: string; reason?: string }[] };
    expect(report.files.map((f) => [f.path, f.status])).toEqual([
      ['app/mod.py', 'changed'],
      ['migrations/m0001.py', 'skipped'],
    ]);
    expect(report.files[1]!.reason).toMatch(/^excluded: /);
    await runCli([...only, '--write', '--force-exclude', ...named], { cwd: dir });
    expect(readFileSync(join(dir, 'app/mod.py'), 'utf8')).toBe(FIXED);
    expect(readFileSync(join(dir, 'migrations/m0001.py'), 'utf8')).toBe(MUTABLE);
    expect(readFileSync(join(dir, 'sub/legacy/old.py'), 'utf8')).toBe(MUTABLE);
  }, SLOW);

  it('changes nothing for folders (the walk always applied the excludes)', async () => {
    const dir = tempProject(files);
    const plain = await runCli([...only, '--check', '.'], { cwd: dir });
    const forced = await runCli([...only, '--check', '--force-exclude', '.'], { cwd: dir });
    expect(forced.stdout).toBe(plain.stdout);
    expect(forced.stdout).toBe('app/mod.py\nsub/new.py\n');
  }, SLOW);
});
