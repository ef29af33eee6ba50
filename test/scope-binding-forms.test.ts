// Every binding form of the scope model (src/core/python/scope.ts, BINDING_FORMS), one test each: the
// name bound by the form is resolved at a use of it (`use(...)`), with the kind the model records.
// Each program is also run by python3 in test/scope-python.test.ts, so the expectations are Python's.
import { describe, expect, it } from 'vitest';
import { BINDING_FORM_CASES, VISIBILITY_CASES, modelAt } from './helpers/scope-cases.js';

describe('ScopeModel: every binding form', () => {
  it.each(BINDING_FORM_CASES)('%s', async (_form, source, name, kind) => {
    const { model, node } = await modelAt(source);
    const sites = model.bindingSites(name, node);
    if (kind === undefined) expect(sites).toEqual([]);
    else expect(sites.map((b) => b.kind)).toContain(kind);
  });
});

describe('ScopeModel: which scopes a name sees', () => {
  it.each(VISIBILITY_CASES)('%s', async (_case, source, name, builtin) => {
    const { model, node } = await modelAt(source);
    expect(model.resolve(name, node) === undefined).toBe(builtin);
    expect(model.bindingSites(name, node).length === 0).toBe(builtin);
  });
});

describe('ScopeModel.moduleRebindings', () => {
  it('lists module-level bindings, del, and functions that declare the name global and bind it', async () => {
    const source = [
      'BASE = [1]',
      'def reset():',
      '    global BASE',
      '    BASE = [2]',
      'def other():',
      '    BASE = 3  # a local: not the module variable',
      'class K:',
      '    global BASE',
      '    for BASE in []: pass',
      'def reader():',
      '    global BASE',
      '    return BASE  # declares but does not bind',
      'def outer():',
      '    def inner():',
      '        global BASE',
      '        del BASE',
      'del BASE',
      'use(1)',
      '',
    ].join('\n');
    const { model } = await modelAt(source);
    const sites = model.moduleRebindings('BASE').map((b) => `${b.node.startPosition.row + 1}:${b.kind}`);
    expect(sites).toEqual(['1:assignment', '4:assignment', '9:loop', '16:del', '17:del']);
  });

  it('is just the module bindings when no function declares the name global', async () => {
    const { model } = await modelAt('x = 1\ndef f():\n    global y\n    y = 2\nuse(1)\n');
    expect(model.moduleRebindings('x').map((b) => b.kind)).toEqual(['assignment']);
    expect(model.moduleBindings('y')).toEqual([]);
    expect(model.moduleRebindings('y').map((b) => b.kind)).toEqual(['assignment']);
  });

  it('makes a name rebound only through `global` not the builtin anywhere', async () => {
    const { model, node } = await modelAt('def setup():\n    global print\n    print = len\ndef f():\n    use(print)\n');
    expect(model.isBuiltin('print', node)).toBe(false);
  });
});

describe('ScopeModel.closureRebindings', () => {
  it('lists the function own bindings and those of closures that declare the name nonlocal', async () => {
    const source = [
      'def outer():',
      '    acc = []',
      '    def add():',
      '        nonlocal acc',
      '        acc = acc + [1]',
      '    def shadow():',
      '        acc = None  # its own local',
      '    def deeper():',
      '        def inner():',
      '            nonlocal acc',
      '            acc += [2]',
      '    def middle():',
      '        acc = 0',
      '        def inner2():',
      '            nonlocal acc  # reaches middle, not outer',
      '            acc = 1',
      '    use(acc)',
      '',
    ].join('\n');
    const { model, node, root } = await modelAt(source);
    const outer = root.namedChild(0)!;
    expect(model.closureRebindings(outer, 'acc').map((b) => `${b.node.startPosition.row + 1}:${b.kind}`)).toEqual([
      '2:assignment',
      '5:assignment',
      '11:augmented',
    ]);
    expect(model.bindingSites('acc', node).length).toBe(3);
  });

  it('is empty for a name the function does not own', async () => {
    const { model, root } = await modelAt('def f():\n    global x\n    x = 1\nuse(1)\n');
    expect(model.closureRebindings(root.namedChild(0)!, 'x')).toEqual([]);
  });
});

describe('ScopeModel: from builtins import', () => {
  it('`from builtins import print` is still the builtin', async () => {
    const { model, node } = await modelAt('from builtins import print\nuse(print)\n');
    expect(model.isBuiltin('print', node)).toBe(true);
    expect(model.qualifiedName(node)).toBe('builtins.print');
  });
  it('`from builtins import len as print` is not', async () => {
    const { model, node } = await modelAt('from builtins import len as print\nuse(print)\n');
    expect(model.isBuiltin('print', node)).toBe(false);
  });
});

