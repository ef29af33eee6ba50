// Adversarial programs for print-to-logging (issue 10, items 1-5, and the holes found beyond them): each
// is run by python3 before and after the rewrite (the rewrite under a root logger that prints bare
// messages) and must print the same text. Lines marked `# stays` are prints the transform must leave,
// with a reason; every other print must be rewritten. Each program changed behaviour (or stopped
// running) before the fix its comment names.
import { describe, expect, it } from 'vitest';
import { builtinTransforms } from '../transforms/index.js';
import { transformSourceWith } from '../src/core/transform-source.js';
import { beforeAndAfter } from './helpers/print-behaviour.js';
import { loadPythonParser } from '../src/core/parser.js';

/** Lines with a call of print (or of `echo`, the alias below; `x.print(...)` included), by the tree. */
async function printCallLines(source: string): Promise<number[]> {
  const tree = (await loadPythonParser()).parse(source);
  const lines = tree.rootNode
    .descendantsOfType('call')
    .filter((c) => /^(print|echo|\w+\.print)$/.test(c!.childForFieldName('function')!.text))
    .map((c) => c!.startPosition.row + 1);
  tree.delete();
  return [...new Set(lines)].sort((a, b) => a - b);
}

const transform = builtinTransforms.find((t) => t.id === 'print-to-logging')!;

// A stand-in for print that prints something else, so a wrong rewrite shows in the output.
const SHOUT = 'import sys\n\n\ndef shout(*args, **kwargs):\n    sys.stdout.write("SHOUT " + " ".join(map(str, args)) + "\\n")\n\n\n';

