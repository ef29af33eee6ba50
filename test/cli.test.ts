// The CLI in-process on temp folders: every mode and exit code.
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempProject } from './helpers/cli.js';
import { builtinTransforms } from '../transforms/index.js';

const MUTABLE = 'def f(x=[]):\n    return x\n';
const FIXED = 'def f(x=None):\n    if x is None:\n        x = []\n    return x\n';
const CLEAN = 'def g(x=None):\n    return x\n';
const only = ['--select', 'mutable-defaults'];

describe('dry run (default)', () => {
  it('prints a git-style diff on stdout, a summary on stderr, and touches nothing', async () => {
    const dir = tempProject({ 'pkg/mod.py': MUTABLE, 'pkg/clean.py': CLEAN });
    const r = await runCli([...only], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--- a/pkg/mod.py\n+++ b/pkg/mod.py\n@@ -1,2 +1,4 @@\n-def f(x=[]):\n+def f(x=None):\n+    if x is None:\n+        x = []\n');
    expect(r.stdout).not.toContain('clean.py');
    expect(r.stderr).toMatch(/1 file would be changed, 1 unchanged; edits: mutable-defaults 1/);
    expect(readFileSync(join(dir, 'pkg/mod.py'), 'utf8')).toBe(MUTABLE);
  });

  it('colours the diff with --color always, never when NO_COLOR is set in auto mode', async () => {
    const dir = tempProject({ 'mod.py': MUTABLE });
    expect((await runCli([...only, '--color', 'always'], { cwd: dir })).stdout).toContain('\x1b[32m+def f(x=None):');
    expect((await runCli([...only], { cwd: dir, tty: true, env: { NO_COLOR: '1' } })).stdout).not.toContain('\x1b[');
    expect((await runCli([...only], { cwd: dir, tty: true })).stdout).toContain('\x1b[');
  });

  it('processes paths in sorted order and de-duplicates them', async () => {
    const dir = tempProject({ 'b.py': MUTABLE, 'a.py': MUTABLE });
    const r = await runCli([...only, 'b.py', '.', 'a.py'], { cwd: dir });
    const heads = r.stdout.split('\n').filter((l) => l.startsWith('--- '));
    expect(heads).toEqual(['--- a/a.py', '--- a/b.py']);
  });
});

describe('--write', () => {
  it('rewrites changed files in place, keeps the file mode, and a second run finds nothing', async () => {
    const dir = tempProject({ 'tool.py': MUTABLE, 'clean.py': CLEAN });
    chmodSync(join(dir, 'tool.py'), 0o755);
    const before = statSync(join(dir, 'clean.py')).mtimeMs;
    const r = await runCli([...only, '--write'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/1 file changed/);
    expect(readFileSync(join(dir, 'tool.py'), 'utf8')).toBe(FIXED);
    expect(statSync(join(dir, 'tool.py')).mode & 0o777).toBe(0o755);
    expect(statSync(join(dir, 'clean.py')).mtimeMs).toBe(before);
    const again = await runCli([...only, '--check'], { cwd: dir });
    expect(again.code).toBe(0);
  });

  it('keeps CRLF line endings and a BOM byte for byte', async () => {
    const src = '\uFEFF' + MUTABLE.replace(/\n/g, '\r\n');
    const dir = tempProject({ 'win.py': src });
    await runCli([...only, '--write'], { cwd: dir });
    expect(readFileSync(join(dir, 'win.py'), 'utf8')).toBe('\uFEFF' + FIXED.replace(/\n/g, '\r\n'));
  });
});

describe('--check', () => {
  it('lists the files that would change and exits 1; exits 0 when clean', async () => {
    const dir = tempProject({ 'a.py': MUTABLE, 'b.py': CLEAN });
    const r = await runCli([...only, '--check'], { cwd: dir });
    expect(r).toMatchObject({ code: 1, stdout: 'a.py\n' });
    expect(readFileSync(join(dir, 'a.py'), 'utf8')).toBe(MUTABLE);
    expect((await runCli([...only, '--check', 'b.py'], { cwd: dir })).code).toBe(0);
  });

  it('prints the diff too with --diff', async () => {
    const dir = tempProject({ 'a.py': MUTABLE });
    const r = await runCli([...only, '--check', '--diff'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('+++ b/a.py');
  });
});

describe('--format json', () => {
  it('prints one report with per-file status, edits, skips and errors, paths relative to the cwd', async () => {
    const dir = tempProject({ 'src/a.py': MUTABLE, 'src/b.py': CLEAN, 'src/broken.py': 'def f(x=[]:\n' });
    const r = await runCli([...only, '--format', 'json', 'src'], { cwd: dir });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.version).toBe(1);
    expect(report.files.map((f: { path: string; status: string }) => [f.path, f.status])).toEqual([
      ['src/a.py', 'changed'],
      ['src/b.py', 'unchanged'],
      ['src/broken.py', 'failed'],
    ]);
    expect(report.files[0].edits[0]).toMatchObject({ transform: 'mutable-defaults', line: 1 });
    expect(report.files[0].error).toBeNull();
    expect(report.files[2].error).toMatchObject({ message: 'syntax error', line: 1 });
    expect(report.summary).toMatchObject({ files: 3, changed: 1, unchanged: 1, failed: 1 });
  });
});

describe('bad input is reported and left alone; the run goes on', () => {
  it('a file with a syntax error: path:line:col on stderr, exit 1, untouched, others still fixed', async () => {
    const dir = tempProject({ 'bad.py': 'def f(x=[]):\n    if x\n        pass\n', 'good.py': MUTABLE });
    const r = await runCli([...only, '--write'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^bad\.py:2:\d+: syntax error$/m);
    expect(readFileSync(join(dir, 'bad.py'), 'utf8')).toBe('def f(x=[]):\n    if x\n        pass\n');
    expect(readFileSync(join(dir, 'good.py'), 'utf8')).toBe(FIXED);
  });

  it('a file in another encoding is skipped with the reason, never rewritten', async () => {
    const latin1 = Buffer.concat([Buffer.from('# -*- coding: latin-1 -*-\ndef f(x=[]):\n    return "'), Buffer.from([0xe9]), Buffer.from('"\n')]);
    const dir = tempProject({ 'old.py': latin1 });
    const r = await runCli([...only, '--write'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/old\.py: skipped: file declares the encoding `latin-1`/);
    expect(readFileSync(join(dir, 'old.py')).equals(latin1)).toBe(true);
  });

  it('a path that does not exist is a failure, exit 1', async () => {
    const dir = tempProject({});
    const r = await runCli(['missing.py'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/missing\.py: error: no such file or folder/);
  });
});

describe('selection, usage and config errors (exit 2)', () => {
  it('--select / --ignore choose transforms; an unknown id is a usage error', async () => {
    const dir = tempProject({ 'a.py': MUTABLE });
    expect((await runCli(['--ignore', 'mutable-defaults,print-to-logging,group-imports', '--check'], { cwd: dir })).code).toBe(0);
    const r = await runCli(['--select', 'mutable-defualts'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown transform `mutable-defualts`/);
  });

  it('an unknown flag exits 2', async () => {
    const r = await runCli(['--frobnicate'], { cwd: tempProject({}) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Unknown argument: frobnicate/);
  });

  it('--write with --check is a usage error', async () => {
    expect((await runCli(['--write', '--check'], { cwd: tempProject({}) })).code).toBe(2);
  });

  it('a bad config key exits 2 naming the key and the file', async () => {
    const dir = tempProject({ 'pyproject.toml': '[tool.pycodemod]\nslect = ["x"]\n', 'a.py': '' });
    const r = await runCli([], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown key `slect` in \[tool\.pycodemod\] in .*pyproject\.toml/);
  });

  it('config selects transforms; flags override it', async () => {
    const dir = tempProject({ 'pyproject.toml': '[tool.pycodemod]\nselect = ["group-imports"]\n', 'a.py': MUTABLE });
    expect((await runCli(['--check'], { cwd: dir })).code).toBe(0);
    expect((await runCli(['--check', ...only], { cwd: dir })).code).toBe(1);
    expect((await runCli(['--check', '--isolated'], { cwd: dir })).code).toBe(1);
  });
});

describe('stdin mode', () => {
  it('writes the rewritten source to stdout', async () => {
    const r = await runCli(['-', '--stdin-filename', 'pkg/mod.py', ...only], { cwd: tempProject({}), stdin: MUTABLE });
    expect(r).toMatchObject({ code: 0, stdout: FIXED });
  });

  it('prints the diff with --diff, named after --stdin-filename', async () => {
    const r = await runCli(['-', '--stdin-filename', 'pkg/mod.py', '--diff', ...only], { cwd: tempProject({}), stdin: MUTABLE });
    expect(r.stdout).toContain('--- a/pkg/mod.py');
  });

  it('passes a file with a syntax error through unchanged, exit 1', async () => {
    const r = await runCli(['-', ...only], { cwd: tempProject({}), stdin: 'def f(:\n' });
    expect(r).toMatchObject({ code: 1, stdout: 'def f(:\n' });
    expect(r.stderr).toMatch(/^stdin\.py:1:\d+: syntax error$/m);
  });
});

describe('information', () => {
  it('--list-transforms lists every transform with its description', async () => {
    const r = await runCli(['--list-transforms'], { cwd: tempProject({}) });
    // One line per transform in registry order, then the note on transforms that are off by default.
    const lines = r.stdout.split('\n').filter(Boolean);
    expect(lines.filter((l) => !l.startsWith('- ')).map((l) => l.split(/\s+/)[0])).toEqual(builtinTransforms.map((t) => t.id));
    expect(lines.find((l) => l.startsWith('bare-except'))).toMatch(/^bare-except\s+- /);
  });

  it('--explain prints the docs, options included; an unknown id exits 2', async () => {
    const r = await runCli(['--explain', 'mutable-defaults'], { cwd: tempProject({}) });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/# mutable-defaults[\s\S]*## What the rewrite can change[\s\S]*fix-private/);
    expect((await runCli(['--explain', 'nope'], { cwd: tempProject({}) })).code).toBe(2);
  });

  it('--version prints the package version', async () => {
    const version = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')).version;
    expect((await runCli(['--version'], { cwd: tempProject({}) })).stdout.trim()).toBe(version);
  });

  it('--explain-imports prints each import with its section and the reason', async () => {
    const dir = tempProject({ 'pyproject.toml': '[tool.pycodemod]\nknown-first-party = ["app"]\n', 'app/m.py': 'import os\nimport requests\nfrom app import x\nfrom . import y\n' });
    const r = await runCli(['--explain-imports', 'app/m.py'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/1\s+os\s+standard library\s+standard library for py3\.9/);
    expect(r.stdout).toMatch(/2\s+requests\s+third-party/);
    expect(r.stdout).toMatch(/3\s+app\s+first-party\s+`app` is in known-first-party/);
    expect(r.stdout).toMatch(/4\s+\.\s+local/);
    expect((await runCli(['--explain-imports', 'missing.py'], { cwd: dir })).code).toBe(2);
  });

  it('-v prints each edit with its message (what a reviewer should check), and each skip with its reason', async () => {
    const dir = tempProject({
      'a.py': 'def register(name, registry=[]):\n    registry.append(name)\n    return registry\n\n\nf = lambda x=[]: x\n',
    });
    const r = await runCli(['-v', '--select', 'mutable-defaults', '--isolated'], { cwd: dir });
    expect(r.stderr).toContain(
      'a.py:1:29: [mutable-defaults] mutable default of `registry` replaced by None and built in the body; calls no longer share one ' +
        '`registry`: the body changes it (line 2: `registry.append(name)`), so check that nothing relied on the shared object\n',
    );
    expect(r.stderr).toMatch(/a\.py:6:\d+: \[mutable-defaults\] not rewritten: mutable default of `x` in a lambda/);
    const json = JSON.parse((await runCli(['--format', 'json', '--select', 'mutable-defaults', '--isolated'], { cwd: dir })).stdout);
    expect(json.files[0].edits[0].message).toMatch(/calls no longer share one `registry`: the body changes it/);
  });

  it('-q drops the summary', async () => {
    const dir = tempProject({ 'a.py': CLEAN });
    expect((await runCli(['-q'], { cwd: dir })).stderr).toBe('');
  });
});

describe('writeFileAtomic', () => {
  it('refuses to overwrite a file that changed on disk since it was read', async () => {
    const { writeFileAtomic } = await import('../src/runner/write-file.js');
    const dir = tempProject({ 'a.py': 'old\n' });
    const path = join(dir, 'a.py');
    writeFileSync(path, 'edited meanwhile\n');
    const r = writeFileAtomic(path, Buffer.from('old\n'), Buffer.from('new\n'));
    expect(r).toMatchObject({ ok: false, reason: 'changed-on-disk' });
    expect(readFileSync(path, 'utf8')).toBe('edited meanwhile\n');
  });
});

describe('command-line values checked as the config checks them', () => {
  it('an unknown transform in the config file is an error naming the file and the key (exit 2)', async () => {
    const dir = tempProject({ 'pyproject.toml': '[tool.pycodemod]\nselect = ["nope"]\n', 'a.py': MUTABLE });
    const r = await runCli([], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^pycodemod: error: unknown transform `nope` in `select` of \[tool\.pycodemod\] in .*pyproject\.toml$/m);
    writeFileSync(join(dir, 'pyproject.toml'), '[tool.pycodemod]\nignore = ["mutable-defaults", "nope2"]\n');
    expect((await runCli([], { cwd: dir })).stderr).toMatch(/unknown transform `nope2` in `ignore` of \[tool\.pycodemod\] in .*pyproject\.toml/);
  });

  it('--line-length must be a whole number from 1 to 320 (exit 2), like `line-length` in the config', async () => {
    const dir = tempProject({ 'a.py': 'import sys, os\n' });
    for (const bad of ['-5', '0', 'abc', '321', '8.5', '']) {
      const r = await runCli([`--line-length=${bad}`, '--check'], { cwd: dir });
      expect([bad, r.code]).toEqual([bad, 2]);
      expect(r.stderr).toContain(`--line-length must be a whole number from 1 to 320, got ${JSON.stringify(bad)}`);
    }
    expect((await runCli(['--line-length', '-5'], { cwd: dir })).code).toBe(2);
    expect((await runCli(['--line-length', '100', '--check'], { cwd: dir })).code).toBe(1);
  });
});

describe('--format json with stdin', () => {
  it('prints the JSON report of the one file instead of the source; exit codes as in a run', async () => {
    const r = await runCli(['-', '--stdin-filename', 'pkg/mod.py', '--format', 'json', ...only], { cwd: tempProject({}), stdin: MUTABLE });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.files).toEqual([
      { path: 'pkg/mod.py', status: 'changed', edits: [{ transform: 'mutable-defaults', line: 1, column: 9, message: expect.any(String) }], skips: [], error: null },
    ]);
    expect(report.summary).toMatchObject({ files: 1, changed: 1 });
    expect((await runCli(['-', '--format', 'json', '--check', ...only], { cwd: tempProject({}), stdin: MUTABLE })).code).toBe(1);
    const bad = await runCli(['-', '--format', 'json'], { cwd: tempProject({}), stdin: 'def f(:\n' });
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).files[0]).toMatchObject({ path: 'stdin.py', status: 'failed', error: { line: 1 } });
    // --diff adds the file's diff to its entry (see test/report-formats.test.ts).
    const withDiff = await runCli(['-', '--stdin-filename', 'pkg/mod.py', '--format', 'json', '--diff', ...only], { cwd: tempProject({}), stdin: MUTABLE });
    expect(withDiff.code).toBe(0);
    expect(JSON.parse(withDiff.stdout).files[0].diff).toBe('--- a/pkg/mod.py\n+++ b/pkg/mod.py\n@@ -1,2 +1,4 @@\n-def f(x=[]):\n+def f(x=None):\n+    if x is None:\n+        x = []\n     return x\n');
  });
});

describe('file names that would break line-oriented output', () => {
  it('are quoted as git quotes them in --check, diff headers and messages; JSON keeps them as they are', async () => {
    const dir = tempProject({ 'new\nline.py': MUTABLE, 'tab\there.py': MUTABLE, 'quote".py': MUTABLE, 'café.py': MUTABLE, 'bad\nsyntax.py': 'def f(x=[]:\n' });
    const check = await runCli([...only, '--check', '--no-cache'], { cwd: dir });
    expect(check.stdout).toBe('café.py\n"new\\nline.py"\n"quote\\".py"\n"tab\\there.py"\n');
    expect(check.stderr).toMatch(/^"bad\\nsyntax\.py":1:\d+: syntax error$/m);
    const diff = await runCli([...only, '--no-cache', 'new\nline.py'], { cwd: dir });
    expect(diff.stdout).toMatch(/^--- "a\/new\\nline\.py"\n\+\+\+ "b\/new\\nline\.py"\n@@ /);
    const json = await runCli([...only, '--no-cache', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(json.stdout).files.map((f: { path: string }) => f.path)).toContain('new\nline.py');
  });
});
