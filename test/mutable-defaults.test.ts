// mutable-defaults: what is reported as a skip (with its reason), and one fix per function.
import { describe, expect, it } from 'vitest';
import mutableDefaults from '../transforms/mutable-defaults/index.js';
import { transformSourceWith } from '../src/core/transform-source.js';
import { loadPythonParser } from '../src/core/parser.js';
import { candidateDefaults, defaultCore } from '../transforms/mutable-defaults/mutable.js';
import type { Settings } from '../src/core/settings.js';

async function run(source: string, settings: Partial<Settings> = {}, path = 'm.py') {
  const r = await transformSourceWith(source, { path, transforms: [mutableDefaults], settings });
  if (r.kind !== 'ok') throw new Error(JSON.stringify(r));
  return r;
}

describe('mutable-defaults skips', () => {
  it('reports a lambda with the reason and leaves it', async () => {
    const src = 'f = lambda x, acc=[]: acc\n';
    const r = await run(src);
    expect(r.output).toBe(src);
    expect(r.skips).toMatchObject([{ transformId: 'mutable-defaults', line: 1, column: 15, reason: expect.stringMatching(/lambda: no body to hold a guard/) }]);
  });

  it('reports a `_private` parameter unless fix-private is set', async () => {
    const src = 'def f(_memo={}):\n    return _memo\n';
    const r = await run(src);
    expect(r.output).toBe(src);
    expect(r.skips[0]!.reason).toMatch(/`_memo` starts with an underscore.*fix-private/);
    const fixed = await run(src, { transformOptions: { 'mutable-defaults': { 'fix-private': true } } });
    expect(fixed.output).toBe('def f(_memo=None):\n    if _memo is None:\n        _memo = {}\n    return _memo\n');
    expect(fixed.skips).toEqual([]);
  });

  it('reports an annotation that promises no mutation', async () => {
    const src = 'from typing import Sequence\ndef f(xs: Sequence[int] = []):\n    return xs\n';
    const r = await run(src);
    expect(r.output).toBe(src);
    expect(r.skips).toMatchObject([{ line: 2, column: 7, reason: expect.stringMatching(/`xs: Sequence\[int\]` promises no mutation/) }]);
  });

  it('reports defaults that would read other names in the body', async () => {
    const src = [
      'class A:',
      '    K = {}',
      '    def m(self, x=dict(K)):',
      '        return x',
      'def g(items, c=list(items)):',
      '    items = 1',
      '    return c',
      '',
    ].join('\n');
    const r = await run(src);
    expect(r.output).toBe(src);
    expect(r.skips.map((s) => s.reason)).toEqual([
      expect.stringMatching(/reads the class attribute `K`/),
      expect.stringMatching(/uses `items`, which the function itself binds/),
    ]);
  });

  it('reports when neither `Optional` nor `typing` can be named', async () => {
    const src = 'Optional = 1\ntyping = 2\ndef f(x: list = []):\n    return x\n';
    const r = await run(src, { targetVersion: 'py39' });
    expect(r.output).toBe(src);
    expect(r.skips[0]!.reason).toMatch(/`Optional` and `typing` are both taken/);
  });

  it('changes nothing in a .pyi file and reports nothing', async () => {
    const src = 'def f(x: list = []) -> None: ...\n';
    const r = await run(src, {}, 'm.pyi');
    expect(r.output).toBe(src);
    expect(r.skips).toEqual([]);
  });
});

describe('mutable-defaults fixes', () => {
  it('emits one fix per function, whatever the number of parameters, in one pass', async () => {
    const src = 'def f(a=[], b={}):\n    return a, b\n\ndef g(c=set()):\n    return c\n';
    const r = await run(src);
    expect(r.edits.map((e) => [e.line, e.message])).toEqual([
      [1, 'mutable default of `a`, `b` replaced by None and built in the body'],
      [4, 'mutable default of `c` replaced by None and built in the body'],
    ]);
    expect(r.passes).toBe(1);
  });

  it('adds `from typing import Optional` once for several functions', async () => {
    const src = 'import os\n\ndef f(a: list = []):\n    return a\n\ndef g(b: dict = {}):\n    return b\n';
    const r = await run(src, { targetVersion: 'py39' });
    expect(r.output.match(/from typing import Optional/g)).toHaveLength(1);
    expect(r.output).toContain('def f(a: Optional[list] = None):');
    expect(r.output).toContain('def g(b: Optional[dict] = None):');
  });

  it('rewrites a default whose name is the builtin even with a class attribute of another name', async () => {
    const src = 'class A:\n    x = 1\n    def m(self, v=list()):\n        return v\n';
    const r = await run(src);
    expect(r.output).toBe('class A:\n    x = 1\n    def m(self, v=None):\n        if v is None:\n            v = list()\n        return v\n');
  });
});

describe('mutable-defaults candidates from the text', () => {
  it('finds, in tree order, every default that could be mutable however it is spelled', async () => {
    const parser = await loadPythonParser();
    const src = [
      'def a(x = [ 1 ], y=\\', '[], z=\t{}, w=\f[], v=\u2060[]): pass',
      'def b(x=  # comment ####', '      # ##############################', '      []): pass',
      'def c(x=(', '    y := []), z=(([]))): pass',
      'def d(x = c . deque ( ), y=c.', '      OrderedDict(), z=dq(), w=defaultdict[str, int]()): pass',
      'def e(é=[], ñ: list[int]={}, *, k: "T"=set(), m=[i for i in ()], n={k: 1 for k in ()}): pass',
      'f = lambda x=[], y=lambda z={}: z: x',
      'def g(x: (lambda y=[]: int) = []): pass',
      's = "def h(x=[]): pass"  # def i(x=[])',
      '',
    ].join('\n');
    const tree = parser.parse(src);
    expect(tree.rootNode.hasError).toBe(false);
    const expected = tree.rootNode
      .descendantsOfType(['default_parameter', 'typed_default_parameter'])
      .filter((p) => p && /^(list|dictionary|set|\w+_comprehension|call)$/.test(defaultCore(p.childForFieldName('value')!).type))
      .map((p) => p!.text);
    expect(expected).toHaveLength(21);
    expect(candidateDefaults(src, tree.rootNode).map((p) => p.text)).toEqual(expected);
    tree.delete();
  });
});
