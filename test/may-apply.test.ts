// The built-in transforms' text checks (mayApply): a file none of them needs is not parsed at all. Each
// case says what the check answers, and every "nothing here" is confirmed by running the transform itself
// on the parsed file (it must report no fix, no skip, no finding).
import { describe, expect, it } from 'vitest';
import { builtinTransforms } from '../transforms/index.js';
import { markBuiltIns } from '../src/core/built-in.js';
import { resolveOptions } from '../src/core/options.js';
import { defaultSettings } from '../src/core/settings.js';
import { transformSourceWith } from '../src/core/transform-source.js';
import { run } from '../src/runner/run.js';
import { runCli, tempProject } from './helpers/cli.js';

const settings = defaultSettings();
const byId = (id: string) => builtinTransforms.find((t) => t.id === id)!;

function mayApply(id: string, source: string, path = 'module.py'): boolean {
  const t = byId(id);
  return t.mayApply!(source, { path, settings, options: resolveOptions(t, undefined) as never });
}

/** What the transform itself reports on the parsed file (its text check left out). */
async function reports(id: string, source: string): Promise<string[]> {
  const unchecked = markBuiltIns([{ ...byId(id), mayApply: undefined }]);
  const outcome = await transformSourceWith(source, { transforms: unchecked });
  if (outcome.kind !== 'ok') return [outcome.message];
  return [...outcome.edits.map((e) => e.message), ...outcome.skips.map((s) => s.reason), ...outcome.findings.map((f) => f.message)];
}

