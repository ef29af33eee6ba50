// Pattern matching: metavariables in every list position, trivia ignored, the whole node accounted for.
import { describe, expect, it } from 'vitest';
import { loadPythonParser } from '../src/core/parser.js';
import { compilePattern, PatternError } from '../src/patterns/pattern.js';
import { matches, applyRule } from './helpers/patterns.js';

describe('metavariables', () => {
  it('$A binds one node, $$$A a run of arguments (zero or more), $_ anything without capturing', async () => {
    const src = 'print()\nprint(1)\nprint(1, 2, sep="")\n';
    expect(await matches('print($A)', src)).toEqual(['print(1)']);
    expect(await matches('print($$$A)', src)).toEqual(['print()', 'print(1)', 'print(1, 2, sep="")']);
    expect(await matches('print($_)', src)).toEqual(['print(1)']);
    expect(await matches('print($$$, sep="")', src)).toEqual(['print(1, 2, sep="")']);
  });

  it('reports what each metavariable captured', async () => {
    const out = await applyRule({ pattern: 'foo($A, $$$REST)' }, 'foo(x + 1, y, z=2)\n');
    if (out.kind !== 'ok') throw new Error(out.kind);
    expect(out.findings).toHaveLength(1);
    const caps = out.findings[0]!.captures!;
    expect(caps.A).toMatchObject({ text: 'x + 1', line: 1, column: 5 });
    expect((caps.REST as { text: string }[]).map((c) => c.text)).toEqual(['y', 'z=2']);
  });

  it('$$$ tries longer runs: `foo($$$A, $B)` matches any number of arguments', async () => {
    expect(await matches('foo($$$A, $B)', 'foo(1)\nfoo(1, 2, 3)\nfoo()\n')).toEqual(['foo(1)', 'foo(1, 2, 3)']);
  });

  it('$$$ in parameters, statements, list and dictionary items, imports', async () => {
    const src = [
      'def f(self, a, b=2):',
      '    x = 1',
      '    return x',
      'def g(self):',
      '    pass',
      'items = [1, 2, 3]',
      'd = {"k": 1, "j": 2}',
      'from os import path, sep',
      '',
    ].join('\n');
    expect(await matches('def $F(self, $$$P):\n    $$$BODY', src)).toHaveLength(2);
    expect(await matches('def $F($$$P):\n    $$$A\n    return $X', src)).toEqual(['def f(self, a, b=2):\n    x = 1\n    return x']);
    expect(await matches('[$$$A, 3]', src)).toEqual(['[1, 2, 3]']);
    expect(await matches('{"k": $V, $$$REST}', src)).toEqual(['{"k": 1, "j": 2}']);
    expect(await matches('from os import $$$N', src)).toEqual(['from os import path, sep']);
  });

  it('a metavariable used twice must bind the same code (compared as syntax)', async () => {
    const src = 'foo(a, a)\nfoo(a, b)\nfoo(a.b(1), a.b( 1 ))\nfoo((a), a)\n';
    expect(await matches('foo($A, $A)', src)).toEqual(['foo(a, a)', 'foo(a.b(1), a.b( 1 ))', 'foo((a), a)']);
    expect(await matches('foo($_, $_)', src)).toHaveLength(4);
  });

  it('$_NAME does not capture: each occurrence matches on its own', async () => {
    expect(await matches('foo($_X, $_X)', 'foo(a, b)\n')).toEqual(['foo(a, b)']);
  });
});

describe('trivia', () => {
  it('ignores comments, line breaks, trailing commas and redundant parentheses in the source', async () => {
    const src = 'print(  # say it\n    "hi",\n)\nx = (1)\nprint((("hi")))\ny = 1 + \\\n  2\n';
    expect(await matches('print("hi")', src)).toEqual(['print(  # say it\n    "hi",\n)', 'print((("hi")))']);
    expect(await matches('x = 1', src)).toEqual(['x = (1)']);
    expect(await matches('$A + 2', src)).toEqual(['1 + \\\n  2']);
  });

  it('keeps parentheses that change the tree: `(a + b) * c` is not `a + b * c`', async () => {
    expect(await matches('$A * $B', 'z = (a + b) * c\nw = a + b * c\n')).toEqual(['(a + b) * c', 'b * c']);
  });

  it('does not match across string quotes: literals compare as written', async () => {
    expect(await matches('x == "a"', "x == 'a'\nx == \"a\"\n")).toEqual(['x == "a"']);
  });
});