const PROGRAMS: [string, string][] = [
  // ---- 1. `:=` in an f-string field is a format spec, not a walrus.
  ['format-spec-walrus', `x = 5
w = 3
print(f"[{x:=10}]")
print(f"[{ x :=+8}]")
print(f"[{x:={w}}]")
print(f"[{(x:=7)}]", x)
print(x)
`],

  // ---- 2. print rebound through every binding form.
  ['print-global-elsewhere', `${SHOUT}def setup():
    global print
    print = shout


def work():
    print("hello")  # stays


setup()
work()
`],
  ['print-global-def', `${SHOUT}def setup():
    global print

    def print(*args):
        shout("def", *args)


setup()
print("top")  # stays
`],
  ['print-comprehension-variable', `${SHOUT}xs = [print("c") for print in [shout]]  # stays
ys = list(print("g") for print in [shout])  # stays
zs = {print("s") for print in [shout]}  # stays
ds = {k: print("d") for k, print in [(1, shout)]}  # stays
print(len(xs), len(ys), len(zs), len(ds))
`],
  ['print-comprehension-first-iterable', `${SHOUT}print = shout
xs = [p for p in [print("it")]]  # stays
`],
  ['print-match-capture', `${SHOUT}match shout:
    case print:
        print("matched")  # stays


def work():
    print("later")  # stays


work()
`],
  ['print-match-sub-patterns', `${SHOUT}class Box:
    __match_args__ = ("fn",)

    def __init__(self, fn):
        self.fn = fn


def f():
    box = Box(shout)
    match box:
        case Box(print):
            print("class pattern")  # stays
    mapping = {"k": shout}
    match mapping:
        case {"k": print}:
            print("mapping value")  # stays
    match box:
        case Box(fn=print) as boxed:
            print("keyword sub-pattern", boxed.fn is print)  # stays


f()
`],
  ['print-walrus-in-comprehension', `${SHOUT}def f():
    [(print := shout) for _ in [0]]
    print("walrus")  # stays


f()
`],
  ['print-except-as', `${SHOUT}class Loud(Exception):
    def __call__(self, *args):
        shout("loud", *args)


def f():
    try:
        raise Loud()
    except Loud as print:
        print("caught")  # stays


f()
`],
  ['print-with-as', `${SHOUT}import contextlib

with contextlib.nullcontext(shout) as print:
    print("inside")  # stays
print("after")  # stays
`],
  ['print-for-target', `${SHOUT}for print in [shout]:
    print("loop")  # stays
`],
  ['print-import-in-function', `def f():
    from pprint import pprint as print
    print("pretty")  # stays


def g():
    print("plain")


f()
g()
`],
  ['print-class-body', `${SHOUT}class C:
    print = staticmethod(shout)
    print("class body")  # stays

    def method(self):
        print("method: the class attribute is not visible here")


C().method()
`],
  ['print-nested-function', `${SHOUT}def outer():
    print = shout

    def inner():
        print("inner")  # stays

    inner()


outer()
`],
  ['print-lambda-parameter', `${SHOUT}f = lambda print: print("lambda")  # stays
g = lambda: print("plain lambda")
f(shout)
g()
`],
  ['print-decorator', `${SHOUT}def deco(print):
    def wrap(fn):
        print("decorating", fn.__name__)  # stays
        return fn
    return wrap


@deco(shout)
def f():
    print("decorated body")


f()
`],
  ['print-del', `${SHOUT}print = shout
print("a")  # stays
del print
print("b")  # stays
`],
  ['print-star-import', `import os
import sys
import tempfile

folder = tempfile.mkdtemp()
with open(os.path.join(folder, "loudmod.py"), "w") as f:
    f.write("def print(*a):\\n    import sys\\n    sys.stdout.write('LOUD ' + ' '.join(map(str, a)) + '\\\\n')\\n")
sys.path.insert(0, folder)
from loudmod import *  # noqa: E402

print("star")  # stays
`],
  ['print-exec', `${SHOUT}exec("print = shout")
print("after exec")  # stays
`],
  ['print-exec-global-in-function', `${SHOUT}def setup():
    exec("global print\\nprint = shout")


setup()
print("after exec")  # stays
`],
  ['print-globals-write', `${SHOUT}globals()["print"] = shout
print("after globals")  # stays
`],
  ['print-globals-through-a-variable', `${SHOUT}namespace = globals()
namespace["print"] = shout
print("after globals")  # stays
`],
  ['print-builtins-write', `${SHOUT}import builtins

builtins.print = shout
print("after builtins")  # stays
`],
  ['print-setattr-builtins', `${SHOUT}import builtins

setattr(builtins, "print", shout)
print("after setattr")  # stays
`],
  ['print-mock-patch', `from unittest import mock


def work():
    print("patched")  # stays


with mock.patch("builtins.print") as fake:
    work()
print(fake.call_args)  # stays
`],

  // ---- 2. the logger name rebound through every binding form.
  ['logger-comprehension-variable', `xs = [print(logger) for logger in range(2)]  # stays


def work():
    print("work")


work()
`],
  ['logger-global-rebound', `import logging

logger = logging.getLogger(__name__)


class Quiet:
    def info(self, *args):
        pass


def silence():
    global logger
    logger = Quiet()


def work():
    print("work")  # stays


silence()
work()
`],
  ['logger-del', `import logging

logger = logging.getLogger(__name__)


def work():
    print("work")  # stays


del logger
work()
`],
  ['logger-match-capture', `def work():
    print("work")  # stays


match 1:
    case logger:
        pass
work()
`],
  ['logger-except-as', `def work():
    print("work")  # stays


try:
    raise ValueError
except ValueError as logger:
    pass
work()
`],
  ['logger-for-target', `def work():
    print("work")  # stays


for logger in [None]:
    pass
work()
`],
  ['logger-walrus', `def work():
    print("work")  # stays


if (logger := None) is None:
    work()
`],
  ['logger-global-in-function', `def work():
    print("work")  # stays


def setup():
    global logger
    logger = None


setup()
work()
`],
  ['logger-local-in-comprehension-only', `def work():
    names = [logger for logger in ["a"]]
    print("work", names)


work()
`],
  ['logger-exec', `def work():
    print("work")  # stays


exec("logger = None")
work()
`],

  ['logger-name-read-as-a-builtin', `import builtins
import sys


class Loud:
    def info(self, *args):
        sys.stdout.write("LOUD " + " ".join(map(str, args)) + "\\n")


builtins.logger = Loud()


def work():
    logger.info("injected")
    print("work")  # stays


work()
`],

  // ---- 3. `import logging` that may not have run where the logger line goes.
  ['logging-only-under-type-checking', `from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import logging


def work(n):
    print("work", n)


work(1)
`],
  ['getlogger-only-under-type-checking', `from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from logging import getLogger


def work(n):
    print("work", n)


work(1)
`],
  ['logging-imported-in-a-function', `def configure():
    import logging

    return logging


def work(n):
    print("work", n)


work(1)
`],
  ['logging-imported-conditionally', `import sys

if sys.version_info >= (3,):
    import logging


def work(n):
    print("work", n)


work(1)
`],
  ['logging-optional', `try:
    import logging
except ImportError:
    logging = None


def work(n):
    print("work", n)  # stays


work(1)
`],

  // ---- 4. A reused logger that would not print.
  ['logger-set-level', `import logging

logger = logging.getLogger(__name__)
logger.setLevel(logging.ERROR)


def work():
    print("work")  # stays


work()
`],
  ['logger-disabled', `import logging

log = logging.getLogger(__name__)
log.disabled = True


def work():
    print("work")  # stays


work()
`],
  ['logger-propagate-false', `import logging

log = logging.getLogger(__name__)
log.propagate = False


def work():
    print("work")  # stays


work()
`],
  ['logger-handler-with-level', `import logging
import sys

log = logging.getLogger(__name__)
handler = logging.StreamHandler(sys.stdout)
handler.setLevel(logging.ERROR)
log.addHandler(handler)
log.propagate = False


def work():
    print("work")  # stays


work()
`],
  ['logger-configured-through-another-name', `import logging

log = logging.getLogger(__name__)
_same = logging.getLogger(__name__)
_same.setLevel(logging.ERROR)


def work():
    print("work")  # stays


work()
`],
  ['logger-configured-without-a-name', `import logging

logging.getLogger(__name__).setLevel(logging.CRITICAL)


def work():
    print("work")  # stays


work()
`],
  ['logger-configured-in-a-function', `import logging


def setup():
    logging.getLogger(__name__).setLevel(logging.CRITICAL)


def work():
    print("work")  # stays


setup()
work()
`],
  ['logging-disable', `import logging

logging.disable(logging.INFO)


def work():
    print("work")  # stays


work()
`],
  ['logging-dict-config', `import logging.config


def work():
    print("work")  # stays


logging.config.dictConfig({"version": 1, "disable_existing_loggers": True})
work()
`],
  ['logger-null-handler-is-reused', `import logging

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())


def work():
    print("work")


work()
`],
  ['logger-other-name-configured', `import io
import logging

audit = logging.getLogger("company.audit")
audit.propagate = False
audit.addHandler(logging.StreamHandler(io.StringIO()))


def work():
    print("work")


work()
`],

  // ---- 5. The builtin print however it is spelled; a chevron expression is not Python 2.
  ['from-builtins-import-print', `from builtins import print


def work():
    print("from builtins")


work()
`],
  ['builtins-dot-print', `import builtins
import builtins as b


def work():
    builtins.print("qualified")
    b.print("aliased module")


work()
`],
  ['builtins-print-alias', `from builtins import print as echo


def work():
    echo("alias")


work()
`],
  ['chevron-expression-is-python-3', `import sys


def work():
    print >> sys.stderr if False else None
    print("still rewritten")


work()
`],

  // ---- Beyond the issue: a reused logger defined below code that runs a print first.
  ['late-logger-called-before', `import logging


def work():
    print("early")  # stays


work()
log = logging.getLogger(__name__)
`],
  ['late-logger-decorated', `import logging

registry = []


def register(fn):
    fn()
    return fn


@register
def work():
    print("early")  # stays


log = logging.getLogger(__name__)
`],
  ['late-logger-not-called-before', `import logging

VERSION = "1"


def work():
    print("late")


log = logging.getLogger(__name__)
work()
`],

  // ---- Beyond the issue: output the module reads back.
  ['captured-by-redirect-stdout', `import contextlib
import io


def work():
    print("captured")  # stays


buf = io.StringIO()
with contextlib.redirect_stdout(buf):
    work()
print(repr(buf.getvalue()))  # stays
`],
  ['stdout-replaced', `import io
import sys


def work():
    print("to the swapped stream")  # stays


saved, sys.stdout = sys.stdout, io.StringIO()
work()
text, sys.stdout = sys.stdout.getvalue(), saved
print(len(text))  # stays
`],
  ['doctest-shows-the-output', `def greet(name):
    """Greets.

    >>> greet("bob")
    hello bob
    """
    print("hello", name)  # stays


def other():
    print("other")


greet("ann")
other()
`],
  ['doctests-run', `import doctest


def greet(name):
    """
    >>> greet("bob")
    hi bob
    """
    print("hi", name)  # stays


doctest.run_docstring_examples(greet, {"greet": greet})
`],
];

