// mutable-defaults: what is reported as a skip (with its reason), and one fix per function.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import mutableDefaults from '../transforms/mutable-defaults/index.js';
import modernTyping from '../transforms/modern-typing/index.js';
import { spawnSync } from 'node:child_process';
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

  it('reports a default whose variable other code rebinds: global, nonlocal, del, a later star import', async () => {
    const src = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'mutable-defaults', 'default-rebound-elsewhere.input.py'), 'utf8');
    const r = await run(src);
    expect(r.output).toBe(src);
    expect(r.skips.map((s) => [s.line, s.reason.replace(/^mutable default of `\w+`: /, '')])).toEqual([
      [10, 'the default reads `BASE`, which code declaring `global BASE` rebinds (line 16): at call time it could hold another value; not rewritten'],
      [19, 'the default reads `LIMITS`, which code declaring `global LIMITS` rebinds (line 25): at call time it could hold another value; not rewritten'],
      [28, 'the default reads `GONE`, which code declaring `global GONE` deletes (line 34): at call time it could hold another value; not rewritten'],
      [40, 'the default reads `base`, which code declaring `nonlocal base` rebinds (line 45): at call time it could hold another value; not rewritten'],
      [50, 'the default reads `sep`, which a star import (`from os import *`) may rebind: at call time it could hold another value; not rewritten'],
    ]);
  });

  it('reports a default whose variable is rebound at run time: globals(), exec, a builtins write', async () => {
    const src = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'mutable-defaults', 'default-rebound-at-run-time.input.py'), 'utf8');
    const r = await run(src);
    expect(r.output).toBe(src);
    expect(r.skips.map((s) => [s.line, s.reason.replace(/^mutable default of `\w+`: /, '')])).toEqual([
      [9, 'the default reads `BASE`, which may be rebound at run time (line 14): at call time it could hold another value; not rewritten'],
      [17, 'the default reads `LIMITS`, which may be rebound at run time (line 21): at call time it could hold another value; not rewritten'],
      [24, 'the default reads `list`, which may be rebound at run time (line 28): at call time it could hold another value; not rewritten'],
    ]);
    const optional = await run(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'mutable-defaults', 'optional-bound-at-run-time.input.py'), 'utf8'));
    expect(optional.skips[0]!.reason).toMatch(/`Optional` may be bound at run time \(line 2\).*`typing` may be bound at run time \(line 3\)/);
  });

  it('reports a function handed to a call that reads its signature or registers it by annotation', async () => {
    const src = [
      'import typer, fire, atexit',
      'from functools import singledispatch',
      '@singledispatch',
      'def show(a): return a',
      'def main(names=[]): print(names)',
      'def other(flags={}): print(flags)',
      'def impl(a: list = [], b=[]): return a',
      'def bye(log: list = []): log.append(1)',
      'def plain(items: list = []): return items',
      'typer.run(main)',
      'fire.Fire(other)',
      'show.register(impl)',
      'atexit.register(bye)',
      '',
    ].join('\n');
    const r = await run(src);
    expect(r.skips.map((s) => [s.line, s.reason.replace(/^mutable default of `\w+`: /, '')])).toEqual([
      [5, '`typer.run(main)` (line 10) reads the signature at run time (typer builds the command line from the signature, defaults included); not rewritten'],
      [6, '`fire.Fire(other)` (line 11) reads the signature at run time (Fire builds the command line from the signature, defaults included); not rewritten'],
      [7, '`show.register(impl)` (line 12) reads the annotation at run time (a functools.singledispatch `register` dispatches on the annotation: widened, the overload would also be registered for NoneType); not rewritten'],
    ]);
    // `b` of impl is not annotated: register never reads it. atexit's register reads nothing.
    expect(r.edits.map((e) => e.line).sort()).toEqual([7, 8, 9]);
  });

  it('py310 with modern-typing in the same run: a name holding a string keeps Optional, and the module imports', async () => {
    const src = 'Alias = "list"\n\n\ndef f(x: Alias = []):\n    x.append(1)\n    return x\n\n\nprint(f(), f())\n';
    for (const transforms of [[mutableDefaults, modernTyping], [modernTyping, mutableDefaults]]) {
      const r = await transformSourceWith(src, { path: 'm.py', transforms, settings: { targetVersion: 'py310' } });
      if (r.kind !== 'ok') throw new Error(JSON.stringify(r));
      expect(r.output).toContain('def f(x: Optional[Alias] = None):');
      const py = spawnSync('python3', ['-'], { input: r.output, encoding: 'utf8' });
      expect(py.stderr).toBe('');
      expect(py.stdout).toBe('[1] [1]\n');
    }
  });

  it('reports when neither `Optional` nor `typing` can be named', async () => {
    const src = 'Optional = 1\ntyping = 2\ndef f(x: list = []):\n    return x\n';
    const r = await run(src, { targetVersion: 'py39' });
    expect(r.output).toBe(src);
    expect(r.skips[0]!.reason).toMatch(/neither can be named safely here: `Optional` is bound to something else in the module; `typing` is bound to something else in the module/);
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
    const src = 'def f(a=[], b={}):\n    print(a, b)\n\ndef g(c=set()):\n    print(c)\n';
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

describe('mutable-defaults messages: what a reviewer should check', () => {
  const messageOf = async (src: string) => {
    const r = await run(src);
    expect(r.edits).toHaveLength(1);
    return r.edits[0]!.message;
  };
  const SHARED = /calls no longer share one `(\w+)`: the body (changes it|hands it on) \(line (\d+): `([^`]*)`\)/;

  it('says calls no longer share the object when the body changes it', async () => {
    for (const [body, use] of [
      ['    memo[n] = n * 2\n    return memo[n]', 'memo[n] = n * 2'],
      ['    if n not in memo:\n        memo[n] = n\n    return memo[n]', 'memo[n] = n'],
      ['    memo.append(n)', 'memo.append(n)'],
      ['    memo.setdefault(n, []).append(1)', 'memo.setdefault(n, []).append(1)'],
      ['    memo["n"] += 1', 'memo["n"] += 1'],
      ['    memo += [n]', 'memo += [n]'],
      ['    memo |= {n: 1}', 'memo |= {n: 1}'],
      ['    del memo[n]', 'del memo[n]'],
      ['    memo["items"].append(n)', 'memo["items"].append(n)'],
      ['    memo.attr = n', 'memo.attr = n'],
      ['    for k in list(memo):\n        memo.pop(k)', 'memo.pop(k)'],
    ]) {
      const message = await messageOf(`def f(n, memo={"items": []}):\n${body}\n`);
      expect(message, body).toMatch(SHARED);
      const [, name, kind, , statement] = SHARED.exec(message)!;
      expect([name, kind, statement], body).toEqual(['memo', 'changes it', use]);
    }
  });

  it('says so when the body hands the object on', async () => {
    for (const [body, use] of [
      ['    return memo', 'return memo'],
      ['    helper(memo)', 'helper(memo)'],
      ['    self_store = memo', 'self_store = memo'],
      ['    CACHE.append(memo)', 'CACHE.append(memo)'],
      ['    return lambda: memo', 'return lambda: memo'],
      ['    yield memo', 'yield memo'],
      ['    add = memo.append\n    add(n)', 'add = memo.append'],
      ['    return memo or None', 'return memo or None'],
    ]) {
      const message = await messageOf(`def f(n, memo=[]):\n${body}\n`);
      const [, , kind, , statement] = SHARED.exec(message) ?? [];
      expect([kind, statement], body).toEqual(['hands it on', use]);
    }
  });

  it('says nothing when the body only reads the value, or rebinds the name first', async () => {
    for (const body of [
      '    return len(items), sorted(items), sum(items)',
      '    for i in items:\n        print(i)',
      '    return [i for i in items if i in items]',
      '    return items.copy(), items.count(1), items.index(1)',
      '    if items:\n        return items[0]', // the default holds no mutable item of its own
      '    x = [items for items in range(3)]\n    return x',
      '    items = list(items)\n    items.append(1)\n    return items',
      '    return items + [1]',
      '    return ", ".join(items), g(*items), [*items]',
    ]) {
      expect(await messageOf(`def f(items=[]):\n${body}\n`), body).toBe('mutable default of `items` replaced by None and built in the body');
    }
  });

  it('counts an item read out of a default that holds mutable items as handing it on', async () => {
    const message = await messageOf('def f(state={"items": []}):\n    return state["items"]\n');
    expect(SHARED.exec(message)?.slice(2)).toEqual(['hands it on', '2', 'return state["items"]']);
  });

  it('reports an annotation it cannot make admit None, in the edit message', async () => {
    const message = await messageOf('def f(x: get_type() = [], y: 1 = {}):\n    return None\n');
    expect(message).toBe(
      'mutable default of `x`, `y` replaced by None and built in the body; ' +
        'the annotation `get_type()` of `x` is not a type pycodemod can widen: it is kept as written, check that it admits None; ' +
        'the annotation `1` of `y` is not a type pycodemod can widen: it is kept as written, check that it admits None',
    );
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
