// The pre-commit hooks, with the real pre-commit: a temporary project uses this repository as a hook repo
// by path (`repo: <path>`, `rev: <commit>`), so pre-commit installs it as users get it (`language: node`:
// npm install, npm pack, npm install -g), and the hooks run on `git commit` with the staged files.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ROOT } from './helpers/built-cli.js';
import { commitAll, git, GIT_ENV, gitStatus, tempRepo } from './helpers/git-repo.js';
import { run } from '../src/runner/run.js';
import { tempProject } from './helpers/cli.js';

const MUTABLE = 'def f(x=[]):\n    return x\n';
const FIXED = 'def f(x=None):\n    if x is None:\n        x = []\n    return x\n';
const CLEAN = 'def g(x=None):\n    return x\n';

describe('.pre-commit-hooks.yaml', () => {
  const hooks = parseYaml(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Record<string, unknown>[];

  it('declares the write hook and the check hook, as node hooks over Python files', () => {
    expect(hooks.map((h) => h.id)).toEqual(['pycodemod', 'pycodemod-check']);
    for (const hook of hooks) {
      expect(hook).toMatchObject({ language: 'node', types_or: ['python', 'pyi'], require_serial: true });
      // pre-commit names every staged file: the configuration's excludes must still hold.
      expect(hook.entry).toMatch(/^pycodemod .*--force-exclude/);
    }
    expect(hooks[0]!.entry).toContain('--write');
    expect(hooks[1]!.entry).toContain('--check --diff');
  });

  it('names a bin the package provides', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    for (const hook of hooks) expect(Object.keys(pkg.bin)).toContain(String(hook.entry).split(' ')[0]);
  });
});

describe('a run over a handful of files (what pre-commit passes)', () => {
  it('stays on the main thread: no worker is started', async () => {
    const dir = tempProject({ 'a.py': MUTABLE, 'b.py': MUTABLE, 'c.py': CLEAN });
    const report = await run({ cwd: dir, paths: ['a.py', 'b.py', 'c.py'], select: ['mutable-defaults'] });
    expect(report.summary).toMatchObject({ files: 3, changed: 2 });
    expect(report.stats.workers).toBe(0);
  });
});

// Installing the hook (npm install, the build, npm pack, a global install) takes a minute or two.
const INSTALL_TIMEOUT = 600_000;

// CI (.ci/run installs Debian's pre-commit) must run these: there a missing pre-commit fails the suite. On a
// developer's machine without it they are skipped, and the skipped suite's name says why.
const preCommitMissing = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' }).error !== undefined;
const skipped = preCommitMissing && !process.env.CI;
const title = skipped
  ? 'pre-commit, for real (skipped: pre-commit is not installed; `apt-get install pre-commit`, as .ci/run does)'
  : 'pre-commit, for real';
if (skipped) console.warn(`test/pre-commit.test.ts: ${title}`);