describe('print-to-logging adversarial programs (python3 before and after)', () => {
  it.each(PROGRAMS)('%s', async (name, source) => {
    const result = await transformSourceWith(source, {
      path: `${name}.py`,
      transforms: [transform],
      settings: { transformOptions: { 'print-to-logging': { 'include-main': true } } },
    });
    if (result.kind !== 'ok') throw new Error(JSON.stringify(result));
    const lines = source.split('\n');
    const stays = lines.flatMap((l, i) => (l.includes('# stays') ? [i + 1] : []));
    const skips = result.skips.filter((s) => s.transformId === 'print-to-logging');
    // Exactly the marked lines are left, each with a reason; every other print call is rewritten.
    expect(skips.map((s) => s.line).sort((a, b) => a - b), skips.map((s) => `${s.line}: ${s.reason}`).join('\n')).toEqual(stays);
    const rewritten = result.edits.filter((e) => e.transform === 'print-to-logging').map((e) => e.line);
    expect(rewritten.sort((a, b) => a - b)).toEqual((await printCallLines(source)).filter((l) => !stays.includes(l)));

    const { before, after } = beforeAndAfter(name, source, result.output);
    expect(before.status, before.output).toBe(0);
    expect(after.status, after.output).toBe(0);
    expect(after.output).toBe(before.output);
  });
});
