// examples/batch/: the script that runs one upgrade over several local git repositories (a branch and a
// commit each, the Markdown summary as the commit body), and the recipes for GitHub Actions (a --shard
// matrix), Sourcegraph batch changes and multi-gitter, whose commands are run here as written, with a
// `pycodemod` on the PATH that is this checkout's build.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { BIN, ensureBuilt, ROOT } from './helpers/built-cli.js';
import { commitAll, git, GIT_ENV, gitStatus, tempRepo } from './helpers/git-repo.js';

const BATCH = join(ROOT, 'examples', 'batch');
const SLOW = 120_000; // each test runs pycodemod a dozen times as a process
const MUTABLE = 'def f(x=[]):\n    return x\n';
const FIXED = 'def f(x=None):\n    if x is None:\n        x = []\n    return x\n';
const CLEAN = 'def g(x=None):\n    return x\n';

/** A folder holding a `pycodemod` command that runs this checkout's build, for the recipes' commands. */
let shimDir: string;
beforeAll(() => {
  ensureBuilt();
  shimDir = mkdtempSync(join(tmpdir(), 'pycodemod-shim-'));
  writeFileSync(join(shimDir, 'pycodemod'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  // `npx --yes --package SPEC pycodemod ARGS`, as the Sourcegraph step writes it: records SPEC in $NPX_LOG and
  // runs this checkout's build (installing SPEC is what the pre-commit test does for real).
  writeFileSync(
    join(shimDir, 'npx'),
    `#!/bin/sh\n[ "$1" = --yes ] && [ "$2" = --package ] && [ "$4" = pycodemod ] || { echo "npx shim: unexpected: $*" >&2; exit 99; }\n` +
      `printf '%s' "$3" > "$NPX_LOG"\nshift 4\nexec "${process.execPath}" "${BIN}" "$@"\n`,
  );
  chmodSync(join(shimDir, 'pycodemod'), 0o755);
  chmodSync(join(shimDir, 'npx'), 0o755);
});

const env = (extra: Record<string, string> = {}) => ({ ...GIT_ENV, PATH: `${shimDir}:${process.env.PATH}`, ...extra });

function write(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
}

function repo(files: Record<string, string>): string {
  const dir = tempRepo('pycodemod-batch-');
  write(dir, files);
  commitAll(dir, 'initial');
  return dir;
}

/** The Markdown summary pycodemod writes for this content (run on a copy, as the script runs it). */
function markdownOf(dir: string, flags: string[]): string {
  const copy = mkdtempSync(join(tmpdir(), 'pycodemod-batch-copy-'));
  cpSync(dir, copy, { recursive: true, filter: (src) => !src.endsWith('/.git') });
  return spawnSync(process.execPath, [BIN, '--write', '--format', 'markdown', '--no-cache', ...flags], { cwd: copy, encoding: 'utf8' }).stdout;
}

describe('examples/batch/upgrade-repos.sh', () => {
  const script = join(BATCH, 'upgrade-repos.sh');
  const runScript = (args: string[], cwd = tmpdir()) => spawnSync('bash', [script, ...args], { cwd, env: env(), encoding: 'utf8' });

  it('over three repositories: a branch and a commit where there is something to change, nothing elsewhere', () => {
    const alpha = repo({ 'pkg/mod.py': MUTABLE, 'pkg/clean.py': CLEAN, 'README.md': '# alpha\n' });
    const beta = repo({ 'app.py': CLEAN });
    const gamma = repo({ 'tool.py': MUTABLE });
    writeFileSync(join(gamma, 'tool.py'), `${MUTABLE}# work in progress\n`); // uncommitted: must not be touched
    // Each has a remote to push to.
    const remotes = [alpha, beta].map((dir) => {
      const bare = mkdtempSync(join(tmpdir(), 'pycodemod-batch-remote-'));
      git(bare, 'init', '-q', '--bare');
      git(dir, 'remote', 'add', 'origin', bare);
      return bare;
    });
    const alphaMain = git(alpha, 'rev-parse', 'main').trim();
    const expectedBody = markdownOf(alpha, ['--select', 'mutable-defaults']);
    expect(expectedBody).toMatch(/^## pycodemod: 1 file changed\n/);

    const r = runScript(['-b', 'pycodemod/mutable-defaults', '-m', 'Fix mutable default arguments', '--push', 'origin', alpha, beta, gamma, '--', '--select', 'mutable-defaults']);
    expect(r.status, r.stdout + r.stderr).toBe(1); // gamma was skipped
    const lines = r.stdout.split('\n');
    expect(lines.find((l) => l.startsWith(alpha))).toMatch(/committed [0-9a-f]+ on pycodemod\/mutable-defaults \(1 file\(s\)\); pushed to origin$/);
    expect(lines.find((l) => l.startsWith(beta))).toMatch(/nothing to change$/);
    expect(lines.find((l) => l.startsWith(gamma))).toMatch(/skipped: uncommitted changes in the work tree$/);

    // alpha: back on main, untouched; the branch has one commit whose message is the subject and the summary.
    expect(git(alpha, 'symbolic-ref', '--short', 'HEAD').trim()).toBe('main');
    expect(git(alpha, 'rev-parse', 'main').trim()).toBe(alphaMain);
    expect(git(alpha, 'status', '--porcelain')).toBe('');
    expect(readFileSync(join(alpha, 'pkg/mod.py'), 'utf8')).toBe(MUTABLE);
    expect(git(alpha, 'rev-parse', 'pycodemod/mutable-defaults~1').trim()).toBe(alphaMain);
    expect(git(alpha, 'log', '-1', '--format=%B', 'pycodemod/mutable-defaults')).toBe(`Fix mutable default arguments\n\n${expectedBody}\n`);
    expect(git(alpha, 'show', 'pycodemod/mutable-defaults:pkg/mod.py')).toBe(FIXED);
    expect(git(alpha, 'diff', '--name-only', 'main', 'pycodemod/mutable-defaults')).toBe('pkg/mod.py\n');
    expect(git(remotes[0]!, 'rev-parse', 'pycodemod/mutable-defaults').trim()).toBe(git(alpha, 'rev-parse', 'pycodemod/mutable-defaults').trim());

    // beta: no branch, nothing pushed. gamma: no branch, its work in progress intact.
    expect(gitStatus(beta, 'rev-parse', '--verify', '-q', 'refs/heads/pycodemod/mutable-defaults').code).not.toBe(0);
    expect(git(remotes[1]!, 'branch', '--list')).toBe('');
    expect(gitStatus(gamma, 'rev-parse', '--verify', '-q', 'refs/heads/pycodemod/mutable-defaults').code).not.toBe(0);
    expect(readFileSync(join(gamma, 'tool.py'), 'utf8')).toBe(`${MUTABLE}# work in progress\n`);

    // Run again: the branch exists, so alpha is skipped, not committed twice.
    const again = runScript(['-b', 'pycodemod/mutable-defaults', '-m', 'again', alpha, '--', '--select', 'mutable-defaults']);
    expect(again.status).toBe(1);
    expect(again.stdout).toContain('skipped: branch pycodemod/mutable-defaults exists already');
  }, SLOW);

  it('leaves a repository as it was when pycodemod refuses the flags (exit 2), and from a detached HEAD', () => {
    const alpha = repo({ 'mod.py': MUTABLE });
    const r = runScript(['-b', 'up', '-m', 'Up', alpha, '--', '--select', 'no-such-transform']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/failed: pycodemod exit 2: .*no-such-transform/);
    expect(gitStatus(alpha, 'rev-parse', '--verify', '-q', 'refs/heads/up').code).not.toBe(0);
    expect(git(alpha, 'symbolic-ref', '--short', 'HEAD').trim()).toBe('main');

    git(alpha, 'switch', '-q', '--detach', 'HEAD');
    const detached = runScript(['-b', 'up', '-m', 'Up', alpha]);
    expect(detached.status, detached.stdout + detached.stderr).toBe(0);
    expect(gitStatus(alpha, 'symbolic-ref', '-q', 'HEAD').code).not.toBe(0); // still detached
    expect(git(alpha, 'show', 'up:mod.py')).toBe(FIXED);
  }, SLOW);

  it('is a usage error without a branch, a subject or a repository (exit 2)', () => {
    for (const args of [[], ['-b', 'x', '-m', 'y'], ['-m', 'y', '/tmp'], ['-b', 'x', '/tmp'], ['--bogus']]) {
      const r = runScript(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('upgrade-repos.sh -b BRANCH -m SUBJECT');
    }
  }, SLOW);
});

describe('examples/batch/github-actions-shards.yml', () => {
  const workflow = parseYaml(readFileSync(join(BATCH, 'github-actions-shards.yml'), 'utf8')) as {
    env: Record<string, string>;
    jobs: { shard: { strategy: { matrix: { shard: number[] } }; steps: { run?: string; if?: string; uses?: string }[] }; report: { needs: string; if: string; steps: { run?: string }[] } };
  };

  it('runs a matrix of N shards whose merged report is the report of the whole run', () => {
    const shards = workflow.jobs.shard.strategy.matrix.shard;
    const shardStep = workflow.jobs.shard.steps.find((s) => s.run?.includes('--shard'))!.run!;
    expect(shardStep).toContain(`/${shards.length} `); // K/N with N the size of the matrix
    expect(shards).toEqual(Array.from({ length: shards.length }, (_, i) => i + 1));
    expect(workflow.jobs.shard.steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))!.if).toBe('always()');
    expect(workflow.jobs.report).toMatchObject({ needs: 'shard', if: 'always()' });
    // Both jobs install pycodemod from the one place the workflow names (pycodemod is no registry name).
    expect(workflow.env.PYCODEMOD_PACKAGE).toMatch(/^github:ORG\/pycodemod#v\d/);
    for (const job of [workflow.jobs.shard, workflow.jobs.report] as { steps: { run?: string }[] }[]) {
      expect(job.steps.filter((s) => s.run?.startsWith('npm install')).map((s) => s.run)).toEqual(['npm install --global "$PYCODEMOD_PACKAGE"']);
    }

    const dir = repo({ ...Object.fromEntries(Array.from({ length: 24 }, (_, i) => [`pkg/m${i}.py`, i % 2 ? MUTABLE : CLEAN])), 'bad.py': 'def f(x=[]:\n' });
    const annotations: string[] = [];
    for (const k of shards) {
      // As GitHub runs a `run:` step: bash -e, with the expressions filled in.
      const r = spawnSync('bash', ['-e', '-c', shardStep.replaceAll('${{ matrix.shard }}', String(k))], { cwd: dir, env: env(), encoding: 'utf8' });
      expect([0, 1]).toContain(r.status);
      annotations.push(...r.stdout.split('\n').filter(Boolean));
    }
    const merge = workflow.jobs.report.steps.find((s) => s.run?.includes('merge-reports'))!.run!;
    const merged = spawnSync('bash', ['-e', '-c', merge], { cwd: dir, env: env(), encoding: 'utf8' });
    expect(merged.status, merged.stderr).toBe(0);
    const whole = spawnSync(process.execPath, [BIN, '--check', '--no-cache', '--format', 'json'], { cwd: dir, encoding: 'utf8' });
    expect(readFileSync(join(dir, 'pycodemod-report.json'), 'utf8')).toBe(whole.stdout);
    // Every annotation of the whole run, each from one shard.
    const wholeAnnotations = spawnSync(process.execPath, [BIN, '--no-cache', '--format', 'github'], { cwd: dir, encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
    expect(annotations.sort()).toEqual(wholeAnnotations.sort());
    expect(wholeAnnotations.length).toBeGreaterThan(12);
  }, SLOW);
});

describe('examples/batch/sourcegraph-batch-change.yaml', () => {
  const spec = parseYaml(readFileSync(join(BATCH, 'sourcegraph-batch-change.yaml'), 'utf8')) as {
    version: number;
    name: string;
    on: { repositoriesMatchingQuery: string }[];
    steps: { run: string; container: string; env: Record<string, string>; outputs: Record<string, { value: string }> }[];
    changesetTemplate: { title: string; body: string; branch: string; commit: { message: string } };
  };

  it('is a batch spec whose step rewrites the repository and whose changeset body is the summary', () => {
    expect(spec.version).toBe(2);
    expect(spec.name).toMatch(/^[\w.-]+$/); // Sourcegraph's rule for batch change names
    expect(spec.on[0]!.repositoriesMatchingQuery).toContain('lang:python');
    const [step] = spec.steps;
    expect(step!.container).toMatch(/^node:2\d/);
    expect(step!.outputs.summary!.value).toBe('${{ step.stdout }}');
    expect(spec.changesetTemplate.body).toBe('${{ outputs.summary }}');
    expect(spec.changesetTemplate).toMatchObject({ branch: expect.any(String), title: expect.any(String), commit: { message: expect.any(String) } });

    // The step as written, with the step's env, in a repository with a file that does not parse: the others
    // are rewritten, the step succeeds, stdout is the Markdown. npx is a shim that runs this checkout's build.
    expect(step!.env.PYCODEMOD_PACKAGE).toMatch(/^github:ORG\/pycodemod#v\d/);
    const dir = repo({ 'a.py': MUTABLE, 'b.py': CLEAN, 'broken.py': 'def f(x=[]:\n' });
    const npxLog = join(mkdtempSync(join(tmpdir(), 'pycodemod-npx-')), 'package');
    const r = spawnSync('sh', ['-c', step!.run], { cwd: dir, env: env({ ...step!.env, NPX_LOG: npxLog }), encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(npxLog, 'utf8')).toBe(step!.env.PYCODEMOD_PACKAGE);
    expect(r.stdout).toMatch(/^## pycodemod: 1 file changed\n/);
    expect(r.stdout).toContain('### Failed (1)');
    expect(readFileSync(join(dir, 'a.py'), 'utf8')).toBe(FIXED);
  }, SLOW);
});

describe('examples/batch/multi-gitter-step.sh', () => {
  const step = join(BATCH, 'multi-gitter-step.sh');

  it('rewrites the repository it runs in; fails only on a usage or configuration error', () => {
    const dir = repo({ 'a.py': MUTABLE, 'print.py': 'print("left alone: not selected")\n' });
    const r = spawnSync('bash', [step], { cwd: dir, env: env(), encoding: 'utf8' }); // `pycodemod` from the PATH
    expect(r.status, r.stderr).toBe(0);
    expect(git(dir, 'status', '--porcelain')).toBe(' M a.py\n');
    expect(readFileSync(join(dir, 'a.py'), 'utf8')).toBe(FIXED);

    const clean = repo({ 'a.py': CLEAN });
    expect(spawnSync('bash', [step], { cwd: clean, env: env({ PYCODEMOD: 'pycodemod' }) }).status).toBe(0);
    expect(git(clean, 'status', '--porcelain')).toBe('');

    const bad = repo({ 'a.py': MUTABLE });
    const refused = spawnSync('bash', [step], { cwd: bad, env: env({ PYCODEMOD: 'pycodemod', PYCODEMOD_FLAGS: '--select nope' }), encoding: 'utf8' });
    expect(refused.status).toBe(2);
    expect(git(bad, 'status', '--porcelain')).toBe('');
  }, SLOW);

  it('says how to get pycodemod when it is not on the PATH (exit 127), and changes nothing', () => {
    const dir = repo({ 'a.py': MUTABLE });
    const r = spawnSync('bash', [step], { cwd: dir, env: { ...GIT_ENV, PATH: '/usr/bin:/bin' }, encoding: 'utf8' });
    expect(r.status).toBe(127);
    expect(r.stderr).toContain('pycodemod is not on the PATH: install pycodemod (npm install --global ...) or set PYCODEMOD');
    expect(git(dir, 'status', '--porcelain')).toBe('');
  }, SLOW);

  it('documents the multi-gitter command that runs it', () => {
    const text = readFileSync(step, 'utf8');
    expect(text).toMatch(/multi-gitter run \.\/examples\/batch\/multi-gitter-step\.sh/);
    for (const flag of ['--branch', '--commit-message', '--pr-title']) expect(text).toContain(flag);
  }, SLOW);
});
