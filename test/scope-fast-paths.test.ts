// The text shortcuts of the scope model: expression subtrees are skipped unless their text holds `:=`
// or `as`, and wildcard imports are looked up where `import ... *` appears in the text.
import { describe, expect, it } from 'vitest';
import { loadPythonParser } from '../src/core/parser.js';
import { ScopeModel } from '../src/core/python/scope.js';

async function model(source: string) {
  const parser = await loadPythonParser();
  const tree = parser.parse(source);
  const offset = source.lastIndexOf('print(1)');
  return { model: new ScopeModel(tree.rootNode), node: tree.rootNode.descendantForIndex(offset, offset + 5)! };
}

describe('ScopeModel fast paths', () => {
  it.each([
    ['a walrus deep in a call binds', 'log(f(x, key=(print := g)))\nprint(1)\n', false],
    ['a walrus in an f-string field binds', 'msg = f"{(print := g)}"\nprint(1)\n', false],
    ['a walrus in a decorator binds', '@deco(print := g)\ndef f(): pass\nprint(1)\n', false],
    ['parenthesised with-as binds', 'with (open(p) as print):\n    pass\nprint(1)\n', false],
    ['calls and strings without := bind nothing', 'log(f(x), "a := b")\nprint(1)\n', true],
  ])('%s', async (_name, source, expected) => {
    const { model: m, node } = await model(source);
    expect(m.isBuiltin('print', node)).toBe(expected);
  });

  // A name the text shows only being called is looked up without building a scope: every other place it
  // appears sends the lookup the long way, and a def's or class's name (even over a backslash) binds.
  it.each([
    ['only calls, an attribute call and a space before the parenthesis', 'print(0)\nx.print(2)\nprint (1)\n', true],
    ['a keyword argument of that name binds nothing', 'f(print=0)\nprint(1)\n', true],
    ['in a string, followed by `=`', 'y = "print = 0"\nprint(1)\n', true],
    ['in a docstring and a comment', '"""print = 0"""\n# print: the builtin\nprint(1)\n', true],
    ['a binding in an f-string field', 'y = f"{(print := log)}"\nprint(1)\n', false],
    ['a def', 'def print(x):\n    pass\nprint(1)\n', false],
    ['an async def', 'async def print(x):\n    pass\nprint(1)\n', false],
    ['a def continued by a backslash', 'def \\\n  print(x):\n    pass\nprint(1)\n', false],
    ['a class', 'class print(object):\n    pass\nprint(1)\n', false],
    ['a def in a function declaring it global', 'def g():\n    global print\n    def print(x): pass\nprint(1)\n', false],
    ['an assignment', 'print = log\nprint(1)\n', false],
    ['a match capture', 'match v:\n    case print:\n        pass\nprint(1)\n', false],
    ['an import', 'from m import print\nprint(1)\n', false],
    ['a comment between the name and the parenthesis of a def', 'def print  \\\n(x):\n    pass\nprint(1)\n', false],
  ])('a name only called: %s', async (_name, source, expected) => {
    const { model: m, node } = await model(source);
    expect(m.isBuiltin('print', node)).toBe(expected);
  });

  it.each([
    ['plain', 'from os import *\nprint(1)\n', true],
    ['after a continuation line', 'from os import \\\n    *\nprint(1)\n', true],
    ['in a comment only', '# from os import *\nprint(1)\n', false],
    ['in a string only', 'x = "from os import *"\nprint(1)\n', false],
    ['nested in a function', 'def f():\n    from os import *\nprint(1)\n', true],
  ])('wildcard import: %s', async (_name, source, expected) => {
    const { model: m } = await model(source);
    expect(m.hasWildcardImport()).toBe(expected);
  });
});

describe('dynamic bindings through values passed around', () => {
  it('follows assignments that go round in a circle once (`mod = __import__(...)`, `d = mod`, `mod = d`)', async () => {
    const source = 'd = None\ndef f(name):\n    global d\n    mod = __import__(name)\n    if not d:\n        d = mod\n    mod = d\n    return mod.open\nprint(1)\n';
    const { model: m } = await model(source);
    expect(m.dynamicBindings('print')).toEqual([]);
  });

  it("counts a write through __import__'s module, and exec renamed, but not eval handed to an assertion", async () => {
    expect((await model('__import__("builtins").print = log\nprint(1)\n')).model.dynamicBindings('print')).toHaveLength(2);
    expect((await model('run = exec\nrun(code)\nprint(1)\n')).model.dynamicBindings('print')).toHaveLength(1);
    expect((await model('self.assertRaises(SyntaxError, eval, "0x")\nprint(1)\n')).model.dynamicBindings('print')).toEqual([]);
  });
});