/** [transform, source, what mayApply must answer] */
const CASES: [string, string, boolean][] = [
  // print-to-logging: the word in code, an f-string field included; never in strings and comments alone.
  ['print-to-logging', 'x = 1  # print(x)\n"""print(x)"""\n', false],
  ['print-to-logging', 'print("a")\n', true],
  ['print-to-logging', 'x = f"{print(1)}"\n', true],
  ['print-to-logging', 'from builtins import print as echo\necho("a")\n', true],
  ['print-to-logging', 'import builtins\nbuiltins.print("a")\n', true],
  // logging-format: a logging call whose parentheses hold what a conversion needs.
  ['logging-format', 'import logging\nlog = logging.getLogger(__name__)\nlog.info("plain %s", x)\n', false],
  ['logging-format', 'import logging\nlog = logging.getLogger(__name__)\nlog.info(f"x {x}")\n', true],
  ['logging-format', 'import logging\nlog = logging.getLogger(__name__)\nlog.info("x " + str(x))\n', true],
  ['logging-format', 'import logging\nlog = logging.getLogger(__name__)\nlog.info("x %s" % (x,))\n', true],
  ['logging-format', 'import logging\nlog = logging.getLogger(__name__)\nlog.info(\n    "x {}".format(x),\n)\n', true],
  ['logging-format', 'import logging\nlog = logging.getLogger(__name__)\nlog.warn("x")\n', true],
  ['logging-format', 'import logging\nlog = logging.getLogger(__name__)\nlog.info("a %s" "(", x)  # f"{x}"\n', false],
  // Only the message (the first argument) counts: arguments after it hold nothing to convert.
  ['logging-format', 'import logging\nlog = logging.getLogger(__name__)\nlog.info("%d items, %s", n + 1, "a".format(x), f"{y}", z % 2)\n', false],
  ['logging-format', 'import logging\nlog = logging.getLogger(__name__)\nlog.info(("a, %s" + b), c)\n', true],
  ['logging-format', 'import logging\nlog = logging.getLogger(__name__)\nlog.info(d["k", 1] + "x", c)\n', true],
  ['logging-format', 'import logging\nlog = logging.getLogger(__name__)\nlog.info(f"{x}" "%s", c)\n', true],
  ['logging-format', 'import logging\nlog = logging.getLogger(__name__)\nlog.error("x %s" % y, exc_info=True)\n', true],
  ['logging-format', 'import logging\nlog = logging.getLogger(__name__)\nlog.info(*args, "a" + b)\n', false],
  ['logging-format', 'import logging\nlog = logging.getLogger(__name__)\nlog.info(lambda a, b: "x" + a, c)\n', false],
  // raise-from: a raise with a value and no cause, whose innermost except/def/class is an except.
  ['raise-from', 'try:\n    f()\nexcept E:\n    raise\n', false],
  ['raise-from', 'try:\n    f()\nexcept E as e:\n    raise X() from e\n', false],
  ['raise-from', 'try:\n    f()\nexcept E:\n    pass\nraise X()\n', false],
  ['raise-from', 'try:\n    f()\nexcept E:\n    def g():\n        raise X()\n', false],
  ['raise-from', 'try:\n    f()\nexcept E:\n    raise X(\n        "a",\n    ) from None\n', false],
  ['raise-from', 'try:\n    f()\nexcept E:\n    raise X()\n', true],
  ['raise-from', 'try:\n    f()\nexcept E: raise X()\n', true],
  ['raise-from', 'try:\n    f()\nexcept E:\n    if y:\n        raise X()\n', true],
  ['raise-from', 'try:\n    f()\nexcept E:\n    if y: raise X((yield from g))\n', true],
  ['raise-from', 'try:\n    f()\nexcept E:\n    x = """\nraise X()\n"""\n    raise Y(x)\n', true],
  ['raise-from', 'def f():\n    try:\n        g()\n    except E:  # handled\n        class C:\n            pass\n        raise X(C)\n', true],
  // Found by an adversarial tester: a `;` ending a line, statements after `;` in a one-line clause, a string
  // statement before `;`, a form feed in the indentation, a header continued by a backslash over a blank line.
  ['raise-from', 'try:\n    import foo;\nexcept ImportError:\n    raise RuntimeError("no foo")\n', true],
  ['raise-from', 'try:\n    pass\nexcept E:\n    class C:\n        y = 1;\n    raise X()\n', true],
  ['raise-from', 'try:\n    pass\nexcept ValueError: x = 1; raise KeyError()\n', true],
  ['raise-from', 'try:\n    pass\nexcept E:\n    def g():\n        pass\n    "s"; raise X()\n', true],
  ['raise-from', 'try:\n pass\n\x0cexcept E:\n raise X()\n', true],
  ['raise-from', 'try:\n    pass\nexcept E: \\\n\n    raise X()\n', true],
  ['raise-from', 'try:\n    pass\nexcept E:\n    def f(): pass; raise X()\n', false],
  // open-with: an opener called outside `with`.
  ['open-with', 'with open("f") as f:\n    f.read()\n', false],
  ['open-with', 'x = "open(f)"  # open(g)\n', false],
  ['open-with', 'f = open("f")\nf.read()\nf.close()\n', true],
  ['open-with', 'import gzip as gz\nf = gz.open("f")\nf.close()\n', true],
  ['open-with', 'from zipfile import ZipFile as Z\nz = Z("f")\nz.close()\n', true],
  // mutable-defaults: an `=` in a def's parameters or a lambda's followed by what may be mutable.
  ['mutable-defaults', 'def f(x=None, y="[", z=(1)):\n    return [x]\n', true], // `(1)` may be a call's parentheses
  ['mutable-defaults', 'def f(x=None, y="[]", z=1):\n    return [x]\n', false],
  ['mutable-defaults', 'def f(x=[]):\n    return x\n', true],
  ['mutable-defaults', 'def f(a=")", x={}):\n    return x\n', true],
  ['mutable-defaults', 'g = lambda a=lambda: 0, b=[]: b\n', true],
  ['mutable-defaults', 'def f(x=collections.OrderedDict()):\n    return x\n', true],
  // Found by an adversarial tester: a lambda's parameters over lines inside brackets, PEP 695 type parameters.
  ['mutable-defaults', 'f = (lambda x\n     =[]: x)\n', true],
  ['mutable-defaults', 'callback = (\n    lambda request,\n    cache={}: cache\n)\n', true],
  ['mutable-defaults', 'd = {\n    "a": lambda x,  # c\n    y=[]: y,\n}\n', true],
  ['mutable-defaults', 'g = (lambda a=lambda: 0,\n     b=[]: b)\n', true],
  ['mutable-defaults', 'def f[T: (int, str)](x=[]):\n    return x\n', true],
  ['mutable-defaults', 'f = (lambda x: {"a": [1]})\nd = {"k": 1}\n', false],
  // modern-typing: a name it rewrites or moves, with `typing` in the file.
  ['modern-typing', 'from typing import Any\nx: Any = 1\n', false],
  ['modern-typing', 'from typing import Optional\nx: Optional[int] = 1\n', true],
  ['modern-typing', 'import typing as t\nx: "t.List[int]" = []\n', true],
  // group-imports: blocks that are already as the transform prints them are read from the text.
  ['group-imports', '"""Doc."""\n\nimport os\nimport sys\n\nimport requests\n\nx = 1\n', false],
  ['group-imports', 'import os\nimport sys\n\n\ndef f():\n    import json\n    from os import path\n\n    return json, path\n', false],
  ['group-imports', 'import sys\nimport os\n', true],
  ['group-imports', 'import os\nimport sys\ndef f():\n    pass\n', true], // two blank lines before a def
  ['group-imports', 'def f():\n    import sys\n    import os\n', true],
  ['group-imports', 'try:\n    import sys\n    import os\nexcept ImportError:\n    pass\n', true],
  ['group-imports', 'import os; import sys\n', true],
  ['group-imports', 'import os, \\\n    sys\n', true],
  ['group-imports', 'import os\nif x: import sys\n', true],
  ['group-imports', 'x = """\nimport b\nimport a\n"""\nimport os\n', false],
  // An f-string is never an import statement, its fields included (they hold expressions).
  ['group-imports', 'import os\nimport sys\n\ncode = f"""\nimport runpy\nimport {os.sep}\n"""\n', false],
  ['group-imports', 'import sys\nimport os\n\ncode = f"""\nimport runpy\n"""\n', true],
  ['group-imports', 'import os  # isort: skip\nimport abc\n', true],
  // A wrapped import is printed with the file's indentation step, read from the text: the first indented body.
  ['group-imports', 'from a import (\n    b,\n    c,\n)\n', false],
  ['group-imports', 'from a import (\n    b,\n    c,\n)\n\n\ndef f(\n    x,\n):\n    return x\n', false],
  // Two spaces a step: Ruff's check (and this one) compares lines without their indentation.
  ['group-imports', 'from a import (\n    b,\n    c,\n)\n\n\ndef f():\n  return 1\n', false],
  ['group-imports', 'from a import (\n    b,\n    c,\n)\n\n\ndef f():  # a comment: the tree decides\n    return 1\n', true],
  ['group-imports', 'from a import (b, c)  # noqa\n', false],
  ['group-imports', 'if x:\n\t \timport b\n \t\timport a\n', true], // one indentation to Python, two strings
  ['group-imports', 'from a import (b, c)\n', true],
];

