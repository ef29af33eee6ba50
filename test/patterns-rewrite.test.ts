// Pattern rewrites: captured code kept as written, re-indented to the match's block, parenthesized where
// precedence needs it, and refused (with a reason) where the result would lose something.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { applyRule, rewrite, ruleFrom } from './helpers/patterns.js';
import { pythonSyntaxError } from './helpers/python.js';

const skipsOf = async (table: Record<string, unknown>, source: string) => {
  const out = await applyRule(table, source);
  if (out.kind !== 'ok') throw new Error(out.kind);
  return out.skips.map((s) => `${s.line}: ${s.reason}`);
};

describe('rewrite', () => {
  it('renames a call, keeping a multi-line argument list exactly as it was (line breaks, trailing comma)', async () => {
    const rule = { pattern: '$X.assertEquals($$$A)', rewrite: '$X.assertEqual($$$A)' };
    const src = 'self.assertEquals(a, b)\nself.assertEquals(\n    compute(1),  # the result\n    2,\n)\n';
    expect(await rewrite(rule, src)).toBe('self.assertEqual(a, b)\nself.assertEqual(\n    compute(1),  # the result\n    2,\n)\n');
  });

  it('adds parentheses where precedence needs them, for a capture and for the whole replacement', async () => {
    const rule = { pattern: 'double($A)', rewrite: '$A * 2' };
    const src = 'x = double(a + b)\ny = double(c)\nz = -double(a)\nw = double(a) ** 2\nf(double(a if c else b))\nv = double((a + b))\n';
    expect(await rewrite(rule, src)).toBe(
      'x = (a + b) * 2\ny = c * 2\nz = -(a * 2)\nw = (a * 2) ** 2\nf((a if c else b) * 2)\nv = (a + b) * 2\n',
    );
  });

  it('re-indents a statement replacement to the block, in the file\'s tabs (ast-grep #394)', async () => {
    const rule = { pattern: '$X = lambda: $R', rewrite: 'def $X():\n    return $R' };
    expect(await rewrite(rule, 'def inner():\n\tb = lambda: 123\n\treturn b\n')).toBe('def inner():\n\tdef b():\n\t\treturn 123\n\treturn b\n');
    expect(await rewrite(rule, 'class A:\n    def m(self):\n        b = lambda: 1\n')).toBe('class A:\n    def m(self):\n        def b():\n            return 1\n');
  });

  it('keeps a captured body at its depth inside an indented class (ast-grep #1405)', async () => {
    const rule = { pattern: 'class $CN($$$CBS):\n    $$$A', rewrite: 'class $CN($$$CBS):\n    BATCH = True\n    $$$A', 'not-has': 'BATCH = True' };
    const src = 'if something:\n    class B(A):\n        def replace(self, *args, **kwargs):\n            print(self1)\n';
    expect(await rewrite(rule, src)).toBe(
      'if something:\n    class B(A):\n        BATCH = True\n        def replace(self, *args, **kwargs):\n            print(self1)\n',
    );
  });

  it('moves a captured block deeper without touching the lines of a multi-line string', async () => {
    const rule = {
      pattern: 'with $CM:\n    $$$B',
      rewrite: 'try:\n    with $CM:\n        $$$B\nexcept OSError:\n    pass',
      'not-inside': 'try:\n    $$$\nexcept OSError:\n    $$$',
    };
    const src = 'def f():\n    with open(f):\n        x = """a\nb"""\n        y = 2\n';
    const out = await rewrite(rule, src);
    expect(out).toBe('def f():\n    try:\n        with open(f):\n            x = """a\nb"""\n            y = 2\n    except OSError:\n        pass\n');
    expect(pythonSyntaxError(out)).toBeNull();
  });

  it('drops the comma of an empty $$$A', async () => {
    const rule = { pattern: 'foo($$$A)', rewrite: 'bar($$$A, extra=1)' };
    expect(await rewrite(rule, 'foo()\nfoo(1)\nfoo(1, 2)\n')).toBe('bar(extra=1)\nbar(1, extra=1)\nbar(1, 2, extra=1)\n');
  });

  it('writes CRLF line breaks in a CRLF file, and edits after non-ASCII text at the right offsets', async () => {
    const rule = { pattern: '$X = lambda: $R', rewrite: 'def $X():\n    return $R' };
    expect(await rewrite(rule, 's = "é😀"\r\nf = lambda: "ü"\r\n')).toBe('s = "é😀"\r\ndef f():\r\n    return "ü"\r\n');
  });

  it('leaves alone a match whose rewrite would drop a comment, or put lines into a one-line body', async () => {
    const rule = { pattern: 'foo($A, $B)', rewrite: 'bar($A)' };
    const src = 'foo(a,  # why b\n    b)\nfoo(c, d)\n';
    expect(await rewrite(rule, src)).toBe('foo(a,  # why b\n    b)\nbar(c)\n');
    expect(await skipsOf(rule, src)).toEqual(['1: the rewrite would drop the comment `# why b` (line 1); rewrite this one by hand']);
    const lambdas = { pattern: '$X = lambda: $R', rewrite: 'def $X():\n    return $R' };
    expect(await skipsOf(lambdas, 'if c: f = lambda: 1\n')).toEqual([
      '1: the replacement spans several lines, but the match is in a one-line body (`if x: ...`); put the body on its own line first',
    ]);
  });

  it('leaves alone one match whose rewrite would not parse, and rewrites the others in the file', async () => {
    const rule = { pattern: '$X = lambda: $R', rewrite: 'def $X():\n    return $R' };
    const src = 'self.x = lambda: 1\nif a:\n    y = lambda: 2\n';
    expect(await rewrite(rule, src)).toBe('self.x = lambda: 1\nif a:\n    def y():\n        return 2\n');
    expect(await skipsOf(rule, src)).toEqual(['1: the rewrite of this match would not parse (`def self.x(): ...`)']);
  });

  it('honours `# pycodemod: skip[id]` and changes nothing where the code already reads as the rewrite', async () => {
    const rule = { pattern: 'foo($A)', rewrite: 'foo($A)' };
    // An identical rewrite would otherwise be a "cycle"; it is simply nothing to do.
    expect(await rewrite({ ...rule, 'not-has': 'zzz' }, 'foo(1)\n')).toBe('foo(1)\n');
    const rename = { pattern: 'foo($A)', rewrite: 'bar($A)' };
    expect(await rewrite(rename, 'foo(1)  # pycodemod: skip[test-rule]\nfoo(2)  # pycodemod: skip[other]\n')).toBe(
      'foo(1)  # pycodemod: skip[test-rule]\nbar(2)  # pycodemod: skip[other]\n',
    );
  });

  it('refuses a rewrite that the pattern matches again (it would never settle)', async () => {
    await expect(ruleFrom({ pattern: 'print($$$A)', rewrite: 'print($$$A, flush=True)' })).rejects.toThrow(/the rewrite matches the pattern again/);
    await expect(ruleFrom({ pattern: 'foo($A)', rewrite: 'bar(foo($A))' })).rejects.toThrow(/matches the pattern again/);
    await expect(ruleFrom({ pattern: 'foo($A)', rewrite: 'bar($B)' })).rejects.toThrow(/`\$B` is not in the pattern/);
    await expect(ruleFrom({ pattern: 'foo($$$A)', rewrite: 'bar($A)' })).rejects.toThrow(/`\$A` is `\$\$\$A` in the pattern/);
  });
});