describe('ScopeModel: binding sites resolve where they bind', () => {
  it.each([
    ['a parameter name belongs to its function, not the enclosing scope', 'x = 1\ndef f(x=x, *, y: x = 2):\n    pass\n', 'def f(x', 6],
    ['a lambda parameter name belongs to its lambda', 'x = 1\nf = lambda x=x: 0\n', 'lambda x', 7],
    ['a comprehension target belongs to the comprehension', 'x = 1\nys = [0 for x in [x]]\n', 'for x', 4],
  ])('%s', async (_case, source, marker, delta) => {
    const { model, root } = await modelAt(source, 'x = 1');
    const offset = source.indexOf(marker) + delta;
    const name = root.descendantForIndex(offset, offset + 1)!;
    expect(name.text).toBe('x');
    const sites = model.bindingSites('x', name);
    expect(sites.map((b) => b.node.id)).toContain(name.id);
    expect(sites.some((b) => b.node.startPosition.row === 0)).toBe(false);
  });

  it('a default and an annotation are read in the enclosing scope', async () => {
    const source = 'x = 1\ndef f(x=x, y: x = 2):\n    pass\n';
    const { model, root } = await modelAt(source, 'x = 1');
    for (const at of [source.indexOf('=x') + 1, source.indexOf(': x') + 2]) {
      const use = root.descendantForIndex(at, at + 1)!;
      expect(model.bindingSites('x', use).map((b) => b.node.startPosition.row)).toEqual([0]);
    }
  });
});

describe('ScopeModel.dynamicBindings: names bound where no binding form shows', () => {
  it.each([
    ['exec at module level', 'exec("print = f")\nuse(1)\n', 'print', true],
    ['exec of a literal that does not name it', 'exec("x = 1")\nuse(1)\n', 'print', false],
    ['exec of code it cannot read', 'exec(code)\nuse(1)\n', 'print', true],
    ['exec in a function runs in a copy of its locals', 'def f(code):\n    exec(code)\nuse(1)\n', 'print', false],
    ['...unless the code declares the name global', 'def f():\n    exec("global print\\nprint = 1")\nuse(1)\n', 'print', true],
    ['exec with its own namespace', 'exec(code, {})\nuse(1)\n', 'print', false],
    ['exec in globals()', 'def f(code):\n    exec(code, globals())\nuse(1)\n', 'print', true],
    ['globals() subscript write', 'globals()["print"] = f\nuse(1)\n', 'print', true],
    ['globals() subscript write of another name', 'globals()["x"] = f\nuse(1)\n', 'print', false],
    ['globals() subscript read', 'f = globals()["print"]\nuse(1)\n', 'print', false],
    ['globals().update(mapping)', 'globals().update(table)\nuse(1)\n', 'print', true],
    ['globals().update(keywords)', 'globals().update(x=1)\nuse(1)\n', 'print', false],
    ['a prefixed computed key', 'for k in ks:\n    globals()["CO_" + k] = 1\nuse(1)\n', 'print', false],
    ['...does bind names with that prefix', 'for k in ks:\n    globals()["CO_" + k] = 1\nuse(1)\n', 'CO_X', true],
    ['globals() kept in a variable and written', 'g = globals()\ng["print"] = f\nuse(1)\n', 'print', true],
    ['globals() kept in a variable and only read', 'g = globals()\nx = g.get("print")\nuse(1)\n', 'print', false],
    ['globals() handed to an unknown function', 'configure(globals())\nuse(1)\n', 'print', true],
    ['globals() handed to a reading builtin', 'names = sorted(globals())\nuse(1)\n', 'print', false],
    ['module-level vars() written', 'vars()["print"] = f\nuse(1)\n', 'print', true],
    ['vars() in a function is its locals', 'def f():\n    vars()["print"] = g\nuse(1)\n', 'print', false],
    ['sys.modules[__name__] attribute write', 'import sys\nsys.modules[__name__].print = f\nuse(1)\n', 'print', true],
    ['builtins attribute write', 'import builtins\nbuiltins.print = f\nuse(1)\n', 'print', true],
    ['builtins attribute read', 'import builtins\nf = builtins.print\nuse(1)\n', 'print', false],
    ['setattr on builtins', 'import builtins\nsetattr(builtins, "print", f)\nuse(1)\n', 'print', true],
    ['setattr on builtins of another name', 'import builtins\nsetattr(builtins, "_", f)\nuse(1)\n', 'print', false],
    ['mock.patch("builtins.print")', 'from unittest import mock\nwith mock.patch("builtins.print"):\n    pass\nuse(1)\n', 'print', true],
    ['__builtins__ subscript write', '__builtins__["print"] = f\nuse(1)\n', 'print', true],
    ['binding __builtins__ itself', '__builtins__ = {}\nuse(1)\n', 'print', true],
    ['an unimported `builtins` is not the module', 'builtins.print = f\nuse(1)\n', 'print', false],
  ])('%s', async (_case, source, name, expected) => {
    const { model } = await modelAt(source);
    expect(model.dynamicBindings(name).length > 0).toBe(expected);
  });
});
