// `--format json --diff` (each changed file's diff, which `git apply` takes) and `--format markdown`
// (a pull-request body within GitHub's size limit).
import { describe, expect, it } from 'vitest';
import { runCli, tempProject } from './helpers/cli.js';
import { copyTree, gitApply, treeBytes } from './helpers/git.js';
import { MARKDOWN_BUDGET, MarkdownReport } from '../src/runner/reporters/markdown-report.js';
import { reasonKind } from '../src/runner/reporters/reason-kind.js';
import { emptySummary, addToSummary } from '../src/runner/summary.js';
import type { FileResult } from '../src/runner/file-result.js';

const MUTABLE = 'def f(x=[]):\n    return x\n';
const select = ['--select', 'group-imports,mutable-defaults'];

/** Files whose diffs are easy to get wrong: a BOM on a changed first line, CRLF, no final newline. */
function awkwardProject(): string {
  return tempProject({
    'pkg/a.py': MUTABLE,
    'bom.py': '\uFEFFimport sys\nimport os\n\nprint(os, sys)\n',
    'bom_first_line_goes.py': '\uFEFFimport sys\nimport os\n',
    'crlf.py': MUTABLE.replace(/\n/g, '\r\n'),
    'noeol.py': 'import sys\nimport os',
    'clean.py': 'import os\n',
    'broken.py': 'def f(x=[]:\n',
  });
}

describe('--format json --diff', () => {
  it("adds each changed file's unified diff; applied with git apply, the diffs give what --write writes", async () => {
    const dir = awkwardProject();
    const r = await runCli([...select, '--format', 'json', '--diff', '--no-cache'], { cwd: dir });
    expect(r.code).toBe(1); // broken.py failed
    const report = JSON.parse(r.stdout) as { files: { path: string; status: string; diff?: string }[] };
    const changed = report.files.filter((f) => f.status === 'changed');
    expect(changed.map((f) => f.path)).toEqual(['bom.py', 'bom_first_line_goes.py', 'crlf.py', 'noeol.py', 'pkg/a.py']);
    for (const f of report.files) expect('diff' in f).toBe(f.status === 'changed');
    expect(changed[4]!.diff).toBe('--- a/pkg/a.py\n+++ b/pkg/a.py\n@@ -1,2 +1,4 @@\n-def f(x=[]):\n+def f(x=None):\n+    if x is None:\n+        x = []\n     return x\n');
    // The BOM is part of the first line in the diff, on both sides.
    expect(changed[0]!.diff).toContain('-\uFEFFimport sys\n');

    const applied = copyTree(dir);
    for (const f of changed) {
      const result = gitApply(applied, f.diff!);
      expect(result, f.path).toMatchObject({ ok: true });
    }
    expect((await runCli([...select, '--write', '--no-cache'], { cwd: dir })).code).toBe(1);
    expect(treeBytes(applied)).toEqual(treeBytes(dir));
  });

  it('has no diff without --diff, and works with --check too (exit 1)', async () => {
    const dir = tempProject({ 'a.py': MUTABLE });
    const plain = JSON.parse((await runCli([...select, '--format', 'json'], { cwd: dir })).stdout);
    expect(plain.files[0]).not.toHaveProperty('diff');
    const check = await runCli([...select, '--format', 'json', '--check', '--diff'], { cwd: dir });
    expect(check.code).toBe(1);
    expect(JSON.parse(check.stdout).files[0].diff).toContain('+def f(x=None):');
  });

  it('--diff without --check, --format json or stdin is still a usage error', async () => {
    expect((await runCli([...select, '--diff'], { cwd: tempProject({ 'a.py': MUTABLE }) })).code).toBe(2);
  });
});

