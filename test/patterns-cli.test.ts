// The pattern commands and rules kept in a repository, through the CLI: search, rewrite, rules in
// pyproject.toml and rule files, selection, --explain, test-rules, workers and the cache.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempProject } from './helpers/cli.js';

const code = {
  'pkg/a.py': 'import unittest\n\n\nclass T(unittest.TestCase):\n    def test(self):\n        self.assertEquals(1, 1)\n        self.assertEquals(\n            2,\n            2,\n        )\n',
  'pkg/b.py': 'print("no match here")\n',
  'pkg/c.py': 'def f(:\n    assertEquals\n',
};

describe('pycodemod search', () => {
  it('prints each match as path:line:col: text, and exits 0 (1 when nothing matched, as grep)', async () => {
    const dir = tempProject(code);
    const r = await runCli(['search', '-p', '$X.assertEquals($$$A)', '--no-cache'], { cwd: dir });
    expect(r.stdout).toBe('pkg/a.py:6:9: self.assertEquals(1, 1)\npkg/a.py:7:9: self.assertEquals( ...\n');
    expect(r.stderr).toContain('pkg/c.py:1:7: syntax error');
    expect(r.stderr).toContain('2 matches in 3 files');
    expect(r.code).toBe(0);
    const none = await runCli(['search', '-p', 'nothing_like_this($A)', '--no-cache'], { cwd: dir });
    expect(none.stdout).toBe('');
    expect(none.code).toBe(1);
  });

  it('--format json gives ranges and captures', async () => {
    const dir = tempProject(code);
    const r = await runCli(['search', '-p', '$X.assertEquals($A, $B)', '--format', 'json', '--no-cache', 'pkg/a.py'], { cwd: dir });
    const doc = JSON.parse(r.stdout);
    expect(doc.summary).toEqual({ files: 1, matches: 2, failed: 0, skipped: 0 });
    expect(doc.matches[0]).toEqual({
      path: 'pkg/a.py',
      line: 6,
      column: 9,
      endLine: 6,
      endColumn: 32,
      text: 'self.assertEquals(1, 1)',
      captures: {
        X: { text: 'self', line: 6, column: 9, endLine: 6, endColumn: 13 },
        A: { text: '1', line: 6, column: 27, endLine: 6, endColumn: 28 },
        B: { text: '1', line: 6, column: 30, endLine: 6, endColumn: 31 },
      },
    });
  });

  it('a bad pattern is a usage error (exit 2) naming the position', async () => {
    const dir = tempProject(code);
    const r = await runCli(['search', '-p', 'foo(a b)'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('pycodemod: error: the pattern (-p) at line 1, column 7: does not parse as Python (near `b`)');
    const flags = await runCli(['search', '-p', 'foo($A)', '--write'], { cwd: dir });
    expect(flags.code).toBe(2);
  });

  it('gives the same output with workers, and from the cache', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) files[`m${String(i).padStart(2, '0')}.py`] = i % 3 ? `x = ${i}\n` : `self.assertEquals(${i}, x)\n`;
    const dir = tempProject(files);
    const one = await runCli(['search', '-p', '$X.assertEquals($$$A)', '-j', '1', '--no-cache'], { cwd: dir });
    const two = await runCli(['search', '-p', '$X.assertEquals($$$A)', '-j', '2'], { cwd: dir });
    const warm = await runCli(['search', '-p', '$X.assertEquals($$$A)', '-j', '2'], { cwd: dir });
    expect(one.stdout.split('\n')).toHaveLength(15);
    expect(two.stdout).toBe(one.stdout);
    expect(warm.stdout).toBe(one.stdout);
    // Another pattern is another cache: never the first pattern's results.
    const other = await runCli(['search', '-p', 'x = $A', '-j', '2'], { cwd: dir });
    expect(other.stdout.split('\n')).toHaveLength(27);
  });
});