describe('imports', () => {
  const utcnow = { pattern: 'datetime.utcnow()', rewrite: 'datetime.now(timezone.utc)', imports: ['from datetime import timezone'] };

  it('adds what the rewrite needs, once', async () => {
    const src = 'from datetime import datetime\n\n\ndef now():\n    return datetime.utcnow(), datetime.utcnow()\n';
    expect(await rewrite(utcnow, src)).toBe(
      'from datetime import datetime, timezone\n\n\ndef now():\n    return datetime.now(timezone.utc), datetime.now(timezone.utc)\n',
    );
  });

  it('refuses when the name is taken here by something else', async () => {
    const src = 'from datetime import datetime\n\n\ndef now(timezone):\n    return datetime.utcnow()\n';
    expect(await rewrite(utcnow, src)).toBe(src);
    expect(await skipsOf(utcnow, src)).toEqual([
      '5: the rewrite needs `from datetime import timezone`: cannot import `timezone` from `datetime`: `timezone` is bound at line 4, in a scope around line 5',
    ]);
  });

  it('removes an import the rewrite left unused, and only then', async () => {
    const rule = { pattern: 'old_api.fetch($A)', rewrite: 'new_api.get($A)', imports: ['import new_api'], 'remove-unused-imports': ['old_api'] };
    expect(await rewrite(rule, 'import old_api\n\nx = old_api.fetch(1)\ny = old_api.fetch(2)\n')).toBe('import new_api\n\nx = new_api.get(1)\ny = new_api.get(2)\n');
    expect(await rewrite(rule, 'import os\nimport old_api\n\nx = old_api.fetch(1)\nold_api.close()\n')).toBe(
      'import os\nimport new_api\nimport old_api\n\nx = new_api.get(1)\nold_api.close()\n',
    );
    // A use in a string (`__all__`, a doctest) keeps it too.
    expect(await rewrite(rule, 'import old_api\n__all__ = ["old_api"]\nx = old_api.fetch(1)\n')).toBe(
      'import new_api\nimport old_api\n__all__ = ["old_api"]\nx = new_api.get(1)\n',
    );
    // A match left alone keeps its import.
    expect(await rewrite(rule, 'import old_api\nx = old_api.fetch(1)\ny = old_api.fetch(2)  # pycodemod: skip\n')).toBe(
      'import new_api\nimport old_api\nx = new_api.get(1)\ny = old_api.fetch(2)  # pycodemod: skip\n',
    );
    // `from old_api import fetch`: the name goes, the statement's other names stay.
    const from = { pattern: 'fetch($A)', rewrite: 'get($A)', imports: ['from new_api import get'], 'remove-unused-imports': ['old_api.fetch'] };
    expect(await rewrite(from, 'from old_api import close, fetch\n\nfetch(1)\nclose()\n')).toBe('from new_api import get\nfrom old_api import close\n\nget(1)\nclose()\n');
  });
});

