// --since REV: the Python files changed since a git revision (as `git diff --name-only REV` lists them:
// committed, staged and unstaged changes, renamed files under their new name), plus untracked files git
// does not ignore; deleted files are skipped; clear errors outside a repository or for an unknown revision.
import { mkdirSync, mkdtempSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, ensureBuilt } from './helpers/built-cli.js';
import { runCli } from './helpers/cli.js';
import { commitAll, git, tempRepo } from './helpers/git-repo.js';

/** Each test runs the CLI several times; a shared, loaded machine can be slow. */
const SLOW = 120_000;

const MUTABLE = 'def f(x=[]):\n    return x\n';
const only = ['--select', 'mutable-defaults'];

function write(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
}

const changedLines = (stdout: string) => stdout.split('\n').filter(Boolean);

/**
 * A repository whose `base` commit has seven files needing a change, followed by every kind of change git
 * knows: a commit, a staged edit, an unstaged edit, a rename, a deletion, untracked and ignored files.
 */
function repository(): string {
  const dir = tempRepo();
  write(dir, {
    '.gitignore': 'ignored/\n',
    'committed.py': MUTABLE,
    'staged.py': MUTABLE,
    'unstaged.py': MUTABLE,
    'untouched.py': MUTABLE,
    'old_name.py': `# renamed later\n${MUTABLE}`, // distinct texts, so that git pairs the rename as it should
    'deleted.py': `# deleted later\n${MUTABLE}`,
    'pkg/inner.py': MUTABLE,
    'pkg/untouched.py': MUTABLE,
  });
  commitAll(dir, 'base');
  git(dir, 'tag', 'base');
  write(dir, { 'committed.py': `${MUTABLE}# committed since\n`, 'pkg/inner.py': `${MUTABLE}# changed\n` });
  commitAll(dir, 'later');
  write(dir, { 'staged.py': `${MUTABLE}# staged\n` });
  git(dir, 'add', 'staged.py');
  write(dir, { 'unstaged.py': `${MUTABLE}# not staged\n` });
  git(dir, 'mv', 'old_name.py', 'new_name.py');
  git(dir, 'rm', '-q', 'deleted.py');
  write(dir, { 'untracked.py': MUTABLE, 'ignored/gen.py': MUTABLE, 'notes.txt': 'not Python\n', 'my file é.py': MUTABLE });
  return dir;
}

