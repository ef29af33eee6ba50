// The checker of Python's own rules (src/core/python-rules.ts), judged by python3: hand-picked cases for
// every rule, then seeded generated programs and Python 2 forms compiled by python3 in one batch. The
// checker must never reject what Python accepts, and must find every IndentationError and TabError.
import { describe, expect, it } from 'vitest';
import { checkPythonRules } from '../src/core/python-rules.js';
import { compileWithPython } from './helpers/python-compile.js';
import { judge, lineOf, mutateLayout, randomProgram, withPython2Form } from './helpers/python-rules-cases.js';
import { seededRandom } from './helpers/random-edits.js';

// [source, Python's error class (undefined: valid), line, the checker flags it as a Python 2 form]
const CASES: [string, string | undefined, number?, boolean?][] = [
  // The issue's own examples.
  ['def f(x=[]):\n    if x:\n        print("a")\n      return x\n', 'IndentationError', 4],
  ['try:\n    pass\nexcept Exception, e:\n    pass\n', 'SyntaxError', 3, true],
  ['x = a <> b\n', 'SyntaxError', 1, true],
  ['x = `a`\n', 'SyntaxError', 1, true],
  ['x = 0777\n', 'SyntaxError', 1, true],
  ['x = 10L\n', 'SyntaxError', 1, true],
  ['x = ur"a"\n', 'SyntaxError', 1, true],
  ['if x:\n\tpass\n        pass\n', 'TabError', 3],
  // Indentation: CPython compares columns with tab size 8 and with tab size 1.
  ['if x:\n        a\n\tb\n', 'TabError', 3],
  ['if x:\n  \ta\n\t  b\n', 'TabError', 3],
  ['if x:\n\ta\n\tb\n', undefined],
  ['if x:\n\tif y:\n\t\ta\n\tb\n', undefined],
  ['x = 1\n  y = 2\n', 'IndentationError', 2],
  ['  x = 1\n', 'IndentationError', 1],
  ['if x:\npass\n', 'IndentationError', 2],
  ['if x:\n', 'IndentationError', 1],
  ['def f():\n    # only a comment\n\n', 'IndentationError', 3],
  ['for x in y:\n    pass\nelse:\n', 'IndentationError', 3],
  ['class A:\n    def f(self):\n        pass\n   def g(self):\n        pass\n', 'IndentationError', 4],
  ['while 1: pass\n    x = 1\n', 'IndentationError', 2],
  // Form feeds reset the column; blank, comment-only and bracketed lines do not count.
  ['if x:\n    a\n\f    b\n', undefined],
  ['x = 1\n\f  y = 2\n', 'IndentationError', 2],
  ['x = 1\n  # a comment\n\t\n', undefined],
  ['x = (1,\n        2,\n  3)\n', undefined],
  ['x = """\n  a\n\tb\n"""\n', undefined],
  ['x = 1 + \\\n        2\n', undefined],
  ['if x:\n\\\n    y\n', undefined],
  ['  \\\nx = 1\n', 'IndentationError', 2],
  // Line endings: CRLF and lone CR end lines as LF does.
  ['if x:\r\n    a\r\n  b\r\n', 'IndentationError', 3],
  ['x = 1\r  y = 2\r', 'IndentationError', 2],
  ['if x:\r    y = 1\r', undefined],
  // Python 2 forms and their valid look-alikes.
  ['print x\n', 'SyntaxError', 1, true],
  ['if a: print "b"\n', 'SyntaxError', 1, true],
  ['exec code in ns\n', 'SyntaxError', 1, true],
  ['raise E, "m"\n', 'SyntaxError', 1, true],
  ['def f(a, (b, c)):\n    pass\n', 'SyntaxError', 1, true],
  ['f = lambda (a, b): a\n', 'SyntaxError', 1, true],
  ['x = 0x1FL\n', 'SyntaxError', 1, true],
  ['x = UR"a"\n', 'SyntaxError', 1, true],
  ['print >> sys.stderr if False else None\n', undefined],
  ['print >>f, x\n', undefined],
  ['print not in x\n', undefined],
  ['print -1\n', undefined],
  ['raise lambda a, b: E\n', undefined],
  ['raise E(a, b)\n', undefined],
  ['except_ = 1\nx = "a <> b"  # `x` 0777 10L\n', undefined],
  ['x = 0o777 + 00 + 0_0 + 0777.5 + 0777e1 + 0777j + 1_000\n', undefined],
  ['x = 1if y else 2\n', undefined],
  ['x = f"{a!r:>{w}}" + f"{x:<>10}" + rf"\\{x}" + f"\\N{EM DASH}"\n', undefined],
  ['try:\n    pass\nexcept (A, B) as e:\n    pass\n', undefined],
  // `from __future__ import`: only after the docstring and other future imports, only known features.
  ['"""doc"""\nfrom __future__ import annotations\nimport os\n', undefined],
  ['import os\nfrom __future__ import annotations\n', 'SyntaxError', 2],
  ['from __future__ import annotations\nimport os\nfrom __future__ import division\n', 'SyntaxError', 3],
  ['x = 1\nif x:\n    from __future__ import division\n', 'SyntaxError', 3],
  ['from __future__ import division\ndef f():\n    from __future__ import division\n', 'SyntaxError', 3],
  ['"doc"; from __future__ import division\n', undefined],
  ['("doc")\nfrom __future__ import division\n', undefined],
  ['(("doc" \'more\'))\nfrom __future__ import division\n', undefined],
  ['"a" "b"\nfrom __future__ import (division,\n    annotations as ann)  # c\n', undefined],
  ['r"doc" U"x"\nfrom \\\n  __future__ import division\n', undefined],
  ['b"doc"\nfrom __future__ import division\n', 'SyntaxError', 2],
  ['f"doc"\nfrom __future__ import division\n', 'SyntaxError', 2],
  ['"doc".strip()\nfrom __future__ import division\n', 'SyntaxError', 2],
  ['("doc")("x")\nfrom __future__ import division\n', 'SyntaxError', 2],
  ['()\nfrom __future__ import division\n', 'SyntaxError', 2],
  ['("a",)\nfrom __future__ import division\n', 'SyntaxError', 2],
  ['"a"\n"b"\nfrom __future__ import division\n', 'SyntaxError', 3],
  ['from __future__ import rested_snopes\n', 'SyntaxError', 1],
  ['from __future__ import division, rested_snopes as r\n', 'SyntaxError', 1],
  ['from __future__ import braces\n', 'SyntaxError', 1],
  ['# comment\n\n"""doc"""\n\n# c\nfrom __future__ import annotations\nfrom __future__ import division\nx = "from __future__ import y"  # from __future__ import z\n', undefined],
  ['from __future__ import annotations; import os; from __future__ import division\n', 'SyntaxError', 1],
  ['from __future__ import annotations; from __future__ import division\n', undefined],
  ['from __future__.x import y\n', undefined],
  ['import os\nfrom __future__.x import y\n', undefined],
  ['import __future__\nfrom __future__ import division\n', 'SyntaxError', 2],
  ['@d\nclass C: pass\nfrom __future__ import division\n', 'SyntaxError', 3],
  ['"""a\nfrom __future__ import b\n"""\nfrom __future__ import division\n', undefined],
  ['x = 1\n"""\nfrom __future__ import division\n"""\n', undefined],
  ['from __future__ import annotations\r\nimport os\r\nfrom __future__ import division\r\n', 'SyntaxError', 3],
  // Python's parser runs first: its errors win over a `__future__` rule broken earlier in the file.
  ['import os\nfrom __future__ import division\nif x:\n    a\n  b\n', 'IndentationError', 5],
  ['from __future__ import braces\nx = 0777\n', 'SyntaxError', 2, true],
  ['from __future__ import barry_as_FLUFL\nx = 1 <> 2\n', 'SyntaxError', 2, true],
  // Other tokenizer rules tree-sitter lets through.
  ['x = b"\u00e9"\n', 'SyntaxError', 1],
  ['x = 1_\n', 'SyntaxError', 1],
  ['x = 1\u000b\n', 'SyntaxError', 1],
  ['x = ' + '['.repeat(250) + ']'.repeat(250) + '\n', 'SyntaxError', 1],
];