describe('--format markdown', () => {
  const project = () =>
    tempProject({
      'app/main.py': 'print("ready")\nprint("a", end="")\n',
      'app/util.py': 'def helper():\n    print("x", end="")\n    print("y", 1)\n',
      'lib/broken.py': 'print(:\n',
      'lib/latin.py': Buffer.from('# -*- coding: latin-1 -*-\nprint("caf\xe9")\n', 'latin1'),
      'lib/ok.py': 'x = 1\n',
    });

  it('summarises the run for a pull-request body: counts, edits per transform, reasons, failures, files', async () => {
    const r = await runCli(['--select', 'print-to-logging', '--format', 'markdown', '--no-cache'], { cwd: project() });
    expect(r.code).toBe(1); // a file failed
    const md = r.stdout;
    expect(md.startsWith('## pycodemod: 2 files to change\n\n5 Python files: **2 would change**, 1 unchanged, 1 skipped, 1 failed. Transforms: `print-to-logging`.\n')).toBe(true);
    expect(md).toContain('| Transform | Edits | Files |\n| --- | ---: | ---: |\n| `print-to-logging` | 2 | 2 |\n');
    // Two `end=` prints on different lines of different files: one reason, two places, each listed.
    expect(md).toContain('| `print-to-logging` | `end=` is not "\\\\n": the output would change | 2 |');
    expect(md).toContain('  - `app/main.py:2`\n');
    expect(md).toContain('  - `app/util.py:2`\n');
    expect(md).toContain('### Failed (1): left untouched\n\n- `lib/broken.py:1`: syntax error\n');
    expect(md).toMatch(/### Skipped \(1\)\n\n- `lib\/latin.py`: encoding: file declares the encoding `latin-1`/);
    expect(md).toContain('### Files to change (2)\n\n<details><summary>Edits per file</summary>\n\n- `app/main.py`: print-to-logging 1\n- `app/util.py`: print-to-logging 1\n\n</details>\n');
    // Nothing written, and with --write the heading says so.
    const written = await runCli(['--select', 'print-to-logging', '--format', 'markdown', '--write', '--no-cache'], { cwd: project() });
    expect(written.stdout).toMatch(/^## pycodemod: 2 files changed\n\n5 Python files: \*\*2 changed\*\*/);
  });

  it('exits 1 with --check when files would change, 0 when clean; --diff does not apply', async () => {
    const dir = tempProject({ 'a.py': 'print(1)\n' });
    expect((await runCli(['--select', 'print-to-logging', '--format', 'markdown', '--check'], { cwd: dir })).code).toBe(1);
    const clean = await runCli(['--select', 'print-to-logging', '--format', 'markdown', '--check'], { cwd: tempProject({ 'a.py': 'x = 1\n' }) });
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/^## pycodemod: 0 files to change/);
    expect((await runCli(['--format', 'markdown', '--check', '--diff'], { cwd: dir })).code).toBe(2);
  });

  it('keeps within GitHub\'s body limit on a huge run, cutting the lists with how many were left out', () => {
    const report = new MarkdownReport();
    const summary = emptySummary();
    for (let i = 0; i < 5000; i++) {
      const r: FileResult = {
        kind: 'changed',
        path: `pkg${i % 40}/module_${i}.py`,
        before: '',
        after: '',
        edits: [{ transform: 'group-imports', line: 1, column: 1, startLine: 1, endLine: 1, message: 'sort' }],
        skips: [{ transformId: 'print-to-logging', offset: 0, line: i + 1, column: 1, reason: `\`print\` may be replaced at run time by the code on line ${i}` }],
      };
      report.add(r);
      addToSummary(summary, r);
    }
    const md = report.render(summary, { transforms: ['group-imports'], write: false });
    expect(md.length).toBeLessThanOrEqual(MARKDOWN_BUDGET);
    expect(md).toContain('| `group-imports` | 5,000 | 5,000 |');
    expect(md).toContain('| `print-to-logging` | `print` may be replaced at run time by the code on line N | 5,000 |');
    const listed = md.split('\n').filter((l) => /^- `pkg\d+\/module_\d+\.py`: group-imports 1$/.test(l)).length;
    expect(listed).toBeGreaterThan(100);
    expect(md).toContain(`- ... and ${(5000 - listed).toLocaleString('en-US')} more (the full list`);
    expect(md.endsWith('\n</details>\n')).toBe(true);
  });

  it('shows text that looks like Markdown or HTML as written, and code spans as code', () => {
    const report = new MarkdownReport();
    const summary = emptySummary();
    const r: FileResult = { kind: 'failed', path: 'a|b`c.py', cause: 'transform', transformId: 'x', error: { message: 'bad <script> *here*\n  at stack' } };
    report.add(r);
    addToSummary(summary, r);
    const md = report.render(summary, { transforms: ['x'], write: false });
    expect(md).toContain('- ``a|b`c.py``: \\[x\\] bad \\<script\\> \\*here\\*\n');
  });
});

describe('reason kinds', () => {
  it('group reasons by what they say, not the names and lines they quote', () => {
    expect(reasonKind('`f` is rebound before it is closed in this block (line 12)')).toBe('`…` is rebound before it is closed in this block (line N)');
    expect(reasonKind('`raise err`: `err` may hold the handled exception itself (not a class name)')).toBe('`raise …`: `…` may hold the handled exception itself (not a class name)');
    expect(reasonKind('the module captures or replaces stdout (`sys.stdout` assigned, line 782): it may read back what print writes there')).toBe(
      'the module captures or replaces stdout (`…` assigned, line N): it may read back what print writes there',
    );
    // Different reasons stay apart.
    expect(reasonKind('`file=` is not sys.stdout or sys.stderr')).not.toBe(reasonKind('`end=` is not "\\n": the output would change'));
    expect(reasonKind('in an `if __name__ == "__main__":` block')).toBe('in an `if __name__ == "__main__":` block');
  });
});
