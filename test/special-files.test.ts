// Only regular files are read, and nothing that cannot be read is skipped silently: FIFOs (which would
// block a read forever) wherever a file is expected, unreadable folders, files and .gitignore files.
// FIFO tests run the built CLI in a child process with a timeout: a hang fails the test instead of
// blocking it. Permission tests run as an unprivileged user (root can read everything).
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempProject } from './helpers/cli.js';
import { BIN, ROOT, ensureBuilt, giveToUnprivileged, runBin, runBinUnprivileged, unprivileged } from './helpers/built-cli.js';

const MUTABLE = 'def f(x=[]):\n    return x\n';
const only = ['--select', 'mutable-defaults', '--no-cache'];
const HANG_MS = 20_000;

function mkfifo(path: string): void {
  const r = spawnSync('mkfifo', [path]);
  if (r.status !== 0) throw new Error(`mkfifo failed: ${r.stderr}`);
}

describe('FIFOs never hang a run', { timeout: 60_000 }, () => {
  beforeAll(ensureBuilt);

  it('a FIFO named like a Python file in a folder is skipped with the reason; the other files are processed', () => {
    const dir = tempProject({ 'pkg/ok.py': MUTABLE });
    mkfifo(join(dir, 'pkg/pipe.py'));
    const r = runBin([...only, '--check'], { cwd: dir, timeoutMs: HANG_MS });
    expect(r.timedOut).toBe(false);
    expect(r.stdout).toBe('pkg/ok.py\n');
    expect(r.stderr).toMatch(/^pkg\/pipe\.py: skipped: is a FIFO \(named pipe\), not a regular file: not read$/m);
    expect(r.code).toBe(1);
  });

  it('a FIFO named on the command line is an error naming it (exit 1)', () => {
    const dir = tempProject({ 'ok.py': 'x = 1\n' });
    mkfifo(join(dir, 'pipe.py'));
    const r = runBin([...only, 'pipe.py', 'ok.py'], { cwd: dir, timeoutMs: HANG_MS });
    expect(r.timedOut).toBe(false);
    expect(r.stderr).toMatch(/^pipe\.py: error: a FIFO \(named pipe\), not a regular file: not read/m);
    expect(r.code).toBe(1);
  });

  it('a FIFO .gitignore: an error naming it, and the folder it governs is not processed', () => {
    const dir = tempProject({ 'top.py': MUTABLE, 'pkg/inner.py': MUTABLE });
    mkdirSync(join(dir, '.git'));
    mkfifo(join(dir, 'pkg/.gitignore'));
    const r = runBin([...only, '--write'], { cwd: dir, timeoutMs: HANG_MS });
    expect(r.timedOut).toBe(false);
    expect(r.stderr).toMatch(/^pkg\/\.gitignore: error: cannot read it: is a FIFO \(named pipe\), not a regular file .*the files under .*pkg were not processed/m);
    expect(r.code).toBe(1);
    expect(readFileSync(join(dir, 'pkg/inner.py'), 'utf8')).toBe(MUTABLE);
    expect(readFileSync(join(dir, 'top.py'), 'utf8')).not.toBe(MUTABLE);
  });

  it('a FIFO pyproject.toml or --config file is a configuration error (exit 2)', () => {
    const dir = tempProject({ 'mod.py': MUTABLE });
    mkfifo(join(dir, 'pyproject.toml'));
    mkfifo(join(dir, 'cfg.toml'));
    const found = runBin([...only], { cwd: dir, timeoutMs: HANG_MS });
    expect(found.timedOut).toBe(false);
    expect(found.stderr).toMatch(/cannot read the config file .*pyproject\.toml: is a FIFO/);
    expect(found.code).toBe(2);
    const named = runBin([...only, '--config', 'cfg.toml'], { cwd: dir, timeoutMs: HANG_MS });
    expect(named.timedOut).toBe(false);
    expect(named.stderr).toMatch(/cannot read the config file .*cfg\.toml: is a FIFO/);
    expect(named.code).toBe(2);
  });

  it('a FIFO given to --explain-imports or --print-tree is a usage error (exit 2)', () => {
    const dir = tempProject({});
    mkfifo(join(dir, 'pipe.py'));
    for (const flag of ['--explain-imports', '--print-tree']) {
      const r = runBin([flag, 'pipe.py'], { cwd: dir, timeoutMs: HANG_MS });
      expect(r.timedOut).toBe(false);
      expect(r.stderr).toMatch(/cannot read pipe\.py: is a FIFO \(named pipe\), not a regular file/);
      expect(r.code).toBe(2);
    }
  });

  it('a file replaced by a FIFO after discovery is reported, not waited on (the read itself checks)', () => {
    const dir = tempProject({});
    mkfifo(join(dir, 'swapped.py'));
    // The worker's read, on a path discovery saw as a file: it must return at once with the reason.
    const task = pathToFileURL(join(ROOT, 'dist/src/runner/workers/task.js')).href;
    const script = `const { runTask } = await import(${JSON.stringify(task)});
      const o = runTask({ index: 0, path: ${JSON.stringify(join(dir, 'swapped.py'))}, display: 'swapped.py' }, {});
      console.log(JSON.stringify(o.result));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: HANG_MS, killSignal: 'SIGKILL' });
    expect(r.error).toBeUndefined();
    expect(JSON.parse(r.stdout)).toEqual({
      kind: 'failed',
      path: 'swapped.py',
      cause: 'io',
      error: { message: 'cannot read: is a FIFO (named pipe), not a regular file (only regular files are read)' },
    });
  });

  it('files swapped for FIFOs while a run is going never hang it', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 400; i++) files[`m${String(i).padStart(3, '0')}.py`] = MUTABLE.repeat(20);
    const dir = tempProject(files);
    const child = spawn(process.execPath, [BIN, ...only, '--write', '-j', '2'], { cwd: dir, stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Swap from the last file backwards, while the run works forwards: some swaps land between discovery and reading.
    await new Promise((r) => setTimeout(r, 150));
    for (let i = 399; i >= 0; i -= 3) {
      const p = join(dir, `m${String(i).padStart(3, '0')}.py`);
      renameSync(p, `${p}.moved`);
      mkfifo(p);
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), HANG_MS);
    const code = await exited;
    clearTimeout(timer);
    expect(code).not.toBeNull(); // null: killed by the timer, i.e. it hung
  });
});

describe.skipIf(!unprivileged.prefix)(`unreadable folders and files are errors${unprivileged.reason ? ` (skipped: ${unprivileged.reason})` : ''}`, { timeout: 60_000 }, () => {
  beforeAll(ensureBuilt);

  it('a folder that cannot be listed: an error naming it, exit 1 (not "0 files would be changed")', () => {
    const dir = tempProject({ 'ok.py': 'x = 1\n', 'pkg/secret/mod.py': MUTABLE });
    giveToUnprivileged(dir);
    chmodSync(join(dir, 'pkg/secret'), 0o000);
    try {
      const r = runBinUnprivileged([...only, '--check'], { cwd: dir });
      expect(r.stderr).toMatch(/^pkg\/secret: error: cannot list the folder: permission denied; its files were not processed$/m);
      expect(r.stderr).toMatch(/0 files would be changed, 1 unchanged, 1 failed/);
      expect(r.code).toBe(1);
      // Named on the command line too.
      const named = runBinUnprivileged([...only, '--check', 'pkg/secret'], { cwd: dir });
      expect(named.stderr).toMatch(/^pkg\/secret: error: cannot list the folder/m);
      expect(named.code).toBe(1);
    } finally {
      chmodSync(join(dir, 'pkg/secret'), 0o755);
    }
  });

  it('an unreadable file, named or found: an error naming it, exit 1', () => {
    const dir = tempProject({ 'secret.py': MUTABLE, 'ok.py': 'x = 1\n' });
    giveToUnprivileged(dir);
    chmodSync(join(dir, 'secret.py'), 0o000);
    for (const args of [['secret.py'], ['.']]) {
      const r = runBinUnprivileged([...only, '--check', ...args], { cwd: dir });
      expect(r.stderr).toMatch(/^secret\.py: error: cannot read: permission denied$/m);
      expect(r.code).toBe(1);
    }
  });

  it('an unreadable .gitignore: an error, and the files it governs are left alone', () => {
    const dir = tempProject({ 'pkg/.gitignore': 'generated.py\n', 'pkg/generated.py': MUTABLE, 'top.py': MUTABLE });
    mkdirSync(join(dir, '.git'));
    giveToUnprivileged(dir);
    chmodSync(join(dir, 'pkg/.gitignore'), 0o000);
    const r = runBinUnprivileged([...only, '--write'], { cwd: dir });
    expect(r.stderr).toMatch(/^pkg\/\.gitignore: error: cannot read it: permission denied; the files under .*pkg were not processed/m);
    expect(r.code).toBe(1);
    expect(readFileSync(join(dir, 'pkg/generated.py'), 'utf8')).toBe(MUTABLE);
  });

  it('an unreadable pyproject.toml is a configuration error naming it (its settings are unknown)', () => {
    const dir = tempProject({ 'pyproject.toml': '[tool.pycodemod]\nselect = ["group-imports"]\n', 'mod.py': MUTABLE });
    giveToUnprivileged(dir);
    chmodSync(join(dir, 'pyproject.toml'), 0o000);
    const r = runBinUnprivileged(['--no-cache', '--write'], { cwd: dir });
    expect(r.stderr).toMatch(/cannot read the config file .*pyproject\.toml: permission denied/);
    expect(r.code).toBe(2);
    expect(readFileSync(join(dir, 'mod.py'), 'utf8')).toBe(MUTABLE);
    rmSync(join(dir, 'pyproject.toml'));
    writeFileSync(join(dir, 'pyproject.toml'), '');
  });
});
