// Adversarial programs found by a sceptical tester, one per hole: each is run by python3 before and after
// the transform named with it and must print exactly the same (stdout and stderr merged, exit status).
// Each program printed something else after the rewrite (or no longer ran) before the fix that added it;
// `skips` lists reasons the transform must now give (a part of the reason, by line).
import { describe, expect, it } from 'vitest';
import { runPython, runTransform } from './helpers/transform.js';
import { ruleFrom } from './helpers/patterns.js';
import { transformSourceWith } from '../src/core/transform-source.js';

interface Case {
  name: string;
  transform: string;
  program: string;
  /** `line: part of the reason` the transform must report. */
  skips?: string[];
  /** The rewrite must still change the program (the case tests a rewrite, not only a refusal). */
  changes?: boolean;
}

// print rebound where no binding form shows it (found by a second tester): [how, the code that rebinds it].
// The print after it must be left alone, with a reason on its line.
const HIDDEN_PRINT_BINDINGS: [string, string][] = [
  ['sys.modules["__main__"]', 'import sys\nsys.modules["__main__"].print = show\n'],
  ['sys.modules.get(__name__)', 'import sys\nsys.modules.get(__name__).print = show\n'],
  ['sys.modules["builtins"]', 'import sys\nsys.modules["builtins"].print = show\n'],
  ['import __main__', 'import __main__\n__main__.print = show\n'],
  ['__import__("builtins")', '__import__("builtins").print = show\n'],
  ['vars(builtins)', 'import builtins\nvars(builtins)["print"] = show\n'],
  ['a function\'s __globals__', '(lambda: 0).__globals__["pr" + "int"] = show\n'],
  ['a frame\'s f_builtins', 'import sys\nsys._getframe().f_builtins["pr" + "int"] = show\n'],
  ['exec under another name', 'run = exec\nrun("pr" + "int = show")\n'],
  ['exec handed on', 'import functools\nfunctools.partial(exec)("pr" + "int = show")\n'],
  ['globals under another name', 'g = globals\ng()["pr" + "int"] = show\n'],
];