describe.skipIf(skipped)(title, () => {
  const home = mkdtempSync(join(tmpdir(), 'pycodemod-pre-commit-home-'));
  let hookRepo: { repo: string; rev: string };

  beforeAll(() => {
    if (preCommitMissing) throw new Error('pre-commit is not installed: `apt-get install -y pre-commit` (.ci/run installs it)');
    hookRepo = thisRepository();
  }, 120_000);

  /** pre-commit (or a git command that runs it) in the project, with its own home for hook environments. */
  const env = () => ({ ...GIT_ENV, PRE_COMMIT_HOME: home, PRE_COMMIT_COLOR: 'never', CI: '' });
  const precommit = (cwd: string, ...args: string[]) => spawnSync('pre-commit', args, { cwd, env: env(), encoding: 'utf8' });
  const commit = (cwd: string, message: string) => spawnSync('git', ['commit', '-m', message], { cwd, env: env(), encoding: 'utf8' });

  function project(hookIds: string[]): string {
    const dir = tempRepo('pycodemod-pre-commit-project-');
    const files: Record<string, string> = {
      'pyproject.toml': '[tool.pycodemod]\nselect = ["mutable-defaults"]\nextend-exclude = ["migrations"]\n',
      'app/models.py': MUTABLE,
      'app/clean.py': CLEAN,
      'migrations/m0001.py': MUTABLE, // excluded by the configuration: never touched, though pre-commit names it
      'README.txt': 'def f(x=[]): not Python\n',
      '.pre-commit-config.yaml': config(hookRepo, hookIds),
    };
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      writeFileSync(join(dir, rel), text);
    }
    return dir;
  }

  it(
    'pycodemod-check stops the commit with the diff and writes nothing',
    () => {
      const dir = project(['pycodemod-check']);
      expect(precommit(dir, 'install').status).toBe(0);
      git(dir, 'add', '-A');
      writeFileSync(join(dir, 'scratch.py'), MUTABLE); // not staged: pre-commit does not pass it
      const r = commit(dir, 'first');
      const out = r.stdout + r.stderr;
      expect(r.status, out).not.toBe(0);
      expect(out).toMatch(/pycodemod \(check\)\.+Failed/);
      expect(out).toContain('--- a/app/models.py\n+++ b/app/models.py\n');
      expect(out).toContain('+def f(x=None):');
      expect(out).not.toContain('migrations/m0001.py');
      expect(out).not.toContain('scratch.py');
      expect(readFileSync(join(dir, 'app/models.py'), 'utf8')).toBe(MUTABLE);
      expect(gitStatus(dir, 'rev-parse', '--verify', '-q', 'HEAD').code).not.toBe(0); // no commit was made
    },
    INSTALL_TIMEOUT,
  );

  it(
    'pycodemod rewrites the staged files and stops the commit; staged again, the commit goes through',
    () => {
      const dir = project(['pycodemod']);
      expect(precommit(dir, 'install').status).toBe(0);
      git(dir, 'add', '-A');
      writeFileSync(join(dir, 'scratch.py'), MUTABLE);
      const first = commit(dir, 'first');
      const out = first.stdout + first.stderr;
      expect(first.status, out).not.toBe(0);
      expect(out).toMatch(/^pycodemod\.+Failed/m);
      expect(out).toContain('files were modified by this hook');
      expect(readFileSync(join(dir, 'app/models.py'), 'utf8')).toBe(FIXED);
      expect(readFileSync(join(dir, 'app/clean.py'), 'utf8')).toBe(CLEAN);
      expect(readFileSync(join(dir, 'migrations/m0001.py'), 'utf8')).toBe(MUTABLE);
      expect(readFileSync(join(dir, 'scratch.py'), 'utf8')).toBe(MUTABLE);

      git(dir, 'add', 'app/models.py');
      const second = commit(dir, 'first, fixed');
      expect(second.status, second.stdout + second.stderr).toBe(0);
      expect(second.stdout + second.stderr).toMatch(/^pycodemod\.+Passed/m);
      expect(git(dir, 'show', 'HEAD:app/models.py')).toBe(FIXED);
    },
    INSTALL_TIMEOUT,
  );

  it(
    'both hooks over every tracked file (`pre-commit run --all-files`): excluded files stay excluded',
    () => {
      const dir = project(['pycodemod', 'pycodemod-check']);
      writeFileSync(join(dir, 'app/models.py'), FIXED);
      commitAll(dir, 'clean tree'); // --no-verify: the hooks are not installed here anyway
      const r = precommit(dir, 'run', '--all-files');
      // migrations/m0001.py is tracked and passed by name, but excluded: without --force-exclude both fail.
      expect(r.status, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^pycodemod\.+Passed/m);
      expect(r.stdout).toMatch(/^pycodemod \(check\)\.+Passed/m);
      expect(readFileSync(join(dir, 'migrations/m0001.py'), 'utf8')).toBe(MUTABLE);
    },
    INSTALL_TIMEOUT,
  );
});

function config(hookRepo: { repo: string; rev: string }, ids: string[]): string {
  return `repos:\n  - repo: ${JSON.stringify(hookRepo.repo)}\n    rev: ${hookRepo.rev}\n    hooks:\n${ids.map((id) => `      - id: ${id}\n`).join('')}`;
}

/**
 * This repository as a hook repo: itself at HEAD when its work tree is clean (CI, `land`); otherwise a
 * snapshot of the work tree as it is (tracked and untracked files, not ignored ones) committed in a
 * temporary repository, so a developer's uncommitted change to the hooks is what gets tested.
 */
function thisRepository(): { repo: string; rev: string } {
  if (git(ROOT, 'status', '--porcelain').trim() === '') return { repo: ROOT, rev: git(ROOT, 'rev-parse', 'HEAD').trim() };
  const snapshot = mkdtempSync(join(tmpdir(), 'pycodemod-hook-repo-'));
  const files = git(ROOT, 'ls-files', '-z', '--cached', '--others', '--exclude-standard').split('\0').filter(Boolean);
  for (const rel of new Set(files)) {
    if (!existsSync(join(ROOT, rel))) continue; // deleted in the work tree
    // Never a node_modules or dist that .gitignore missed (a symbolic link is not the folder its rule names):
    // pre-commit's npm install would write through it.
    if (/^(node_modules|dist)(\/|$)/.test(rel)) continue;
    mkdirSync(dirname(join(snapshot, rel)), { recursive: true });
    cpSync(join(ROOT, rel), join(snapshot, rel), { verbatimSymlinks: true });
  }
  git(snapshot, 'init', '-q', '-b', 'main');
  return { repo: snapshot, rev: commitAll(snapshot, 'snapshot of the work tree') };
}
