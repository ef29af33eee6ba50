// ctx.python.references: every identifier that names one variable, and nothing that names another.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPythonParser, type PythonParser } from '../src/core/parser.js';
import { createPythonHelpers } from '../src/core/python/helpers.js';
import { defaultSettings } from '../src/core/settings.js';
import { isVariableName, nameOccurrences } from '../src/core/python/names.js';

let parser: PythonParser;
beforeAll(async () => {
  parser = await loadPythonParser();
});

/** `line:col kind` for each reference (1-based), as found from `target` (a name, or `name@N`: its Nth occurrence). */
function refs(source: string, target: string, at?: string): string[] {
  const tree = parser.parse(source);
  const py = createPythonHelpers(source, tree.rootNode, defaultSettings());
  const node = (spec: string) => {
    const [text, nth] = spec.split('@') as [string, string];
    return nameOccurrences(tree.rootNode, source, text)[Number(nth)]!;
  };
  const found = target.includes('@') ? py.references(node(target)) : py.references(target, at ? node(at) : undefined);
  return found.map((r) => `${r.node.startPosition.row + 1}:${r.node.startPosition.column + 1} ${r.kind}${r.binding ? `(${r.binding.kind})` : ''}${r.ambiguous ? ' ambiguous' : ''}`);
}

describe('references', () => {
  it('lists a module variable: binding, reads in nested functions, `global` declarations and rebindings', () => {
    const src = [
      'import old_api', // 1
      'def f():', //
      '    return old_api.fetch(x=old_api)', // 3
      'def g():', //
      '    global old_api', // 5
      '    old_api = None', // 6
      'class C:', //
      '    old_api = 1', // 8: a class attribute, another variable
      '    def m(self, old_api):', // 9: a parameter, another variable
      '        return old_api', //
      'y = [old_api for _ in range(3)]', // 11
      'z = obj.old_api', // 12: an attribute name
      '',
    ].join('\n');
    expect(refs(src, 'old_api')).toEqual(['1:8 bind(import)', '3:12 read', '3:28 read', '5:12 declare', '6:5 bind(assignment)', '11:6 read']);
  });

  it('lists a local variable from any of its identifiers, and a builtin from its name', () => {
    const src = 'def f(data):\n    data = data + 1\n    return lambda: data\ndata = 0\nprint(data)\n';
    expect(refs(src, 'data@2')).toEqual(['1:7 bind(parameter)', '2:5 bind(assignment)', '2:12 read', '3:20 read']);
    expect(refs(src, 'data@0')).toEqual(['1:7 bind(parameter)', '2:5 bind(assignment)', '2:12 read', '3:20 read']);
    expect(refs(src, 'data')).toEqual(['4:1 bind(assignment)', '5:7 read']);
    expect(refs(src, 'data', 'data@3')).toEqual(['1:7 bind(parameter)', '2:5 bind(assignment)', '2:12 read', '3:20 read']);
    expect(refs(src, 'print')).toEqual(['5:1 read']);
  });

  it('follows every binding form: nonlocal, comprehension, walrus, match capture, except, del', () => {
    const nonlocal = 'def outer():\n    n = 0\n    def inc():\n        nonlocal n\n        n += 1\n    return n\nn = 5\n';
    expect(refs(nonlocal, 'n@0')).toEqual(['2:5 bind(assignment)', '4:18 declare', '5:9 bind(augmented)', '6:12 read']);
    expect(refs(nonlocal, 'n')).toEqual(['7:1 bind(assignment)']);
    // A comprehension's variable is its own; a walrus inside binds in the enclosing scope.
    const comp = 'x = 1\ny = [x for x in range(3)]\nz = [(w := x) for _ in [0]]\nprint(w)\n';
    expect(refs(comp, 'x')).toEqual(['1:1 bind(assignment)', '3:12 read']);
    expect(refs(comp, 'x@1')).toEqual(['2:6 read', '2:12 bind(comprehension)']);
    expect(refs(comp, 'w')).toEqual(['3:7 bind(walrus)', '4:7 read']);
    const match = 'match p:\n    case [a, *rest]:\n        print(a, rest)\n';
    expect(refs(match, 'rest')).toEqual(['2:15 bind(match)', '3:18 read']);
    const exc = 'try:\n    pass\nexcept ValueError as e:\n    log(e)\ndel q\n';
    expect(refs(exc, 'e')).toEqual(['3:22 bind(except)', '4:9 read']);
    expect(refs(exc, 'q')).toEqual(['5:5 bind(del)']);
  });

  it('a read in a class body that binds the name too belongs to both variables, marked ambiguous', () => {
    const src = 'fetch = 1\nclass C:\n    fetch = staticmethod(fetch)\n';
    expect(refs(src, 'fetch')).toEqual(['1:1 bind(assignment)', '3:26 read ambiguous']);
    expect(refs(src, 'fetch@1')).toEqual(['3:5 bind(assignment)', '3:26 read ambiguous']);
  });

  it('a class body name is not seen by its methods', () => {
    const src = 'class C:\n    size = 1\n    double = size * 2\n    def m(self):\n        return size\n';
    expect(refs(src, 'size@0')).toEqual(['2:5 bind(assignment)', '3:14 read']);
    // Inside the method, `size` is the module's (unbound here: a builtin-like lookup).
    expect(refs(src, 'size', 'size@2')).toEqual(['5:16 read']);
  });
});

describe('isVariableName', () => {
  it('tells names from attribute names, keyword labels and module paths', () => {
    const src = 'import a.b as c\nfrom m.n import x as y\nf(k=v).attr\nmatch p:\n    case P(kw=q): pass\n';
    const tree = parser.parse(src);
    const names: string[] = [];
    const walk = (n: import('web-tree-sitter').Node) => {
      if (n.type === 'identifier' && isVariableName(n)) names.push(n.text);
      for (const c of n.namedChildren) if (c) walk(c);
    };
    walk(tree.rootNode);
    expect(names).toEqual(['c', 'y', 'f', 'v', 'p', 'P', 'q']);
  });
});
