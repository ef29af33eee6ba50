// The semantic model behind "is `print` the builtin here" and "is `dq` collections.deque here".
import { describe, expect, it } from 'vitest';
import type { Node } from 'web-tree-sitter';
import { loadPythonParser } from '../src/core/parser.js';
import { ScopeModel } from '../src/core/python/scope.js';

async function at(source: string, marker: string): Promise<{ model: ScopeModel; node: Node }> {
  const parser = await loadPythonParser();
  const tree = parser.parse(source);
  const offset = source.indexOf(marker);
  const node = tree.rootNode.descendantForIndex(offset, offset + marker.length);
  return { model: new ScopeModel(tree.rootNode), node: node! };
}

describe('ScopeModel.isBuiltin', () => {
  it.each([
    ['plain use', 'print(1)\n', true],
    ['module-level def', 'def print(*a): pass\nprint(1)\n', false],
    ['assignment', 'print = log\nprint(1)\n', false],
    ['import', 'from rich import print\nprint(1)\n', false],
    ['parameter of the enclosing function', 'def f(print):\n    print(1)\n', false],
    ['local of an enclosing function', 'def f():\n    print = g\n    def h():\n        print(1)\n', false],
    ['a class attribute does not reach methods', 'class C:\n    print = 1\n    def m(self):\n        print(1)\n', true],
    ['a local of another function does not leak', 'def g():\n    print = 1\ndef f():\n    print(1)\n', true],
    ['global declaration points at the module', 'def f():\n    global print\n    print(1)\n', true],
    ['for-loop target', 'for print in xs:\n    print(1)\n', false],
    ['with-as target', 'with open(p) as print:\n    print(1)\n', false],
    ['walrus in a comprehension binds outside', 'ys = [(print := y) for y in xs]\nprint(1)\n', false],
  ])('%s', async (_name, source, expected) => {
    const { model, node } = await at(source, 'print(1)');
    expect(model.isBuiltin('print', node)).toBe(expected);
  });

  it('a default value is evaluated in the enclosing scope, not among the parameters', async () => {
    const { model, node } = await at('def f(list, x=list()):\n    pass\n', 'list()');
    expect(model.isBuiltin('list', node)).toBe(true);
  });
});

describe('ScopeModel.qualifiedName', () => {
  it.each([
    ['import collections\nx = collections.deque()\n', 'collections.deque'],
    ['import collections as c\nx = c.deque()\n', 'collections.deque'],
    ['from collections import deque as dq\nx = dq()\n', 'collections.deque'],
    ['x = list()\n', 'list'],
  ])('%s', async (source, expected) => {
    const parser = await loadPythonParser();
    const tree = parser.parse(source);
    const call = tree.rootNode.descendantsOfType('call')[0]!;
    expect(new ScopeModel(tree.rootNode).qualifiedName(call.childForFieldName('function')!)).toBe(expected);
  });

  it('is undefined for a shadowed local name', async () => {
    const parser = await loadPythonParser();
    const tree = parser.parse('def f():\n    deque = make\n    return deque()\n');
    const call = tree.rootNode.descendantsOfType('call')[0]!;
    expect(new ScopeModel(tree.rootNode).qualifiedName(call.childForFieldName('function')!)).toBeUndefined();
  });
});

describe('ScopeModel.qualifiedNameOfName', () => {
  // A name read from the text of a string annotation, resolved where the string stands.
  it.each([
    ['import typing as t\ndef f(x: "t.List[int]"): pass\n', 't', 'typing'],
    ['from typing import Optional as Opt\ndef f(x: "Opt[int]"): pass\n', 'Opt', 'typing.Optional'],
    ['def f(x: "list[int]"): pass\n', 'list', 'list'],
    ['from typing import List\ndef f(List):\n    y: "List[int]" = []\n', 'List', undefined],
    ['import typing as t\nif c:\n    import typing_extensions as t\ndef f(x: "t.List"): pass\n', 't', undefined],
  ])('%s', async (source, name, expected) => {
    const { model, node } = await at(source, '"');
    expect(model.qualifiedNameOfName(name, node)).toBe(expected);
  });
});