const CASES: Case[] = [
  ...HIDDEN_PRINT_BINDINGS.map(([how, code]): Case => {
    const program = `import sys\n\n\ndef show(*args):\n    sys.stdout.write("custom\\n")\n\n\n${code}print("x")\n`;
    return { name: `print-to-logging: print rebound through ${how}`, transform: 'print-to-logging', program, skips: [`${program.split('\n').length - 1}: `] };
  }),
  // ---- Names Python reads NFKC-normalized (PEP 3131): one variable, two spellings.
  {
    name: 'print-to-logging: a fullwidth `ｐｒｉｎｔ` binds `print`, so the call is not the builtin',
    transform: 'print-to-logging',
    program: `def show(x):
    ｐｒｉｎｔ = len
    return print(x)


import sys
sys.stdout.write(str(show("abc")) + "\\n")
`,
    skips: ['3: the module spells a name `ｐｒｉｎｔ` (line 2), which is `print` to Python'],
  },
  {
    // Before: rewritten without the warning that calls no longer share the list it hands on.
    name: 'mutable-defaults: the micro sign `µ` and Greek `μ` are one parameter, and it is returned',
    transform: 'mutable-defaults',
    program: `def f(µ=[]):
    return μ


print(f() is f())
`,
    skips: ['1: the module spells a name `µ` (line 1), which is `μ` to Python'],
  },
  {
    // Found by a second tester: a `}` in a string inside an f-string field hid the name from a brace counter.
    name: 'mutable-defaults: a fullwidth `ｘ` in an f-string field, after a string holding `}`, is the parameter',
    transform: 'mutable-defaults',
    program: `import sys
def f(x=[]):
    s = f"{'}' + str(ｘ.append(1))}"
    return len(x)
sys.stdout.write(f"{f()} {f()}\\n")
`,
    skips: ['2: the module spells a name `ｘ` (line 3), which is `x` to Python'],
  },
  // ---- open-with: the file escapes without being named, past an early exit.
  {
    name: 'open-with: a generator expression over the file, returned early',
    transform: 'open-with',
    program: `with open("in.txt", "w") as w:
    w.write("a\\nb\\n")


def lines(path, early):
    f = open(path)
    gen = (line.strip() for line in f)
    if early:
        return gen
    data = list(gen)
    f.close()
    return data


print(list(lines("in.txt", True)))
print(lines("in.txt", False))
`,
    skips: ['6: `f` is handed to other code (line 7)'],
  },
  {
    name: 'open-with: a bound method and `__iter__()` kept past an early exit',
    transform: 'open-with',
    program: `with open("in.txt", "w") as w:
    w.write("a\\nb\\n")


def reader(path, early):
    f = open(path)
    read_line = f.readline
    if early:
        return read_line
    first = read_line()
    f.close()
    return first


def iterator(path, early):
    f = open(path)
    it = f.__iter__()
    if early:
        return it
    first = next(it)
    f.close()
    return first


print(repr(reader("in.txt", True)()), repr(next(iterator("in.txt", True))))
`,
    skips: ['6: `f` is handed to other code (line 7)', '16: `f` is handed to other code (line 17)'],
  },
  {
    name: 'open-with: a member file of a zip archive returned early reads through the archive',
    transform: 'open-with',
    program: `import zipfile

with zipfile.ZipFile("a.zip", "w") as out:
    out.writestr("m.txt", "member")


def member(path, early):
    z = zipfile.ZipFile(path)
    m = z.open("m.txt")
    if early:
        return m
    data = m.read()
    z.close()
    return data


print(member("a.zip", True).read())
`,
    skips: ['8: `z` is handed to other code (line 9)'],
  },
  {
    name: 'open-with: a statement before `f.close()` on its line is not deleted with it',
    transform: 'open-with',
    program: `def save(path):
    f = open(path, "w")
    f.write("hello")
    done = True; f.close()
    return done


print(save("out.txt"), open("out.txt").read())
`,
    skips: ['2: `f.close()` shares its line with another statement'],
  },
  {
    name: 'open-with: a tab step after a tab-and-spaces indentation keeps the block valid',
    transform: 'open-with',
    program: 'def save(path, text):\n\tf = open(path, "w")\n\tif text:\n\t    f.write(text)\n\telse:\n\t    f.write("-")\n\tf.close()\n\n\nsave("o.txt", "x")\nprint(open("o.txt").read())\n',
    changes: true,
  },

  {
    name: 'open-with: a closure defined before the open reads the file after an early return',
    transform: 'open-with',
    program: `with open("in.txt", "w") as w:
    w.write("a\\nb\\n")


def g(path, early):
    def reader():
        return f.read()

    f = open(path)
    if early:
        return reader
    data = reader()
    f.close()
    return data


print(repr(g("in.txt", True)()))
`,
    skips: ['9: `f` is captured by a nested function or class (line 7)'],
  },

  // ---- mutable-defaults: a default that suspends belongs to the enclosing function.
  {
    name: 'mutable-defaults: `await` and `yield` in a default stay in the enclosing function',
    transform: 'mutable-defaults',
    program: `import asyncio


async def fetch():
    return 5


async def outer():
    def inner(x=[await fetch()]):
        return x

    return inner()


def producer():
    def received(x=[(yield 1)]):
        return x

    yield received()


print(asyncio.run(outer()), list(producer()))
`,
    skips: ['9: the default contains `await`', '16: the default contains `yield`'],
  },

  {
    name: 'mutable-defaults: a name bound once, but in the loop that also runs the def',
    transform: 'mutable-defaults',
    program: `fs = []
for i in range(3):
    m = i * 10

    def f(x=[m]):
        return x
    fs.append(f)
print([g() for g in fs])


def outer3():
    out = []
    while len(out) < 2:
        m = len(out)

        def h(y=[m]):
            return y
        out.append(h)
    return [k() for k in out]


print(outer3())


def once():
    n = 5
    for _ in range(2):
        def h(y=[n]):
            return y
    return h()


print(once())
`,
    skips: ['5: which is bound in the loop around the definition (line 2)', '16: which is bound in the loop around the definition (line 13)'],
    changes: true,
  },

  // ---- group-imports: an import that fails in a try body stops the ones after it.
  {
    name: 'group-imports: a try body whose handler goes on after an import fails',
    transform: 'group-imports',
    program: `try:
    import zzz_missing_mod
    from json import loads
except ImportError:
    pass
try:
    print(loads("1"))
except NameError as e:
    print("NameError", e)
`,
    skips: ['2: sorting would change which imports of this `try:` ran before one that fails, and the handler on line 4 goes on'],
  },

  // ---- logging-format: the receiver must still be a stdlib logger when the call runs.
  {
    name: 'logging-format: a logger that a star import or a subclass replaces',
    transform: 'logging-format',
    program: `import importlib
import logging

with open("fakelog.py", "w") as out:
    out.write("class Fake:\\n    def info(self, msg, *args):\\n        print('FAKE', repr(msg), args)\\n\\nlogger = Fake()\\n")
importlib.invalidate_caches()


class Fake:
    def info(self, msg, *args):
        print("FAKE", repr(msg), args)


logger = logging.getLogger("x")
from fakelog import *  # noqa: E402

logger.info(f"star {1 + 1}")


class Base:
    def __init__(self):
        self.log = logging.getLogger("b")

    def go(self):
        self.log.info(f"self {3}")


class Sub(Base):
    def __init__(self):
        super().__init__()
        self.log = Fake()


Sub().go()
`,
    skips: ['17: may be rebound by `from fakelog import *`', '25: `log` is also set outside class Base (line 31)'],
  },
  {
    name: 'logging-format: a module logger replaced through globals()',
    transform: 'logging-format',
    program: `import logging


class Fake:
    def info(self, msg, *args):
        print("FAKE", repr(msg), args)


log = logging.getLogger("y")
globals()["log"] = Fake()
log.info(f"globals {2}")
`,
    skips: ['11: may be rebound at run time (exec or a globals() write, line 10)'],
  },

  {
    name: 'logging-format: a subclass property replaces the logger a base class assigns',
    transform: 'logging-format',
    program: `import logging
import sys
logging.basicConfig(stream=sys.stdout, format="%(message)s", level=logging.INFO)


class Fake:
    def info(self, msg, *args):
        print("FAKE", repr(msg), args)


class Base:
    def __init__(self):
        self.log = logging.getLogger("b")

    def go(self):
        self.log.info(f"self {3}")


class Sub(Base):
    @property
    def log(self):
        return Fake()

    @log.setter
    def log(self, v):
        pass


Sub().go()
`,
    skips: ['16: `log` is also set outside class Base (line 21)'],
  },
  {
    name: 'logging-format: object.__setattr__ and setattr with a computed name replace a logger',
    transform: 'logging-format',
    program: `import logging
import sys
logging.basicConfig(stream=sys.stdout, format="%(message)s", level=logging.INFO)


class Fake:
    def info(self, msg, *args):
        print("FAKE", repr(msg), args)


class A:
    def __init__(self):
        self.log = logging.getLogger("a")

    def go(self):
        self.log.info(f"a {1}")


class B:
    def __init__(self, **kw):
        self.logger = logging.getLogger("b")
        for k, v in kw.items():
            setattr(self, k, v)

    def go(self):
        self.logger.info(f"b {2}")


a = A()
object.__setattr__(a, "log", Fake())
a.go()
B(logger=Fake()).go()
`,
    skips: ['16: `log` is also set outside class A (line 30)', '26: `logger` may be set by a setattr() with a computed name (line 23)'],
  },
  {
    name: 'logging-format: a star import above the assignment gives code that runs before it its own logger',
    transform: 'logging-format',
    program: `import importlib
import logging
import sys

with open("fakelog.py", "w") as out:
    out.write("class Fake:\\n    def info(self, msg, *args):\\n        print('FAKE', repr(msg), args)\\n\\nlogger = Fake()\\n")
importlib.invalidate_caches()
logging.basicConfig(stream=sys.stdout, format="%(message)s", level=logging.INFO)

from fakelog import *  # noqa: E402

logger.info(f"before {1}")


class Early:
    logger.info(f"class body {2}")

    def later(self):
        logger.info(f"method {3}")


logger = logging.getLogger("x")
logger.info(f"after {4}")


def f():
    logger.info(f"func {5}")


f()
Early().later()
`,
    skips: ['12: `logger` is used before its assignment (line 22)', '16: `logger` is used before its assignment (line 22)'],
    changes: true,
  },

  // ---- raise-from: `from err` must name the handled exception.
  {
    name: 'raise-from: a closure that rebinds the handler name through nonlocal',
    transform: 'raise-from',
    program: `def f():
    err = None

    def replace():
        nonlocal err
        err = ValueError("replaced")

    try:
        1 / 0
    except ZeroDivisionError as err:
        replace()
        raise RuntimeError("boom")


try:
    f()
except RuntimeError as e:
    print("cause:", repr(e.__cause__))
`,
    skips: ['12: `err` is rebound by a function that declares it nonlocal (line 6)'],
  },
  {
    name: 'raise-from: a module-level handler whose name a function rebinds through global, or globals() writes',
    transform: 'raise-from',
    program: `def rebind():
    global failure
    failure = ValueError("replaced")


try:
    try:
        1 / 0
    except ZeroDivisionError as failure:
        rebind()
        raise RuntimeError("boom")
except RuntimeError as e:
    print("cause:", repr(e.__cause__))

try:
    try:
        1 / 0
    except ZeroDivisionError as problem:
        globals()["problem"] = KeyError("k")
        raise RuntimeError("boom")
except RuntimeError as e:
    print("cause:", repr(e.__cause__))
`,
    skips: ['11: declares it global (line 3)', '20: may be rebound at run time'],
  },
  {
    name: 'raise-from: a function given the handled exception inside a container or another call',
    transform: 'raise-from',
    program: `def show(fn):
    try:
        fn()
    except Exception as e:
        print(type(e).__name__, "cause is itself:", e.__cause__ is e)


def pick(errors):
    return errors[0]


def nested():
    try:
        1 / 0
    except ZeroDivisionError as err:
        raise next(iter([err]))


def in_tuple():
    try:
        1 / 0
    except ZeroDivisionError as err:
        raise pick((err, ValueError("other")))


def described():
    try:
        1 / 0
    except ZeroDivisionError as err:
        raise pick([ValueError("%s: %s" % ("bad", err)), f"{err}", str(err), err.args])


for fn in (nested, in_tuple, described):
    show(fn)
`,
    skips: ['16: `next(...)` is a function given the handled exception', '23: `pick(...)` is a function given the handled exception'],
    changes: true,
  },
  {
    name: "raise-from: an unnamed handler that prints its frame's locals",
    transform: 'raise-from',
    program: `import sys


def f():
    try:
        1 / 0
    except ZeroDivisionError:
        print(sorted(sys._getframe().f_locals))
        raise RuntimeError("boom")


try:
    f()
except RuntimeError as e:
    print("cause:", repr(e.__cause__))
`,
    skips: ["9: reads a frame's locals"],
  },
];

