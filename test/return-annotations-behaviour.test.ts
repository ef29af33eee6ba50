// return-annotations behaviour (python3): the rewritten program prints the same, and every annotation it added
// is true: each annotated function, called on sample arguments, returns an instance of what it now says
// (checked by a harness that reads inspect.signature after running the program's calls).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import returnAnnotations from '../transforms/return-annotations/index.js';
import { transformSourceWith } from '../src/core/transform-source.js';

async function rewrite(source: string) {
  const r = await transformSourceWith(source, { path: 'prog.py', transforms: [returnAnnotations], settings: { targetVersion: 'py311' } });
  if (r.kind !== 'ok') throw new Error(JSON.stringify(r));
  return { output: r.output, messages: r.edits.map((e) => `${e.line}: ${e.message}`) };
}

function python(files: Record<string, string>, main: string): { output: string; status: number | null } {
  const dir = mkdtempSync(join(tmpdir(), 'pycodemod-ra-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    writeFileSync(join(dir, 'main.py'), main);
    const r = spawnSync('python3', ['-X', 'utf8', 'main.py'], { cwd: dir, encoding: 'utf8' });
    return { output: r.stdout + r.stderr, status: r.status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const MODULE = String.raw`
import contextlib, sys


class Money:
    def __init__(self, amount):
        if amount < 0:
            raise ValueError(amount)
        self.amount = amount

    def __repr__(self):
        return f"Money({self.amount})"

    def __str__(self):
        return self.describe()

    def __len__(self):
        return len(str(self.amount))

    def __bool__(self):
        return self.amount != 0

    def describe(self):
        return "%d coins" % self.amount

    def is_large(self):
        if self.amount > 100:
            return True
        return False

    def reset(self):
        self.amount = 0


def parse(text):
    if not text:
        return None
    print("parsing", text)


def code(ok):
    if ok:
        return 0
    return 1


def label(kind):
    if kind == "a":
        return "alpha"
    elif kind == "b":
        return f"beta {kind}"
    raise KeyError(kind)


def ratio(big):
    return 2.5 if big else 0.5


def fail(message):
    raise RuntimeError(message)


def stop():
    sys.exit(3)


def probe(mapping, key):
    # Returns None when the lookup fails: the with block is left at its end.
    with contextlib.suppress(KeyError):
        mapping[key]
        return True
`;

// Runs the calls, then checks every return annotation the module has against the values its functions returned.
const MAIN = String.raw`
import inspect, prog

calls = [
    (prog.Money.__init__, (prog.Money.__new__(prog.Money), 5)),
    (prog.Money.__repr__, (prog.Money(5),)),
    (prog.Money.__str__, (prog.Money(5),)),
    (prog.Money.__len__, (prog.Money(123),)),
    (prog.Money.__bool__, (prog.Money(0),)),
    (prog.Money.describe, (prog.Money(2),)),
    (prog.Money.is_large, (prog.Money(200),)),
    (prog.Money.is_large, (prog.Money(2),)),
    (prog.Money.reset, (prog.Money(2),)),
    (prog.parse, ("",)),
    (prog.parse, ("12",)),
    (prog.code, (True,)),
    (prog.code, (False,)),
    (prog.label, ("a",)),
    (prog.label, ("b",)),
    (prog.ratio, (True,)),
    (prog.probe, ({}, "x")),
    (prog.probe, ({"x": 1}, "x")),
]
for func, args in calls:
    result = func(*args)
    annotation = inspect.signature(func).return_annotation
    print(func.__qualname__, repr(result))
    if annotation is not inspect.Signature.empty:
        expected = type(None) if annotation is None else annotation
        assert isinstance(result, expected), (func.__qualname__, annotation, result)
print("annotated:", sorted(f.__qualname__ for f, _ in calls if inspect.signature(f).return_annotation is not inspect.Signature.empty))
for func in (prog.fail, prog.stop):
    print(func.__name__, inspect.signature(func).return_annotation is inspect.Signature.empty)
`;

describe('return-annotations behaviour (python3)', () => {
  it('the program prints the same, and every added annotation holds for what the function returns', async () => {
    const { output, messages } = await rewrite(MODULE);
    expect(messages).toEqual([
      '6: `__init__` -> None (`__init__` returns nothing)',
      '11: `__repr__` -> str (Python requires `__repr__` to return a str)',
      '14: `__str__` -> str (Python requires `__str__` to return a str)',
      '17: `__len__` -> int (Python requires `__len__` to return an int)',
      '20: `__bool__` -> bool (Python requires `__bool__` to return a bool)',
      '26: `is_large` -> bool (every return returns a bool literal)',
      '31: `reset` -> None (it returns nothing)',
      '35: `parse` -> None (it returns nothing)',
      '41: `code` -> int (every return returns an int literal)',
      '47: `label` -> str (every return returns a str literal)',
    ]);
    const before = python({ 'prog.py': MODULE }, MAIN);
    const after = python({ 'prog.py': output }, MAIN);
    expect(before.status).toBe(0);
    expect(after.status).toBe(0);
    // Only the list of annotated functions differs.
    const strip = (s: string) => s.replace(/^annotated:.*$/m, '');
    expect(strip(after.output)).toBe(strip(before.output));
    expect(after.output).toContain("annotated: ['Money.__bool__', 'Money.__init__', 'Money.__len__', 'Money.__repr__', 'Money.__str__', 'Money.is_large', 'Money.is_large', 'Money.reset', 'code', 'code', 'label', 'label', 'parse', 'parse']");
    expect(after.output).toContain('fail True\nstop True');
  });
});