describe('the whole node must match', () => {
  it('`def` does not match `async def`, nor `for` `async for` (a rewrite would drop the keyword)', async () => {
    const src = 'async def f():\n    async for i in y:\n        pass\ndef g():\n    for i in y:\n        pass\n';
    expect(await matches('def $F():\n    $$$B', src)).toEqual(['def g():\n    for i in y:\n        pass']);
    expect(await matches('for $I in $Y:\n    $$$B', src)).toEqual(['for i in y:\n        pass']);
  });

  it('children the pattern does not spell are not ignored: `assert $X` does not match `assert x, "m"`', async () => {
    const src = 'assert x, "m"\nassert y\nimport a, b\nfor i in y:\n    pass\nelse:\n    pass\n';
    expect(await matches('assert $X', src)).toEqual(['assert y']);
    expect(await matches('import $M', src)).toEqual([]);
    expect(await matches('for $I in $Y:\n    $$$B', src)).toEqual([]);
  });

  it('a statement pattern in a block matches statements, not the block and the clauses after it', async () => {
    const src = 'try:\n    a()\nexcept ImportError as e:\n    b()\nexcept Exception:\n    c()\n';
    expect(await matches('try:\n    $$$BODY\nexcept Exception:\n    $$$H', src)).toEqual([]);
  });

  it('finds nested matches, outer first', async () => {
    expect(await matches('foo($A)', 'foo(foo(x))\n')).toEqual(['foo(foo(x))', 'foo(x)']);
  });
});

describe('bad patterns', () => {
  const compile = async (text: string) => compilePattern(text, await loadPythonParser());
  const error = async (text: string) => {
    try {
      await compile(text);
    } catch (err) {
      if (err instanceof PatternError) return `${err.line}:${err.column}: ${err.message}`;
      throw err;
    }
    return 'no error';
  };

  it('name the position of what does not parse', async () => {
    expect(await error('foo(a b)')).toBe('1:7: does not parse as Python (near `b`)');
    expect(await error('print($$$A')).toMatch(/^1:1: does not parse as Python: it ends before the code is complete/);
    expect(await error('x = 1\ny = 2')).toBe('2:1: the pattern holds more than one statement; match one statement or expression (a block can hold `$$$BODY`)');
    expect(await error('   ')).toBe('1:1: the pattern is empty');
  });

  it('refuse malformed metavariables and Python 2 statements', async () => {
    expect(await error('foo($a)')).toBe('1:5: `$a`: metavariable names are upper case letters, digits and `_` (`$A`, `$ARGS`)');
    expect(await error('foo($$A)')).toBe('1:5: `$$A`: a metavariable is `$NAME` (one node) or `$$$NAME` (zero or more)');
    expect(await error('foo($Ab)')).toMatch(/^1:5: `\$Ab`: metavariable names/);
    expect(await error('f($A, $$$A)')).toMatch(/^1:7: `\$\$\$A` and `\$A` use one name/);
    expect(await error('print $A')).toMatch(/Python 2 print statement never matches/);
  });

  it('keeps a `$` inside a string literal as a dollar sign', async () => {
    expect(await matches('os.environ["$HOME"]', 'os.environ["$HOME"]\nos.environ["X"]\n')).toEqual(['os.environ["$HOME"]']);
  });
});

describe('candidates from the text', () => {
  it('needs each literal word whole: `print` in `pprint` is no candidate, an alias of a qualified name is', async () => {
    const { mayMatch } = await import('../src/patterns/find.js');
    const parser = await loadPythonParser();
    const print = compilePattern('print($$$A)', parser);
    expect(mayMatch(print, 'pprint(x)\nblueprint = 1\n')).toBe(false);
    expect(mayMatch(print, 'x = 1\nprint(x)\n')).toBe(true);
    const join = compilePattern('os.path.join($$$A)', parser, { qualified: true });
    expect(mayMatch(join, 'from os.path import join as j\nj(a, b)\n')).toBe(true);
    expect(mayMatch(join, 'joined = 1\n')).toBe(false);
  });
});
