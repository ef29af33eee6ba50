// --write never loses what a file is: its symbolic link, its hard links, its owner, group and mode, its
// read-only protection; long names work; temp files a killed run left are cleaned up by the next one.
// Permission checks are tested as an unprivileged user too: root passes every one of them.
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync, chownSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/runner/run.js';
import { runCli, tempProject } from './helpers/cli.js';
import { ensureBuilt, giveToUnprivileged, runBinUnprivileged, unprivileged } from './helpers/built-cli.js';

const MUTABLE = 'def f(x=[]):\n    return x\n';
const FIXED = 'def f(x=None):\n    if x is None:\n        x = []\n    return x\n';
const only = ['--select', 'mutable-defaults', '--no-cache'];
const isRoot = (process.getuid?.() ?? 0) === 0;

describe('symbolic links', () => {
  it('writes through a link whose target is inside the project; the link stays a link', async () => {
    const dir = tempProject({ 'real/target.py': MUTABLE, 'pyproject.toml': '[tool.pycodemod]\n' });
    mkdirSync(join(dir, 'pkg'));
    symlinkSync('../real/target.py', join(dir, 'pkg/link.py'));
    const r = await runCli([...only, '--write', 'pkg'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(lstatSync(join(dir, 'pkg/link.py')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'pkg/link.py'))).toBe('../real/target.py');
    expect(readFileSync(join(dir, 'real/target.py'), 'utf8')).toBe(FIXED);
    expect(readdirSync(join(dir, 'pkg'))).toEqual(['link.py']); // no temp file left beside the link
  });

  it('refuses a link whose target is outside the project (the root and the folders named), with the reason', async () => {
    const outside = tempProject({ 'lib.py': MUTABLE });
    const dir = tempProject({ 'pyproject.toml': '[tool.pycodemod]\n', 'own.py': MUTABLE });
    symlinkSync(join(outside, 'lib.py'), join(dir, 'lib.py'));
    for (const args of [['--write'], [], ['lib.py', '--write']]) {
      const r = await runCli([...only, ...args], { cwd: dir });
      expect(r.stderr).toMatch(/^lib\.py: skipped: is a symbolic link to .*lib\.py, outside the project; not followed/m);
      expect(r.stdout).not.toContain('lib.py');
    }
    expect(readFileSync(join(outside, 'lib.py'), 'utf8')).toBe(MUTABLE);
    expect(lstatSync(join(dir, 'lib.py')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'own.py'), 'utf8')).toBe(FIXED);
    // Named on the command line, the folder the link leads into is part of the project.
    const r = await runCli([...only, '--write', '.', outside], { cwd: dir });
    expect(r.code).toBe(0);
    expect(readFileSync(join(outside, 'lib.py'), 'utf8')).toBe(FIXED);
    expect(lstatSync(join(dir, 'lib.py')).isSymbolicLink()).toBe(true);
  });

  it('processes a file once when links lead to it (by its own name when it is found, else the first link)', async () => {
    const dir = tempProject({ 'pyproject.toml': '[tool.pycodemod]\n', 'pkg/real.py': MUTABLE, 'other/x.py': MUTABLE });
    symlinkSync('pkg/real.py', join(dir, 'a_link.py'));
    symlinkSync(join(dir, 'pkg/real.py'), join(dir, 'z_link.py'));
    symlinkSync('x.py', join(dir, 'other/b.py'));
    symlinkSync('x.py', join(dir, 'other/a.py'));
    const report = await run({ cwd: dir, select: ['mutable-defaults'], write: true, jobs: 1 });
    expect(report.results.map((r) => [r.path, r.kind])).toEqual([['other/x.py', 'changed'], ['pkg/real.py', 'changed']]);
    const onlyLinks = await run({ cwd: dir, paths: ['a_link.py', 'other/b.py', 'other/a.py'], select: ['print-to-logging'] });
    expect(onlyLinks.results.map((r) => r.path)).toEqual(['a_link.py', 'other/a.py']);
  });

  it('reports a broken link instead of dropping it silently', async () => {
    const dir = tempProject({});
    symlinkSync('gone.py', join(dir, 'broken.py'));
    const r = await runCli([...only], { cwd: dir });
    expect(r.stderr).toMatch(/^broken\.py: skipped: is a broken symbolic link$/m);
  });
});