describe('mayApply of the built-in transforms', () => {
  it.each(CASES)('%s on %j: %s, and "false" is confirmed by the transform', async (id, source, expected) => {
    expect(mayApply(id, source)).toBe(expected);
    if (!expected) expect(await reports(id, source)).toEqual([]);
  });

  it('answers true when the text cannot be read simply (Python 3.12 f-string nesting), where its words are in the file', () => {
    // Every transform's words, in a comment: read simply, nothing for any of them.
    const words = '# import def f(x=[]): print(x) open(x) raise X() except log.info(f"{x}") log.warn(x) typing Optional\n';
    const readers = builtinTransforms.filter((t) => t.mayApply && t.id !== 'modern-typing'); // modern-typing reads words alone
    for (const t of readers) expect([t.id, mayApply(t.id, `x = f"{d['k']}"\n${words}`)]).toEqual([t.id, false]);
    for (const t of readers) expect([t.id, mayApply(t.id, `x = f"{d["k"]}"\n${words}`)]).toEqual([t.id, true]);
  });
});

describe('a file no selected transform needs is not parsed', () => {
  const files = {
    'nothing.py': 'import os\n\n\ndef f(x):\n    return os.path.join(x, "a")\n',
    'broken.py': 'import os\n\n\ndef f(:\n    return os\n', // nothing any transform looks for: not read as Python
    'broken_print.py': 'def f(:\n    print(1)\n', // print: parsed, so its syntax error is reported
  };

  it('is unchanged (a syntax error there is not looked for); --check-syntax parses and reports it', async () => {
    const dir = tempProject(files);
    const r = await run({ cwd: dir, isolated: true, cache: false, jobs: 1 });
    const status = Object.fromEntries(r.results.map((x) => [x.path, x.kind]));
    expect(status).toEqual({ 'broken.py': 'unchanged', 'broken_print.py': 'failed', 'nothing.py': 'unchanged' });
    const checked = await run({ cwd: dir, isolated: true, cache: false, jobs: 1, checkSyntax: true });
    expect(Object.fromEntries(checked.results.map((x) => [x.path, x.kind]))).toMatchObject({ 'broken.py': 'failed', 'broken_print.py': 'failed' });
    const cli = await runCli(['--check', '--check-syntax', '--isolated', '--no-cache'], { cwd: dir });
    expect(cli.code).toBe(1);
    expect(cli.stderr).toMatch(/^broken\.py:4:\d+: syntax error$/m);
  });

  it('takes `check-syntax = true` from pyproject.toml, and refuses a value that is not a boolean', async () => {
    const dir = tempProject({ ...files, 'pyproject.toml': '[tool.pycodemod]\ncheck-syntax = true\n' });
    const r = await runCli(['--check', '--no-cache'], { cwd: dir });
    expect(r.stderr).toMatch(/^broken\.py:4:\d+: syntax error$/m);
    const bad = tempProject({ 'a.py': 'x = 1\n', 'pyproject.toml': '[tool.pycodemod]\ncheck-syntax = "yes"\n' });
    const refused = await runCli(['--check'], { cwd: bad });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('`check-syntax` in');
  });

  it('always parses what comes on stdin (an editor or a hook wants to hear of a syntax error)', async () => {
    const r = await runCli(['-'], { cwd: tempProject({}), stdin: 'def f(:\n' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^stdin\.py:1:\d+: syntax error$/m);
  });
});
