// The compiler-rule checker (src/core/python-compile-rules.ts) judged by python3's compile(): every case that
// python3 rejects must be found on python3's line with python3's message, and no case python3 accepts
// (the valid look-alikes) may be rejected.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPythonParser } from '../src/core/parser.js';
import { checkCompileRules } from '../src/core/python-compile-rules.js';
import { LineIndex } from '../src/core/text.js';
import { compileWithPython } from './helpers/python-compile.js';

// [source, rejected by python3 (checked below against python3 itself)]
const CASES: [string, boolean][] = [
  ['return 5\n', true],
  ['class A:\n    return 1\n', true],
  ['def f():\n    class A:\n        return 1\n', true],
  ['class A:\n    def f(self):\n        return 1\n', false],
  ['def f():\n    def g():\n        return 1\n    return g\n', false],
  ['if x:\n    return\n', true],
  ['try:\n    pass\nfinally:\n    return\n', true],
  ['break\n', true],
  ['continue\n', true],
  ['for x in y:\n    break\nelse:\n    break\n', true],
  ['while 1:\n    for x in y:\n        pass\n    else:\n        break\n', false],
  ['for x in y:\n    for z in x:\n        break\n    continue\n', false],
  ['for x in y:\n    def f():\n        break\n', true],
  ['for x in y:\n    class A:\n        continue\n', true],
  ['while x:\n    try:\n        continue\n    finally:\n        break\n', false],
  ['for x in y:\n    with a:\n        if b:\n            break\n', false],
  ['for x in y:\n    match x:\n        case 1:\n            break\n', false],
  ['match x:\n    case 1:\n        break\n', true],
  ['match x:\n    case 1:\n        return\n', true],
  ['yield 5\n', true],
  ['x = yield 5\n', true],
  ['class A:\n    yield 1\n', true],
  ['def f():\n    yield 1\n', false],
  ['def f():\n    x = yield 1\n', false],
  ['f = lambda: (yield)\n', false],
  ['await f()\n', true],
  ['x = await f()\n', true],
  ['def f():\n    await g()\n', true],
  ['async def f():\n    await g()\n    x = await g()\n', false],
  ['async def f():\n    def g():\n        await h()\n', true],
  ['async def f():\n    return [x async for x in y]\n', false],
  ['nonlocal x\n', true],
  ['def f():\n    x = 1\n    def g():\n        nonlocal x\n', false],
  ['def f():\n    from os import *\n', true],
  ['async def f():\n    from os import *\n', true],
  ['from os import *\n', false],
  ['if x:\n    from os import *\n', false],
  ['def f():\n    from os import path\n', false],
  ['def g(a, a):\n    pass\n', true],
  ['def g(a, *, b=1, **a):\n    pass\n', true],
  ['def g(a: int, b: int = 1, *a):\n    pass\n', true],
  ['def g(a, b, *c, d, **e):\n    pass\n', false],
  ['def g(a, /, b, *, c):\n    pass\n', false],
  ['@d\ndef g(a, a):\n    pass\n', true],
  ['def g(a):\n    global a\n', true],
  ['def g(a):\n    if x:\n        nonlocal a\n', true],
  ['def g(a):\n    def h():\n        global a\n', false],
  ['def g(a):\n    global b\n', false],
  ['async def g():\n    yield 1\n    return 2\n', true],
  ['async def g():\n    yield 1\n    return\n', false],
  ['async def g():\n    def h():\n        yield 1\n    return 2\n', false],
  ['async def g():\n    f = lambda: (yield)\n    return 2\n', false],
  ['async def g():\n    x = yield from y\n', true],
  ['def g():\n    x = yield from y\n    return 1\n', false],
  ['__debug__ = 1\n', true],
  ['x = __debug__\n', false],
  // Function bodies are walked only when their text has a word some rule needs: each of these words.
  ['def f():\n    if x:\n        break\n', true],
  ['def f():\n    x = 1\n    class A:\n        return x\n', true],
  ['def f():\n    def g(a, a):\n        pass\n', true],
  ['def f():\n    __debug__ = 1\n', true],
  ['class A:\n    def f(self):\n        while x:\n            pass\n        else:\n            continue\n', true],
  ['def f():\n    "break, class, def, import"\n    return 1\n', false],
  ['def f():\n    for x in y:\n        continue\n    return\n', false],
];

describe('compiler rules, against python3', async () => {
  const parser = await loadPythonParser();
  const verdicts = compileWithPython(CASES.map(([s]) => s));
  CASES.forEach(([source, rejected], i) => {
    it(JSON.stringify(source), () => {
      const python = verdicts[i]!;
      expect(!python.ok).toBe(rejected);
      const tree = parser.parse(source);
      try {
        expect(tree.rootNode.hasError).toBe(false);
        const found = checkCompileRules(tree.rootNode, source);
        if (python.ok) {
          expect(found).toBeUndefined();
        } else {
          expect(found?.message).toBe(python.message);
          expect(new LineIndex(source).position(found!.offset).line).toBe(python.line);
        }
      } finally {
        tree.delete();
      }
    });
  });
});