describe('permissions, owner, hard links', () => {
  it('refuses a read-only file (chmod 444) with the reason, even as root; --check still reports it', async () => {
    const dir = tempProject({ 'ro.py': MUTABLE, 'rw.py': MUTABLE });
    chmodSync(join(dir, 'ro.py'), 0o444);
    const r = await runCli([...only, '--write'], { cwd: dir });
    expect(r.stderr).toMatch(/^ro\.py: skipped: the file is read-only \(mode 0444\); not rewritten/m);
    expect(r.stderr).toMatch(/1 file changed, 0 unchanged, 1 skipped \(read-only: 1\)/);
    expect(readFileSync(join(dir, 'ro.py'), 'utf8')).toBe(MUTABLE);
    expect(statSync(join(dir, 'ro.py')).mode & 0o777).toBe(0o444);
    expect(readFileSync(join(dir, 'rw.py'), 'utf8')).toBe(FIXED);
    expect(await runCli([...only, '--check'], { cwd: dir })).toMatchObject({ code: 1, stdout: 'ro.py\n' });
  });

  it.runIf(isRoot)('keeps owner, group and mode when root rewrites another user\'s file', async () => {
    const dir = tempProject({ 'theirs.py': MUTABLE, 'setgid.py': MUTABLE });
    chownSync(join(dir, 'theirs.py'), 65534, 65534);
    chmodSync(join(dir, 'theirs.py'), 0o640);
    chownSync(join(dir, 'setgid.py'), 1, 2);
    chmodSync(join(dir, 'setgid.py'), 0o2754);
    const r = await runCli([...only, '--write', '-j', '1'], { cwd: dir });
    expect(r.code).toBe(0);
    const st = statSync(join(dir, 'theirs.py'));
    expect([st.uid, st.gid, st.mode & 0o7777]).toEqual([65534, 65534, 0o640]);
    const sg = statSync(join(dir, 'setgid.py'));
    expect([sg.uid, sg.gid, sg.mode & 0o7777]).toEqual([1, 2, 0o2754]);
    expect(readFileSync(join(dir, 'theirs.py'), 'utf8')).toBe(FIXED);
  });

  it('keeps hard links: a file with other links is written in place', async () => {
    const dir = tempProject({ 'pkg/mod.py': MUTABLE, 'elsewhere/README': 'x' });
    linkSync(join(dir, 'pkg/mod.py'), join(dir, 'elsewhere/mod-copy.py'));
    const inode = statSync(join(dir, 'pkg/mod.py')).ino;
    const r = await runCli([...only, '--write', 'pkg'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'elsewhere/mod-copy.py'), 'utf8')).toBe(FIXED);
    expect(statSync(join(dir, 'pkg/mod.py'))).toMatchObject({ ino: inode, nlink: 2 });
    // Shorter output than input: the file is truncated to its new length.
    writeFileSync(join(dir, 'pkg/mod.py'), 'import sys\nimport os\n\n\n\n\n# a long comment that makes the input longer\n');
    await runCli(['--select', 'group-imports', '--no-cache', '--write', 'pkg'], { cwd: dir });
    expect(readFileSync(join(dir, 'elsewhere/mod-copy.py'), 'utf8')).toBe('import os\nimport sys\n\n\n\n\n# a long comment that makes the input longer\n');
  });
});

describe.skipIf(!unprivileged.prefix)(`as an unprivileged user${unprivileged.reason ? ` (skipped: ${unprivileged.reason})` : ''}`, () => {
  beforeAll(ensureBuilt);
  const me = unprivileged;
  const mine = (files: Record<string, string>) => {
    const dir = tempProject(files);
    giveToUnprivileged(dir);
    return dir;
  };

  it('refuses a read-only file of its own (the folder is writable: a rename would have replaced it)', () => {
    const dir = mine({ 'ro.py': MUTABLE });
    chmodSync(join(dir, 'ro.py'), 0o444);
    const r = runBinUnprivileged([...only, '--write'], { cwd: dir });
    expect(r.stderr).toMatch(/^ro\.py: skipped: the file is read-only/m);
    expect(readFileSync(join(dir, 'ro.py'), 'utf8')).toBe(MUTABLE);
  });

  it.runIf(isRoot)('refuses a file it may not write, owned by someone else, in a folder it may write', () => {
    const dir = mine({ 'roots.py': MUTABLE });
    chownSync(join(dir, 'roots.py'), 0, 0);
    chmodSync(join(dir, 'roots.py'), 0o644);
    const r = runBinUnprivileged([...only, '--write'], { cwd: dir });
    expect(r.stderr).toMatch(/^roots\.py: skipped: this user may not write the file \(owner uid 0, mode 0644\)/m);
    expect(readFileSync(join(dir, 'roots.py'), 'utf8')).toBe(MUTABLE);
    expect(statSync(join(dir, 'roots.py')).uid).toBe(0);
  });

  it.runIf(isRoot)('keeps owner and group it cannot give a new file: writes in place instead', () => {
    const dir = mine({ 'shared.py': MUTABLE, 'group.py': MUTABLE });
    chownSync(join(dir, 'shared.py'), 0, 0); // someone else's, writable by all
    chmodSync(join(dir, 'shared.py'), 0o666);
    chownSync(join(dir, 'group.py'), me.uid, 0); // its own, in a group it is not in
    chmodSync(join(dir, 'group.py'), 0o664);
    const r = runBinUnprivileged([...only, '--write'], { cwd: dir });
    expect(r.code).toBe(0);
    for (const [name, uid, gid, mode] of [['shared.py', 0, 0, 0o666], ['group.py', me.uid, 0, 0o664]] as const) {
      const st = statSync(join(dir, name));
      expect([name, st.uid, st.gid, st.mode & 0o7777]).toEqual([name, uid, gid, mode]);
      expect(readFileSync(join(dir, name), 'utf8')).toBe(FIXED);
    }
  });

  it('rewrites its own file by rename, keeping the mode', () => {
    const dir = mine({ 'tool.py': MUTABLE });
    chmodSync(join(dir, 'tool.py'), 0o750);
    const before = statSync(join(dir, 'tool.py')).ino;
    const r = runBinUnprivileged([...only, '--write'], { cwd: dir });
    expect(r.code).toBe(0);
    const st = statSync(join(dir, 'tool.py'));
    expect([st.uid, st.mode & 0o7777]).toEqual([me.uid, 0o750]);
    expect(st.ino).not.toBe(before); // atomic: a new inode renamed into place
  });
});