describe('checkPythonRules', () => {
  const verdicts = compileWithPython(CASES.map((c) => c[0]));

  it.each(CASES.map((c, i) => [JSON.stringify(c[0]).slice(0, 70), i] as const))('%s', (_name, i) => {
    const [source, errorClass, line, python2] = CASES[i]!;
    // The expectation is Python's: the table must say what python3 says.
    expect(verdicts[i]!.ok ? undefined : verdicts[i]!.errorClass).toBe(errorClass);
    const v = checkPythonRules(source);
    if (!errorClass) {
      expect(v).toBeUndefined();
      return;
    }
    expect(v).toBeDefined();
    expect(lineOf(source, v!.offset)).toBe(line);
    if (errorClass !== 'SyntaxError') expect(v!.errorClass).toBe(errorClass);
    expect(v!.python2).toBe(python2 ?? false);
  });

  it('names the header of a missing block as Python does: `async def` a function definition, `async for` a for, `except*` its own', () => {
    const sources = [
      ['async def f():\nx = 1\n', 'function definition on line 1'],
      ['async def f():\n    async for x in y:\n    pass\n', "'for' statement on line 2"],
      ['async def f():\n    async with a:\n    pass\n', "'with' statement on line 2"],
      ['try:\n    pass\nexcept* E:\npass\n', "'except*' statement on line 3"],
    ] as const;
    const python = compileWithPython(sources.map(([source]) => source));
    sources.forEach(([source, after], i) => {
      expect(python[i]!.message).toBe(`expected an indented block after ${after}`);
      expect(checkPythonRules(source)?.message).toBe(python[i]!.message);
    });
  });

  it('reads `except A, B:` as Python 3.14 does when the target allows it, never with `as`', () => {
    const src = 'try:\n    pass\nexcept A, B:\n    pass\n';
    expect(checkPythonRules(src, { exceptWithoutParentheses: true })).toBeUndefined();
    expect(checkPythonRules(src)?.python2).toBe(true);
    expect(checkPythonRules(src.replace('B:', 'B as e:'), { exceptWithoutParentheses: true })?.message).toMatch(/must be parenthesized/);
  });

  it('agrees with python3 on generated layouts (seeded): no false rejection, every IndentationError/TabError found', () => {
    const random = seededRandom(11);
    const sources: string[] = [];
    for (let i = 0; i < 1500; i++) {
      const program = randomProgram(random);
      sources.push(i % 4 === 0 ? program : mutateLayout(program, random));
    }
    const python = compileWithPython(sources);
    const problems = sources.map((s, i) => judge(s, python[i]!)).filter((d) => d !== undefined);
    expect(problems.slice(0, 3)).toEqual([]);
    // The sample must exercise the rules: both valid programs and each error class.
    const classes = new Set(python.map((p) => (p.ok ? 'ok' : p.errorClass)));
    expect([...classes]).toEqual(expect.arrayContaining(['ok', 'IndentationError', 'TabError']));
  });

  it('flags the Python 2 forms python3 rejects, and none of their valid look-alikes', () => {
    const random = seededRandom(5);
    const cases = Array.from({ length: 400 }, () => withPython2Form(random));
    const python = compileWithPython(cases.map((c) => c.source));
    cases.forEach(({ source, python2 }, i) => {
      const v = checkPythonRules(source);
      if (python2) {
        expect(python[i]!.ok, source).toBe(false);
        expect(v, source).toBeDefined();
      } else if (python[i]!.ok) expect(v, source).toBeUndefined();
    });
  });
});