describe('pycodemod rewrite', () => {
  it('prints the diff, writes with --write, fails --check, and leaves a file that does not parse alone', async () => {
    const dir = tempProject(code);
    const args = ['rewrite', '-p', '$X.assertEquals($$$A)', '-r', '$X.assertEqual($$$A)', '--no-cache'];
    const dry = await runCli(args, { cwd: dir });
    expect(dry.stdout).toContain('-        self.assertEquals(1, 1)\n-        self.assertEquals(\n+        self.assertEqual(1, 1)\n+        self.assertEqual(\n');
    expect(dry.code).toBe(1); // pkg/c.py does not parse
    const check = await runCli([...args, '--check', 'pkg/a.py'], { cwd: dir });
    expect(check.stdout).toBe('pkg/a.py\n');
    expect(check.code).toBe(1);
    const written = await runCli([...args, '--write', 'pkg'], { cwd: dir });
    expect(written.stderr).toContain('1 file changed');
    expect(readFileSync(join(dir, 'pkg/a.py'), 'utf8')).toBe(code['pkg/a.py'].replaceAll('assertEquals', 'assertEqual'));
    expect(readFileSync(join(dir, 'pkg/c.py'), 'utf8')).toBe(code['pkg/c.py']);
    const again = await runCli([...args, '--check', 'pkg/a.py'], { cwd: dir });
    expect(again.code).toBe(0);
  });

  it('--format json lists the edits', async () => {
    const dir = tempProject(code);
    const r = await runCli(['rewrite', '-p', '$X.assertEquals($$$A)', '-r', '$X.assertEqual($$$A)', '--format', 'json', 'pkg/a.py'], { cwd: dir });
    const doc = JSON.parse(r.stdout);
    expect(doc.files[0].edits.map((e: { line: number; transform: string }) => `${e.transform}:${e.line}`)).toEqual(['pattern:6', 'pattern:7']);
  });
});

const rules = `[tool.pycodemod]
select = ["assert-equals", "no-breakpoint"]
rule-dirs = ["rules"]

[[tool.pycodemod.rules]]
id = "assert-equals"
pattern = "$X.assertEquals($$$A)"
rewrite = "$X.assertEqual($$$A)"
message = "assertEquals is a deprecated alias of assertEqual"
valid = ["self.assertEqual(1, 1)"]
invalid = ["self.assertEquals(1, 1)"]

[[tool.pycodemod.rules.tests]]
input = "self.assertEquals(a, b)\\n"
output = "self.assertEqual(a, b)\\n"
`;
const ruleFile = `id = "no-breakpoint"
pattern = "breakpoint()"
message = "remove the breakpoint before merging"
invalid = ["breakpoint()"]
valid = ["breakpoint"]
`;

