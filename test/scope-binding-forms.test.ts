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