describe('behaviour', () => {
  // The sceptic's check: the program prints the same before and after, for every operator context a
  // capture and a replacement can land in.
  it('a rewrite through every precedence level prints what the original printed', async () => {
    const ops = ['+', '-', '*', '/', '//', '%', '**', '<<', '>>', '&', '|', '^', '<', '==', 'and', 'or', 'if 1 else'];
    const lines = ['def double(x):', '    return x * 2', '', 'a, b, c = 7, 3, 2', ''];
    for (const op of ops) {
      const expr = op === 'if 1 else' ? 'a if 1 else b' : `a ${op} b`;
      lines.push(`print(${JSON.stringify(op)}, double(${expr}), -double(${expr}), double(${expr}) ** 2, c * double(${expr}), double(${expr}) - c)`);
      lines.push(`print(${JSON.stringify(op)}, not double(${expr}), [double(${expr})], double(x := ${expr}), x)`);
    }
    lines.push('print(double(lambda: 1) if False else 0, double(-a), double(await_ if (await_ := 3) else 0))', '');
    const source = lines.join('\n');
    const out = await rewrite({ pattern: 'double($A)', rewrite: '$A * 2' }, source);
    expect(out.split('\n').slice(2).join('\n')).not.toContain('double(');
    const run = (code: string) => spawnSync('python3', ['-c', code], { encoding: 'utf8' });
    const before = run(source);
    const after = run(out);
    expect(before.status).toBe(0);
    expect(after.stderr).toBe('');
    expect(after.stdout).toBe(before.stdout);
  });
});
