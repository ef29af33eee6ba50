// group-imports against its reference, Ruff's I001 fix (@astral-sh/ruff-wasm-nodejs): every
// hand-written fixture's expected output, and a table of tricky blocks, must be what Ruff produces
// (except the deliberate differences listed in transforms/group-imports/README.md).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import groupImports from '../transforms/group-imports/index.js';
import { transformSourceWith } from '../src/core/transform-source.js';
import { DELIBERATE_DIFFERENCES, fixtureVersusRuff, ruffFix, ruffWorkspace } from './corpus/group-imports-ruff.js';
import { loadPythonParser } from '../src/core/parser.js';

// Loading the two WASM modules can take seconds on a busy machine: once, outside the timed tests.
beforeAll(async () => {
  await loadPythonParser();
  ruffWorkspace().free();
}, 60_000);

const DIR = join(import.meta.dirname, '..', 'fixtures', 'group-imports');

describe('group-imports fixtures agree with Ruff', () => {
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.input.py')).sort()) {
    const name = file.slice(0, -'.input.py'.length);
    if (name in DELIBERATE_DIFFERENCES) continue;
    it(name, () => {
      const { expected, ruff } = fixtureVersusRuff(DIR, file);
      expect(ruff).toBe(expected);
    });
  }
});

// Blocks the corpus rarely has; each was once a place where two implementations could part.
const TRICKY = [
  'import os, \\\n    sys\n',
  'from a import (b as c, d as e)\n',
  'from . import (a)\n',
  'import a.b.c as d, a\n',
  'class A:\n    import os\n    import abc\n    x = 1\n',
  'x=1\nimport b\nimport a',
  'import b\nimport a\n# c\ndef f(): pass\n',
  'if True:\n    import b\n    import a\nelse:\n    pass\n',
  'match x:\n    case 1:\n        import b\n        import a\n',
  'import a  # c1\nimport a  # c2\n',
  'from a import b  # c1\nfrom a import c  # c2\n',
  'from a import (\n    b,  # cb\n    c,\n)\nfrom a import d  # cd\n',
  'import b\n   \nimport a\n',
  'from __future__ import annotations\nimport __future__\n',
  'from a import b as b\n',
  'import b\nimport a\n\n# about f\n@dec\ndef f(): pass\n',
  'def f():\n    import b\n    import a\n\n\n    return 1\n',
  'import b\nimport a\n\n\n',
  'import a as b, c as d\n',
  // (A standard-library star: `import sys` may cross it, since textwrap does not export `sys`.)
  'from textwrap import *  # comment\nimport sys\n',
  'with x:\n    import b\n    import a\nwhile x:\n    pass\nelse:\n    import d\n    import c\n',
  'try:\n    import b\n    import a\nfinally:\n    import d\n    import c\n',
  'async def f():\n    import b\n    import a\n',
  'def f():\r\n    from aaaaaaaaaaaaaaaaaaaaaaaa import bbbbbbbbbbbbbbbbbbbbb, cccccccccccccccccccccc, dddddddddddddd\r\n    import b\r\n',
  'import b  # é\tx\nimport a\n',
  '"""doc"""\n\n\n\nimport b\nimport a\n',
  'import b\n\n\n\nimport a\n\n\n\nx = 1\n',
  'from a import b\n\nfrom a import c as d\n\n\nclass C: pass\n',
  'import b;\nimport a\n',
  'from .. import a\nfrom ..b import c\nfrom . import d\nfrom .e import f\nfrom ...g import h\n',
  'from a.b import c\nfrom a import b\nimport a.b\nimport a\n',
  'import A\nimport a\nimport B\nimport _a\nimport __a\n',
  'from x import a_b, aB, a1, A1, _x, __y, Ab\n',
  'if x:\n    import b\n    import a\n# comment\nelif y:\n    pass\n',
  'import b\nimport a\n\n\n\n# just a comment at the end\n',
  'class A:\n    import b\n    import a\n\n    def f(self): pass\n',
  'from a import (b)  # c\n',
  'from a import (  # c\n    b\n)\n',
  'from a import (\n    b  # c\n)\n',
  'from a import (\n    b\n    # c\n)\n',
  'from a import b, c  # c1\nfrom a import d  # c2\n',
  'from aaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbb import cccccccccccccccccccc as dddddddddddd  # noqa: F401\n',
  '# isort: off\nimport b\nimport a\n',
  'import b\nimport a  # isort: skip\n',
  'import b  # isort:skip\nimport a\n',
  'import c\n# isort: split\n# isort: split\nimport b\nimport a\n',
  'def f():\n    import b\n    # isort: split\n    import a\n    import c\n',
  '# ruff: noqa\nimport b\nimport a\n',
  'import b  # noqa:I001,E501\nimport a\n',
  'import sys\nif x: import b; import a\nimport os\n',
  'try:\n    import b\n    # isort: split\n    import a\nexcept ImportError:\n    a = b = None\n',
  'from b import (  # isort: skip\n    y,\n    x,\n)\nimport a\n',
  'import b\nimport a\n\n\nif TYPE_CHECKING:\n    from z import Y\n    from y import Z\n',
  'from typing import (\n  Any,\n  Dict,\n)\n\ndef f():\n    pass\n',
  'def f():\n  import b\n  from aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa import bbbbbbbbbbbbbbbbbbbbbbbbb, cccccccccccccccccccccccccc\n',
  'import b\nimport a\n\n\n\n\nclass C:\n    pass\n',
  'import b\nimport a\n\n# comment\n\n\n\nclass C:\n    pass\n',
];

describe('group-imports agrees with Ruff on tricky blocks', () => {
  const ws = ruffWorkspace();
  TRICKY.forEach((source, i) => {
    it(`#${i} ${JSON.stringify(source.slice(0, 40))}`, async () => {
      const ours = await transformSourceWith(source, { path: 'm.py', transforms: [groupImports], settings: { src: [], projectRoot: '/nonexistent' } });
      expect(ours.kind === 'ok' && ours.output).toBe(ruffFix(ws, source));
    });
  });
});