describe('rules in the repository', () => {
  const project = () =>
    tempProject({
      'pyproject.toml': rules,
      'rules/no-breakpoint.toml': ruleFile,
      'src/m.py': 'def f(self):\n    breakpoint()\n    self.assertEquals(1, 2)\n    breakpoint()  # pycodemod: skip[no-breakpoint]\n',
    });

  it('run like transforms: rewrite, report without a fix (--check fails on it), skip comments', async () => {
    const dir = project();
    const r = await runCli(['--check', '--no-cache'], { cwd: dir });
    expect(r.stdout).toBe('src/m.py\nsrc/m.py:2:5: [no-breakpoint] remove the breakpoint before merging\n');
    expect(r.code).toBe(1);
    const dry = await runCli(['--no-cache'], { cwd: dir });
    expect(dry.stdout).toContain('+    self.assertEqual(1, 2)');
    expect(dry.stderr).toContain('src/m.py:2:5: [no-breakpoint] remove the breakpoint before merging');
    expect(dry.stderr).toContain('findings: no-breakpoint 1');
  });

  it('are selected, ignored, listed and explained by id', async () => {
    const dir = project();
    const ignored = await runCli(['--check', '--no-cache', '--ignore', 'no-breakpoint'], { cwd: dir });
    expect(ignored.stdout).toBe('src/m.py\n');
    const only = await runCli(['--check', '--no-cache', '--select', 'no-breakpoint'], { cwd: dir });
    expect(only.stdout).toBe('src/m.py:2:5: [no-breakpoint] remove the breakpoint before merging\n');
    const list = await runCli(['--list-transforms'], { cwd: dir });
    expect(list.stdout).toContain('assert-equals');
    expect(list.stdout).toContain('no-breakpoint');
    const explain = await runCli(['--explain', 'assert-equals'], { cwd: dir });
    expect(explain.stdout).toContain('$X.assertEquals($$$A)');
    expect(explain.stdout).toContain('assertEquals is a deprecated alias of assertEqual');
  });

  it('run in workers and are cached by their definition', async () => {
    const files: Record<string, string> = { 'pyproject.toml': rules, 'rules/no-breakpoint.toml': ruleFile };
    for (let i = 0; i < 30; i++) files[`src/m${i}.py`] = i % 2 ? 'breakpoint()\n' : 'x = 1\n';
    const dir = tempProject(files);
    const one = await runCli(['--check', '-j', '1', '--no-cache'], { cwd: dir });
    const two = await runCli(['--check', '-j', '2'], { cwd: dir });
    expect(two.stdout).toBe(one.stdout);
    expect(one.stdout.split('\n')).toHaveLength(16);
    // Editing the rule changes its results: the cache must not replay the old ones.
    writeFileSync(join(dir, 'rules/no-breakpoint.toml'), ruleFile.replace('remove the breakpoint', 'drop the breakpoint'));
    const edited = await runCli(['--check', '-j', '2'], { cwd: dir });
    expect(edited.stdout).toContain('[no-breakpoint] drop the breakpoint before merging');
    expect(edited.stdout).not.toContain('remove the breakpoint');
  });

  it('a rule that cannot work is a usage error naming the rule and where it is', async () => {
    const dir = tempProject({
      'pyproject.toml': '[tool.pycodemod]\n[[tool.pycodemod.rules]]\nid = "bad"\npattern = "foo($A"\n',
      'm.py': 'x = 1\n',
    });
    const r = await runCli(['--no-cache'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('rule `bad` ([[tool.pycodemod.rules]] #1 in');
    expect(r.stderr).toContain('`pattern` at line 1, column 1: does not parse as Python');
    const unknownKey = tempProject({ 'pyproject.toml': '[tool.pycodemod]\n[[tool.pycodemod.rules]]\nid = "x"\npattern = "f()"\nfix = "g()"\n', 'm.py': '' });
    const u = await runCli(['--no-cache'], { cwd: unknownKey });
    expect(u.code).toBe(2);
    expect(u.stderr).toContain('rule `x` ([[tool.pycodemod.rules]] #1 in');
    expect(u.stderr).toContain('unknown key `fix`');
    const clash = tempProject({ 'pyproject.toml': '[tool.pycodemod]\n[[tool.pycodemod.rules]]\nid = "group-imports"\npattern = "f()"\n', 'm.py': '' });
    const c = await runCli(['--no-cache'], { cwd: clash });
    expect(c.code).toBe(2);
    expect(c.stderr).toContain('rule `group-imports`');
  });
});

describe('pycodemod test-rules', () => {
  it('runs valid, invalid and input/output tests of every rule', async () => {
    const dir = tempProject({ 'pyproject.toml': rules, 'rules/no-breakpoint.toml': ruleFile });
    const r = await runCli(['test-rules'], { cwd: dir });
    expect(r.stdout).toMatch(/^ok {3}assert-equals \(\[\[tool\.pycodemod\.rules\]\] #1 in .*pyproject\.toml\): 3\/3 passed\n/);
    expect(r.stdout).toContain('ok   no-breakpoint (rules/no-breakpoint.toml): 2/2 passed\n');
    expect(r.stdout).toContain('2 rules: 5 passed, 0 failed\n');
    expect(r.code).toBe(0);
  });

  it('fails with a clear diff', async () => {
    const broken = rules.replace('output = "self.assertEqual(a, b)\\n"', 'output = "self.assertEqual(b, a)\\n"').replace('valid = ["self.assertEqual(1, 1)"]', 'valid = ["self.assertEquals(1, 1)"]');
    const dir = tempProject({ 'pyproject.toml': broken, 'rules/no-breakpoint.toml': ruleFile });
    const r = await runCli(['test-rules'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL assert-equals');
    expect(r.stdout).toContain('  valid #1: the rule rewrote code it must leave alone\n');
    expect(r.stdout).toContain('  tests #1: the output differs from the expected one\n');
    expect(r.stdout).toContain('-self.assertEqual(b, a)\n    +self.assertEqual(a, b)\n');
  });
});