describe('temp files', () => {
  it('writes a file whose name is 240 or 255 bytes long (the temp name is shortened, not the write refused)', async () => {
    const long = `${'a'.repeat(237)}.py`;
    const longest = `${'é'.repeat(126)}.py`; // 255 bytes in UTF-8
    const dir = tempProject({ [long]: MUTABLE, [longest]: MUTABLE });
    const r = await runCli([...only, '--write'], { cwd: dir });
    expect(r.stderr).not.toMatch(/ENAMETOOLONG|failed/);
    expect(readFileSync(join(dir, long), 'utf8')).toBe(FIXED);
    expect(readFileSync(join(dir, longest), 'utf8')).toBe(FIXED);
    expect(readdirSync(dir).sort()).toEqual([long, longest].sort());
  });

  it('removes temp files a killed --write left (their process is gone) on the next --write, and only those', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    const live = spawn('sleep', ['30']);
    try {
      const hourAgo = Date.now() / 1000 - 3600;
      const dir = tempProject({
        'pkg/mod.py': MUTABLE,
        [`pkg/.mod.py.${dead}.0badc0de.pycodemod-tmp`]: 'half a fi',
        [`.long-gone.py.${dead}.12345678.pycodemod-tmp`]: '',
        [`pkg/.busy.py.${live.pid}.aaaaaaaa.pycodemod-tmp`]: 'a run in progress',
        [`pkg/.old.py.${live.pid}.bbbbbbbb.pycodemod-tmp`]: 'pid reused since',
        'pkg/.mod.py.tmp': 'not ours',
        [`pkg/mod.py.${dead}.0badc0de.pycodemod-tmp`]: 'not our pattern (no leading dot)',
      });
      utimesSync(join(dir, `pkg/.old.py.${live.pid}.bbbbbbbb.pycodemod-tmp`), hourAgo, hourAgo);
      const dry = await runCli([...only], { cwd: dir });
      expect(readdirSync(join(dir, 'pkg'))).toHaveLength(6); // a dry run touches nothing
      expect(dry.stderr).not.toMatch(/temp file/);
      const r = await runCli([...only, '--write'], { cwd: dir });
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/removed 3 temp files left by an interrupted --write/);
      expect(readdirSync(dir).sort()).toEqual(['pkg']);
      expect(readdirSync(join(dir, 'pkg')).sort()).toEqual(
        ['.mod.py.tmp', `.busy.py.${live.pid}.aaaaaaaa.pycodemod-tmp`, 'mod.py', `mod.py.${dead}.0badc0de.pycodemod-tmp`].sort(),
      );
      // A file named explicitly: its own folder is cleaned too.
      writeFileSync(join(dir, `pkg/.mod.py.${dead}.1badc0de.pycodemod-tmp`), '');
      await runCli([...only, '--write', 'pkg/mod.py'], { cwd: dir });
      expect(readdirSync(join(dir, 'pkg'))).not.toContain(`.mod.py.${dead}.1badc0de.pycodemod-tmp`);
    } finally {
      live.kill();
    }
  });
});