describe('--since REV', () => {
  it('processes exactly the Python files git sees changed since REV, plus untracked ones', async () => {
    const dir = repository();
    const r = await runCli([...only, '--check', '--since', 'base'], { cwd: dir });
    expect(r.code).toBe(1);
    // Not untouched.py, nor the rename's old name or the deleted file (no error for them), nor ignored/gen.py.
    expect(changedLines(r.stdout)).toEqual(['committed.py', 'my file é.py', 'new_name.py', 'pkg/inner.py', 'staged.py', 'unstaged.py', 'untracked.py']);
    expect(r.stderr).toContain('7 files would be changed, 0 unchanged');
    // What git itself lists, for comparison: the same set of Python files (renamed under their new name).
    const diff = git(dir, '-c', 'core.quotePath=false', 'diff', '--name-only', 'base').split('\n').filter((f) => f.endsWith('.py'));
    expect(diff).toContain('new_name.py');
    expect(diff).not.toContain('old_name.py');
    expect(diff).toContain('deleted.py'); // listed by git, gone from the work tree: skipped
  }, SLOW);

  it('sees a renamed file that was also edited under its new name', async () => {
    const dir = tempRepo();
    write(dir, { 'a.py': MUTABLE, 'b.py': MUTABLE });
    commitAll(dir, 'base');
    renameSync(join(dir, 'a.py'), join(dir, 'renamed.py'));
    writeFileSync(join(dir, 'renamed.py'), `# moved\n${MUTABLE}`);
    commitAll(dir, 'rename and edit');
    const r = await runCli([...only, '--check', '--since', 'HEAD~1'], { cwd: dir });
    expect(changedLines(r.stdout)).toEqual(['renamed.py']);
  }, SLOW);

  it('keeps to the paths given, from any folder in the repository', async () => {
    const dir = repository();
    const named = await runCli([...only, '--check', '--since', 'base', 'untouched.py', 'staged.py', 'pkg'], { cwd: dir });
    expect(changedLines(named.stdout)).toEqual(['pkg/inner.py', 'staged.py']);
    const inner = await runCli([...only, '--check', '--since', 'base'], { cwd: join(dir, 'pkg') });
    expect(changedLines(inner.stdout)).toEqual(['inner.py']);
    const up = await runCli([...only, '--check', '--since', 'base', '..'], { cwd: join(dir, 'pkg') });
    expect(changedLines(up.stdout)).toContain('../staged.py');
  }, SLOW);

  it('keeps the path as given through a symbolic link to the repository', async () => {
    const dir = repository();
    const outside = mkdtempSync(join(tmpdir(), 'pycodemod-since-link-'));
    symlinkSync(dir, join(outside, 'link'));
    const r = await runCli([...only, '--check', '--since', 'base', 'link'], { cwd: outside });
    expect(changedLines(r.stdout)).toEqual(['link/committed.py', 'link/my file é.py', 'link/new_name.py', 'link/pkg/inner.py', 'link/staged.py', 'link/unstaged.py', 'link/untracked.py']);
  }, SLOW);

  it('asks each repository named for its own changes', async () => {
    const top = mkdtempSync(join(tmpdir(), 'pycodemod-since-repos-'));
    for (const name of ['a', 'b']) {
      const dir = join(top, name);
      mkdirSync(dir);
      git(dir, 'init', '-q', '-b', 'main');
      write(dir, { 'kept.py': MUTABLE, 'edited.py': MUTABLE });
      commitAll(dir, 'base');
      writeFileSync(join(dir, 'edited.py'), `${MUTABLE}# edited\n`);
    }
    const r = await runCli([...only, '--check', '--since', 'main', 'a', 'b'], { cwd: top });
    expect(changedLines(r.stdout)).toEqual(['a/edited.py', 'b/edited.py']);
  }, SLOW);

  it('still applies the excludes and the configuration', async () => {
    const dir = tempRepo();
    write(dir, { 'pyproject.toml': '[tool.pycodemod]\nextend-exclude = ["migrations"]\n', 'a.py': MUTABLE, 'migrations/m1.py': MUTABLE });
    commitAll(dir, 'base');
    write(dir, { 'a.py': `${MUTABLE}# edit\n`, 'migrations/m1.py': `${MUTABLE}# edit\n` });
    const r = await runCli([...only, '--check', '--since', 'HEAD'], { cwd: dir });
    expect(changedLines(r.stdout)).toEqual(['a.py']);
  }, SLOW);

  it('says so when no Python file changed (exit 0)', async () => {
    const dir = tempRepo();
    write(dir, { 'a.py': MUTABLE });
    commitAll(dir, 'base');
    writeFileSync(join(dir, 'README.md'), 'docs\n');
    const r = await runCli([...only, '--check', '--since', 'HEAD'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('warning: no Python file changed since HEAD');
  }, SLOW);

  it('is a usage error outside a git repository (exit 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pycodemod-no-git-'));
    writeFileSync(join(dir, 'a.py'), MUTABLE);
    const r = await runCli([...only, '--since', 'main'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error: --since needs a git repository: .*pycodemod-no-git-\w+ is not in one/);
  }, SLOW);

  it('is a usage error without git on the PATH (exit 2), saying so', () => {
    ensureBuilt();
    const dir = tempRepo();
    writeFileSync(join(dir, 'a.py'), MUTABLE);
    const noGit = mkdtempSync(join(tmpdir(), 'pycodemod-empty-path-'));
    const r = spawnSync(process.execPath, [BIN, ...only, '--check', '--since', 'HEAD'], { cwd: dir, env: { ...process.env, PATH: noGit }, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--since needs git, which is not on the PATH');
  }, SLOW);

  it('is a usage error for a revision git does not know (exit 2), naming it', async () => {
    const dir = tempRepo();
    write(dir, { 'a.py': MUTABLE });
    commitAll(dir, 'base');
    const r = await runCli([...only, '--since', 'no-such-branch'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error: --since no-such-branch: git does not know this revision in .* \(bad revision 'no-such-branch'\)/);
    for (const bad of ['--since=-p', '--since=']) {
      const flagLike = await runCli([...only, bad], { cwd: dir });
      expect(flagLike.code).toBe(2);
      expect(flagLike.stderr).toContain('--since needs a git revision');
    }
  }, SLOW);

  it('does not apply to stdin', async () => {
    const dir = tempRepo();
    const r = await runCli(['-', '--since', 'HEAD'], { cwd: dir, stdin: MUTABLE });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--since chooses among files');
  }, SLOW);
});