describe('adversarial programs behave the same after the rewrite (python3)', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const { output, skips } = await runTransform(c.transform, c.program);
      if (c.changes) expect(output).not.toBe(c.program);
      for (const expected of c.skips ?? []) {
        const [line, ...rest] = expected.split(': ');
        expect(skips.some((s) => s.startsWith(`${line}: `) && s.includes(rest.join(': '))), `${expected}\n${skips.join('\n')}`).toBe(true);
      }
      const before = runPython(c.program);
      const after = runPython(output);
      expect(before.status, before.output).toBe(0);
      expect(after).toEqual(before);
    });
  }
});

describe('pattern rewrites: what the replacement writes must be valid and mean what the rule says', () => {
  const runRule = async (table: Record<string, unknown>, source: string, targetVersion = 'py39') => {
    const r = await transformSourceWith(source, { transforms: [await ruleFrom(table)], path: 'mod.py', settings: { targetVersion } as never });
    if (r.kind !== 'ok') throw new Error(JSON.stringify(r));
    return { output: r.output, skips: r.skips.map((s) => `${s.line}: ${s.reason}`) };
  };

  it("a replacement holding the f-string's own quote or a backslash is refused inside a field before 3.12", async () => {
    const program = 'def foo(x):\n    return x\n\n\ndef bar(a, x):\n    return a + str(x)\n\n\nprint(f"{foo(1)}", f"""{foo(2)}""", f\'{foo(3)!r:>5}\')\n';
    const quoted = await runRule({ pattern: 'foo($A)', rewrite: 'bar("x", $A)' }, program);
    // The triple-quoted f-string and the single-quoted one take a `"`; the double-quoted one does not.
    expect(quoted.output).toContain('print(f"{foo(1)}", f"""{bar("x", 2)}""", f\'{bar("x", 3)!r:>5}\')');
    expect(quoted.skips).toEqual([expect.stringMatching(/^9: the rewrite would put the f-string's own quote \(".*before 3\.12/)]);
    expect(runPython(quoted.output)).toEqual({ output: "1 x2  'x3'\n", status: 0 });
    const escaped = await runRule({ pattern: 'foo($A)', rewrite: "bar('\\n', $A)" }, program);
    expect(escaped.output).toBe(program);
    expect(escaped.skips).toHaveLength(3);
    // From 3.12 on (PEP 701) all of them are valid.
    expect((await runRule({ pattern: 'foo($A)', rewrite: 'bar("x", $A)' }, program, 'py312')).skips).toEqual([]);
  });

  it('--qualified: a builtin the replacement names must be the builtin where the match is', async () => {
    const program = `from typing import Text, cast


class Model:
    str = "field"

    def name(self) -> Text:
        return "n"


def f(str):
    return cast(Text, str)


def g() -> Text:
    return "g"


print(Model.name.__annotations__, f(5), g.__annotations__)
`;
    const { output, skips } = await runRule({ pattern: 'typing.Text', rewrite: 'str', qualified: true }, program);
    expect(skips).toEqual([
      "7: the rewrite's `str` is the builtin, but here `str` is bound by this file: it would mean something else",
      "12: the rewrite's `str` is the builtin, but here `str` is bound by this file: it would mean something else",
    ]);
    expect(output).toContain('def g() -> str:');
    expect(runPython(output)).toEqual(runPython(program));
  });
});
