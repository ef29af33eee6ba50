// Nothing Python rejects is ever written (issue 11, items 1 and 13) and every edit is reported against the
// original file (item 2). Each case runs the CLI with --write on a temp project and checks the bytes on
// disk, the report, and python3's verdict.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineTransform } from '../src/core/types.js';
import { transformSourceWith } from '../src/core/transform-source.js';
import { runCli, tempProject } from './helpers/cli.js';
import { pythonSyntaxError } from './helpers/python.js';
import { compileWithPython } from './helpers/python-compile.js';

interface JsonReport {
  files: { path: string; status: string; edits: { transform: string; line: number; column: number }[]; error: null | { message: string; line: number | null } }[];
}

async function writeAndReport(files: Record<string, string>) {
  const dir = tempProject(files);
  const r = await runCli(['--isolated', '--no-cache', '--write', '--format', 'json', '.'], { cwd: dir });
  const report = JSON.parse(r.stdout) as JsonReport;
  const byPath = new Map(report.files.map((f) => [f.path, f]));
  return { dir, code: r.code, byPath, read: (p: string) => readFileSync(join(dir, p), 'utf8') };
}

describe('files Python rejects are reported with the line and never written', () => {
  // The examples: each holds something the transforms would rewrite (a mutable default).
  const BAD: Record<string, [string, number, RegExp]> = {
    'dedent.py': ['def f(x=[]):\n    if x:\n        print("a")\n      return x\n', 4, /IndentationError: unindent does not match any outer indentation level/],
    'except.py': ['def f(x=[]):\n    try:\n        pass\n    except Exception, e:\n        pass\n', 4, /Python 2 `except X, e:`/],
    'diamond.py': ['def f(x=[]):\n    return a <> b\n', 2, /Python 2 `<>`/],
    'backticks.py': ['def f(x=[]):\n    return `x`\n', 2, /Python 2 backticks/],
    'octal.py': ['def f(x=[], mode=0777):\n    return x\n', 1, /Python 2 octal literal/],
    'long.py': ['def f(x=[]):\n    return 10L\n', 2, /Python 2 long integer/],
    'prefix.py': ['def f(x=[]):\n    return ur"a"\n', 2, /Python 2 string prefix `ur`/],
    'tabs.py': ['def f(x=[]):\n\tif x:\n\t\treturn 1\n        return x\n', 4, /TabError: inconsistent use of tabs and spaces/],
    'empty.py': ['def f(x=[]):\n    return x\n\nclass C:\n    # nothing yet\n', 5, /IndentationError: expected an indented block after class definition on line 4/],
    'indent.py': ['def f(x=[]):\n    return x\n  y = 1\n', 3, /IndentationError: unindent does not match/],
    'print.py': ['def f(x=[]):\n    print x\n', 2, /Python 2 print statement/],
    'raise.py': ['def f(x=[]):\n    raise ValueError, "m"\n', 2, /Python 2 `raise E, V`/],
    'future.py': ['import os\nfrom __future__ import annotations\n\ndef f(x=[]):\n    return x\n', 2, /from __future__ imports must occur at the beginning of the file/],
  };

  it.each(Object.keys(BAD))('%s', async (name) => {
    const [source, line, message] = BAD[name]!;
    // compile(), not only ast.parse: the `__future__` rules are the compiler's.
    expect(compileWithPython([source])[0]!.ok, 'python3 rejects it').toBe(false);
    const { code, byPath, read } = await writeAndReport({ [name]: source });
    expect(code).toBe(1);
    expect(byPath.get(name)).toMatchObject({ status: 'failed', error: { line, message: expect.stringMatching(message) } });
    expect(read(name)).toBe(source);
  });

  it('checks the whole file, not only the statements a transform rewrites', async () => {
    // The rewrite is at the top; the mixed tabs and spaces are far below, in code no transform touches.
    const source = `import sys\nimport os\n\ndef f(x=[]):\n    return x\n\n${'y = 1\n'.repeat(50)}if y:\n        a = 1\n\tb = 2\n`;
    expect(pythonSyntaxError(source)).toMatch(/inconsistent use of tabs/);
    const { byPath, read } = await writeAndReport({ 'far.py': source });
    expect(byPath.get('far.py')).toMatchObject({ status: 'failed', error: { line: 59 } });
    expect(read('far.py')).toBe(source);
  });

  it('checks the rewrite too: a transform whose output breaks the indentation rules writes nothing', async () => {
    // tree-sitter accepts the inserted line (a deeper, tab-indented statement); Python does not.
    const sloppy = defineTransform({
      id: 'sloppy',
      description: 'test',
      docs: { whatItDoes: '', why: '', example: { before: '', after: '' }, semantics: '' },
      options: {},
      transform(ctx) {
        const at = ctx.source.indexOf('    return');
        if (at !== -1 && !ctx.source.includes('\t')) ctx.report({ offset: at, message: 'insert', fix: [{ start: at, end: at, text: '\tpass\n' }] });
      },
    });
    const source = 'def f():\n    x = 1\n    return x\n';
    const out = await transformSourceWith(source, { transforms: [sloppy] });
    expect(out).toMatchObject({ kind: 'failed', transformId: 'sloppy', message: expect.stringMatching(/would break Python's rules \(TabError: .* at line 3 of the rewrite\)/) });
    expect(pythonSyntaxError('def f():\n    x = 1\n\tpass\n    return x\n')).toMatch(/inconsistent use of tabs/);
  });

  it('checks the rewrite for a `from __future__` import pushed below another statement', async () => {
    const above = defineTransform({
      id: 'above',
      description: 'test',
      docs: { whatItDoes: '', why: '', example: { before: '', after: '' }, semantics: '' },
      options: {},
      transform(ctx) {
        if (!ctx.source.startsWith('import os')) ctx.report({ offset: 0, message: 'insert', fix: [{ start: 0, end: 0, text: 'import os\n' }] });
      },
    });
    const source = '"""Doc."""\nfrom __future__ import annotations\n\nx = 1\n';
    expect(compileWithPython([source, `import os\n${source}`])).toMatchObject([{ ok: true }, { ok: false, message: 'from __future__ imports must occur at the beginning of the file' }]);
    const out = await transformSourceWith(source, { transforms: [above] });
    expect(out).toMatchObject({ kind: 'failed', transformId: 'above', message: expect.stringMatching(/would break Python's rules \(SyntaxError: from __future__ imports must occur at the beginning of the file at line 3 of the rewrite\)/) });
  });

  it('leaves valid look-alikes alone: `print >>f, x`, `except (A, B) as e:`, 0o777, strings holding `<>`', async () => {
    const source = 'import sys\n\ndef f(x=[]):\n    print >>sys.stderr, "a <> b `x` 0777 10L"\n    try:\n        pass\n    except (A, B) as e:\n        return 0o777\n    return x\n';
    expect(pythonSyntaxError(source)).toBeNull();
    const { byPath, read } = await writeAndReport({ 'ok.py': source });
    expect(byPath.get('ok.py')?.status).toBe('changed');
    expect(pythonSyntaxError(read('ok.py'))).toBeNull();
  });
});

describe('every edit is reported against the original file (item 2)', () => {
  it('`def f(x=[]): print(x)`: the mutable-defaults edit held over to a later pass is on line 1', async () => {
    const { byPath, read } = await writeAndReport({ 'one.py': 'def f(x=[]): print(x)\n' });
    const edits = byPath.get('one.py')!.edits;
    expect(edits.map((e) => [e.transform, e.line, e.column])).toEqual([
      ['print-to-logging', 1, 14],
      ['mutable-defaults', 1, 9],
    ]);
    // The rewrite put lines above the def, so positions in it would be further down.
    expect(read('one.py').split('\n').findIndex((l) => l.startsWith('def f('))).toBeGreaterThan(0);
  });

  it('maps later passes through every earlier edit, lines added and removed, above and below', async () => {
    const source = 'import os\n\n\ndef a(x=[]): print(x)\n\n\ndef b(y={}): print(y)\n';
    const { byPath } = await writeAndReport({ 'two.py': source });
    const lines = source.split('\n');
    for (const e of byPath.get('two.py')!.edits) {
      const text = lines[e.line - 1]!;
      if (e.transform === 'mutable-defaults') expect(text.slice(e.column - 1)).toMatch(/^(?:\[\]|\{\})\)/);
      else expect(text.slice(e.column - 1)).toMatch(/^print\(/);
    }
    expect(byPath.get('two.py')!.edits.map((e) => e.line).sort()).toEqual([4, 4, 7, 7]);
  });
});

describe('CR-only line endings (item 13)', () => {
  it('are read as Python reads them: rewritten, written back with CR line breaks, and settled', async () => {
    const source = 'import os\rdef f(x=[]):\r    print(x)\r    return x\r';
    expect(pythonSyntaxError(source)).toBeNull();
    const { byPath, read, dir } = await writeAndReport({ 'mac.py': source });
    expect(byPath.get('mac.py')).toMatchObject({ status: 'changed', edits: [{ line: 3 }, { line: 2 }] });
    const out = read('mac.py');
    expect(out).not.toMatch(/\n/);
    expect(out).toContain('def f(x=None):\r    if x is None:\r        x = []\r');
    expect(pythonSyntaxError(out)).toBeNull();
    const again = await runCli(['--isolated', '--no-cache', '--check', '.'], { cwd: dir });
    expect(again.code).toBe(0);
  });

  it('keep every other line break of a mixed file byte for byte', async () => {
    const source = 'x = 1\r\n# a lone CR follows\rdef f(x=[]):\r\n    return x\n';
    expect(pythonSyntaxError(source)).toBeNull();
    const { byPath, read } = await writeAndReport({ 'mixed.py': source });
    expect(byPath.get('mixed.py')?.status).toBe('changed');
    const out = read('mixed.py');
    expect(out.startsWith('x = 1\r\n# a lone CR follows\rdef f(x=None):\r\n')).toBe(true);
    expect(out.endsWith('    return x\n')).toBe(true);
    expect(pythonSyntaxError(out)).toBeNull();
  });

  it('count a lone CR as a line break in reported positions', async () => {
    const { byPath } = await writeAndReport({ 'bad.py': 'x = 1\rif x:\r    print(2)\r  z = 3\r' });
    expect(byPath.get('bad.py')).toMatchObject({ status: 'failed', error: { line: 4 } });
  });
});

describe('code nested deeper than anything can analyse (item 13)', () => {
  it('a 5,000-deep default gives a one-line reason, not a stack trace', async () => {
    const sum = `def f(x=[${Array.from({ length: 5000 }, () => '1').join(' + ')}]):\n    return x\n`;
    const brackets = `def f(x=${'['.repeat(5000)}${']'.repeat(5000)}):\n    return x\n`;
    const dir = tempProject({ 'sum.py': sum, 'brackets.py': brackets });
    const r = await runCli(['--isolated', '--no-cache', '.'], { cwd: dir });
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toEqual([
      'brackets.py:1:207: syntax error: SyntaxError: too many nested parentheses',
      expect.stringMatching(/^sum\.py(?::1:\d+)?: error \[mutable-defaults\]: transform mutable-defaults gave up: the code is nested too deeply to analyse \(JavaScript stack exhausted\); file left untouched$/),
      expect.stringMatching(/failed/),
    ]);
  });
});
