// ctx.python.ensureImport / ensureFromImport: the name to write and the edits, never rebinding a name
// that means something else.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Node } from 'web-tree-sitter';
import { loadPythonParser, type PythonParser } from '../src/core/parser.js';
import { createPythonHelpers, type PythonHelpers } from '../src/core/python/helpers.js';
import { defaultSettings } from '../src/core/settings.js';
import { applyFixes } from '../src/core/applier.js';
import type { Edit } from '../src/core/types.js';

let parser: PythonParser;
beforeAll(async () => {
  parser = await loadPythonParser();
});

interface Loaded {
  py: PythonHelpers;
  root: Node;
  /** The first identifier or call whose text is `text` (after the `@` marker's position if any). */
  find(text: string, nth?: number): Node;
  apply(edits: Edit[]): string;
}

function load(source: string, lineLength = 88): Loaded {
  const tree = parser.parse(source);
  const root = tree.rootNode;
  const py = createPythonHelpers(source, root, { ...defaultSettings(), lineLength });
  return {
    py,
    root,
    find(text, nth = 0) {
      let at = -1;
      for (let i = 0; i <= nth; i++) at = source.indexOf(text, at + 1);
      if (at < 0) throw new Error(`no ${text}`);
      let node = root.descendantForIndex(at, at + text.length)!;
      while (node.parent && node.text !== text) node = node.parent;
      return node;
    },
    apply: (edits) => applyFixes(source, [{ transformId: 't', message: '', offset: 0, edits }]).output,
  };
}

/** The result of ensureFromImport('new_api', 'get') with the call `old()` (first one) as the site. */
function fromImport(source: string, options: { at?: 'call' | 'none'; alias?: string | false } = {}) {
  const l = load(source);
  const at = options.at === 'none' ? undefined : source.includes('old()') ? l.find('old()') : undefined;
  const r = l.py.ensureFromImport('new_api', 'get', { at, alias: options.alias });
  return r.ok ? { name: r.name, output: l.apply(r.edits) } : { reason: r.reason };
}

describe('ensureFromImport', () => {
  it('adds `from module import name` at its sorted place when the name is free', () => {
    // A section of its own (third-party after the standard library): blank lines around it, as isort does.
    expect(fromImport('import os\n\nold()\n')).toEqual({ name: 'get', output: 'import os\n\nfrom new_api import get\n\nold()\n' });
    expect(fromImport('"""Doc."""\nold()\n')).toEqual({ name: 'get', output: '"""Doc."""\nfrom new_api import get\nold()\n' });
    expect(fromImport('import zlib\nfrom aaa import b\nfrom zzz import c\n\nold()\n')).toEqual({
      name: 'get',
      output: 'import zlib\nfrom aaa import b\nfrom new_api import get\nfrom zzz import c\n\nold()\n',
    });
  });

  it('never rebinds a name bound to something else: `from requests import get` gets an alias', () => {
    expect(fromImport('from requests import get\n\nget(1)\nold()\n')).toEqual({
      name: 'new_api_get',
      output: 'from new_api import get as new_api_get\nfrom requests import get\n\nget(1)\nold()\n',
    });
    expect(fromImport('from requests import get\nold()\n', { alias: 'fetch2' })).toMatchObject({ name: 'fetch2' });
    expect(fromImport('from requests import get\nold()\n', { alias: false })).toEqual({
      reason: 'cannot import `get` from `new_api`: `get` is already bound at line 1',
    });
  });

  it('counts every way the name can be taken', () => {
    const taken = (src: string) => (fromImport(src) as { name?: string; reason?: string }).name;
    expect(taken('get = 1\nold()\n')).toBe('new_api_get');
    expect(taken('def get(): pass\nold()\n')).toBe('new_api_get');
    expect(taken('class get: pass\nold()\n')).toBe('new_api_get');
    expect(taken('for get in x: pass\nold()\n')).toBe('new_api_get');
    expect(taken('with x as get: pass\nold()\n')).toBe('new_api_get');
    expect(taken('try:\n    from new_api import get\nexcept ImportError:\n    get = None\nold()\n')).toBe('new_api_get');
    expect(taken('if TYPE_CHECKING:\n    from new_api import get\nold()\n')).toBe('new_api_get');
    // A function that declares it global binds the module's variable.
    expect(taken('def f():\n    global get\n    get = 1\nold()\n')).toBe('new_api_get');
    // Read where nothing binds it (a NameError today, or the builtin for `open`): an import would capture it.
    expect(taken('def f():\n    return get\nold()\n')).toBe('new_api_get');
    const l = load('with open(p) as f:\n    old()\n');
    expect(l.py.ensureFromImport('io', 'open', { at: l.find('old()') })).toMatchObject({ ok: true, name: 'io_open' });
  });

  it('a local variable of the name matters only where the name is written (`at`)', () => {
    const src = 'def f(get):\n    return get\n\ndef g():\n    return old()\n';
    // Written in g: f's parameter does not hide the import there.
    expect(fromImport(src)).toMatchObject({ name: 'get' });
    // Written anywhere (no `at`): conservative.
    expect(fromImport(src, { at: 'none' })).toMatchObject({ name: 'new_api_get' });
    // Written inside f: the parameter would hide it.
    const inF = 'def f(get):\n    return old(get)\n';
    expect(fromImport(inF)).toMatchObject({ name: 'new_api_get' });
    // A comprehension variable, a match capture, a walrus: taken where they are seen.
    expect(fromImport('y = [old() for get in range(3)]\n')).toMatchObject({ name: 'new_api_get' });
    expect(fromImport('def f(p):\n    match p:\n        case [get]:\n            return old()\n')).toMatchObject({ name: 'new_api_get' });
    expect(fromImport('def f():\n    if (get := 1):\n        return old()\n')).toMatchObject({ name: 'new_api_get' });
    expect(fromImport('def f():\n    if (get := 1):\n        return 2\ndef g():\n    return old()\n')).toMatchObject({ name: 'get' });
    // A class body that binds `get` and reads it first reads the module's (here: a NameError today).
    expect(fromImport('class A:\n    get = get\ndef f():\n    return old()\n')).toMatchObject({ name: 'new_api_get' });
    // A class body's names are seen only by code directly in it.
    expect(fromImport('class A:\n    get = 1\n    x = old()\n')).toMatchObject({ name: 'new_api_get' });
    expect(fromImport('class A:\n    get = 1\n    def m(self):\n        return old()\n')).toMatchObject({ name: 'get' });
  });

  it('reuses an import that serves, where it means that import', () => {
    expect(fromImport('from new_api import get\nold()\n')).toEqual({ name: 'get', output: 'from new_api import get\nold()\n' });
    expect(fromImport('from new_api import get as g\nold()\n')).toMatchObject({ name: 'g', output: 'from new_api import get as g\nold()\n' });
    expect(fromImport('import new_api\nold()\n')).toMatchObject({ name: 'new_api.get', output: 'import new_api\nold()\n' });
    expect(fromImport('import new_api as na\nold()\n')).toMatchObject({ name: 'na.get' });
    // Not when a local variable hides it where it is written.
    expect(fromImport('import new_api as na\ndef f(na):\n    old()\n')).toMatchObject({ name: 'get', output: 'import new_api as na\nfrom new_api import get\ndef f(na):\n    old()\n' });
    // Not an import that runs only after module-level code that needs it.
    expect(fromImport('old()\nfrom new_api import get\n')).toMatchObject({ name: 'new_api_get' });
    // An import after a function that needs it is fine: the body runs later.
    expect(fromImport('def f():\n    old()\nfrom new_api import get\n')).toMatchObject({ name: 'get', output: 'def f():\n    old()\nfrom new_api import get\n' });
  });

  it('joins a one-line `from module import ...` at the sorted place, within the line length', () => {
    expect(fromImport('from new_api import post\nold()\n')).toEqual({ name: 'get', output: 'from new_api import get, post\nold()\n' });
    expect(fromImport('from new_api import delete, post\nold()\n')).toMatchObject({ output: 'from new_api import delete, get, post\nold()\n' });
    expect(fromImport('from new_api import Session, delete\nold()\n')).toMatchObject({ output: 'from new_api import Session, delete, get\nold()\n' });
    // Unsorted names: at the end.
    expect(fromImport('from new_api import post, delete\nold()\n')).toMatchObject({ output: 'from new_api import post, delete, get\nold()\n' });
    // Parenthesized: a statement of its own.
    expect(fromImport('from new_api import (\n    post,\n)\nold()\n')).toMatchObject({
      output: 'from new_api import get\nfrom new_api import (\n    post,\n)\nold()\n',
    });
    // 60 characters with `, get`: joined at line-length 60, not at 59.
    const fits = load('from new_api import a_very_long_name, another_long_name\nold()\n', 60);
    const joined = fits.py.ensureFromImport('new_api', 'get', { at: fits.find('old()') });
    expect(joined.ok && fits.apply(joined.edits)).toBe('from new_api import a_very_long_name, another_long_name, get\nold()\n');
    const l = load('from new_api import a_very_long_name, another_long_name\nold()\n', 59);
    const r = l.py.ensureFromImport('new_api', 'get', { at: l.find('old()') });
    expect(r.ok && l.apply(r.edits)).toBe('from new_api import a_very_long_name, another_long_name\nfrom new_api import get\nold()\n');
  });

  it('refuses with a wildcard import, naming it', () => {
    // (A third-party module's star import may bind any name; os's binds only os's names.)
    expect(fromImport('from helpers import *\nold()\n')).toEqual({
      reason: 'cannot import `get` from `new_api`: `from helpers import *` (line 1) may bind `get`',
    });
    expect(fromImport('from os import *\nold()\n')).toMatchObject({ name: 'get' });
  });

  it('refuses when the alias is taken too', () => {
    expect(fromImport('from requests import get\nnew_api_get = 1\nold()\n')).toEqual({
      reason: 'cannot import `get` from `new_api`: `get` is already bound at line 1; as `new_api_get`: `new_api_get` is already bound at line 2',
    });
  });

  it('keeps the file line ending', () => {
    expect(fromImport('import os\r\n\r\nold()\r\n')).toMatchObject({ output: 'import os\r\n\r\nfrom new_api import get\r\n\r\nold()\r\n' });
  });

  it('rejects a malformed request (a bug in the caller)', () => {
    const l = load('x\n');
    expect(() => l.py.ensureFromImport('.rel', 'x')).toThrow(/not an absolute dotted module name/);
    expect(() => l.py.ensureFromImport('m', 'a.b')).toThrow(/not an identifier/);
  });
});

describe('ensureImport', () => {
  const module = (source: string, name: string, options: { alias?: string | false } = {}) => {
    const l = load(source);
    const r = l.py.ensureImport(name, { at: source.includes('old()') ? l.find('old()') : undefined, ...options });
    return r.ok ? { name: r.name, output: l.apply(r.edits) } : { reason: r.reason };
  };

  it('reuses `import module [as x]` and `import module.sub`', () => {
    expect(module('import datetime\nold()\n', 'datetime')).toEqual({ name: 'datetime', output: 'import datetime\nold()\n' });
    expect(module('import datetime as dt\nold()\n', 'datetime')).toMatchObject({ name: 'dt' });
    expect(module('import os.path\nold()\n', 'os')).toMatchObject({ name: 'os', output: 'import os.path\nold()\n' });
    expect(module('import os.path\nold()\n', 'os.path')).toMatchObject({ name: 'os.path', output: 'import os.path\nold()\n' });
  });

  it('adds `import module`; a package already imported as itself is not a conflict', () => {
    expect(module('old()\n', 'json')).toEqual({ name: 'json', output: 'import json\nold()\n' });
    expect(module('import os\nold()\n', 'os.path')).toEqual({ name: 'os.path', output: 'import os\nimport os.path\nold()\n' });
  });

  it('aliases a module whose name is taken: `from datetime import datetime`', () => {
    expect(module('from datetime import datetime\nold()\n', 'datetime')).toEqual({
      name: 'datetime_module',
      output: 'import datetime as datetime_module\nfrom datetime import datetime\nold()\n',
    });
    expect(module('os = 1\nold()\n', 'os.path')).toMatchObject({ name: 'os_path', output: 'import os.path as os_path\nos = 1\nold()\n' });
    expect(module('import os as path\nos = 1\nold()\n', 'os.path', { alias: false })).toEqual({
      reason: 'cannot import `os.path`: `os` is already bound at line 2',
    });
  });
});

describe('removeImport', () => {
  /** removeImport with the calls `old_api.fetch(...)` / `fetch(...)` as the code being rewritten. */
  const remove = (source: string, module: string, name?: string, options: { path?: string; ignore?: string; noIgnoring?: boolean } = {}) => {
    const tree = parser.parse(source);
    const py = createPythonHelpers(source, tree.rootNode, defaultSettings(), options.path ?? 'mod.py');
    const ignoring: Node[] = [];
    if (!options.noIgnoring) {
      const pattern = options.ignore ?? (name ? `${name}(` : `${module}.fetch(`);
      for (let at = source.indexOf(pattern); at >= 0; at = source.indexOf(pattern, at + 1)) {
        let n = tree.rootNode.descendantForIndex(at)!;
        while (n.type !== 'call') n = n.parent!;
        ignoring.push(n);
      }
    }
    const r = py.removeImport(module, name, options.noIgnoring ? undefined : { ignoring });
    const output = applyFixes(source, [{ transformId: 't', message: '', offset: 0, edits: r.edits }]).output;
    return { output, removed: r.removed, kept: r.kept.map((k) => `${k.line}: ${k.reason}`) };
  };

  it('drops an import whose only uses are the rewritten ones, with its line', () => {
    expect(remove('import os\nimport old_api\n\nold_api.fetch(1)\n', 'old_api')).toEqual({ output: 'import os\n\nold_api.fetch(1)\n', removed: 1, kept: [] });
    // Its lines only: the blank lines around it stay (an import added in the same fix keeps the spacing).
    expect(remove('import os\n\nimport old_api\n\nold_api.fetch(1)\n', 'old_api').output).toBe('import os\n\n\nold_api.fetch(1)\n');
    expect(remove('import old_api as oa\noa.fetch(1)\n', 'old_api', undefined, { ignore: 'oa.fetch(' }).output).toBe('oa.fetch(1)\n');
    expect(remove('import old_api\r\nold_api.fetch(1)\r\n', 'old_api').output).toBe('old_api.fetch(1)\r\n');
  });

  it('keeps an import something else still uses, saying where', () => {
    expect(remove('import old_api\nold_api.fetch(1)\nold_api.post(2)\n', 'old_api')).toEqual({
      output: 'import old_api\nold_api.fetch(1)\nold_api.post(2)\n',
      removed: 0,
      kept: ['1: `old_api` is still used at line 3'],
    });
    // Used in a nested function, through `global`, in an f-string, by `del`: all uses.
    for (const use of ['def f():\n    return old_api\n', 'def f():\n    global old_api\n    return old_api\n', 'x = f"{old_api}"\n', 'del old_api\n'])
      expect(remove(`import old_api\nold_api.fetch(1)\n${use}`, 'old_api').removed).toBe(0);
    // A local variable of the same name in a function is not a use of the import.
    expect(remove('import old_api\nold_api.fetch(1)\ndef f(old_api):\n    return old_api\n', 'old_api').removed).toBe(1);
  });

  it('a read in a class body that binds the name too is a use', () => {
    expect(remove('import old_api\nold_api.fetch(1)\nclass C:\n    old_api = old_api\n', 'old_api').kept).toEqual(['1: `old_api` is still used at line 4']);
  });

  it('keeps what may be used where no scope model sees it', () => {
    expect(remove('import old_api\n__all__ = ["old_api"]\nold_api.fetch(1)\n', 'old_api').kept).toEqual([
      '1: `old_api` is named in a string at line 2 (`__all__` or an annotation)',
    ]);
    expect(remove('import old_api\ndef f(x: "old_api.Client"): pass\nold_api.fetch(1)\n', 'old_api').removed).toBe(0);
    expect(remove('from old_api import fetch as fetch\nfetch(1)\n', 'old_api', 'fetch').kept).toEqual(['1: `fetch as fetch` marks a re-export']);
    expect(remove('from old_api import fetch\nfetch(1)\n', 'old_api', 'fetch', { path: 'pkg/__init__.py' }).kept).toEqual([
      '1: a module-level import in `__init__.py` may be a re-export of the package',
    ]);
    // A docstring that mentions it is not a use.
    expect(remove('"""Uses old_api."""\nimport old_api\nold_api.fetch(1)\n', 'old_api').removed).toBe(1);
  });

  it('keeps an import nothing used (side effects) unless asked to remove unused ones', () => {
    expect(remove('import old_api  # registers the plugins\nx = 1\n', 'old_api').kept).toEqual([
      '1: `old_api` was not used: the import may be there for its side effects',
    ]);
    expect(remove('import old_api\nx = 1\n', 'old_api', undefined, { noIgnoring: true })).toMatchObject({ output: 'x = 1\n', removed: 1 });
  });

  it('drops one name of several, in every form of statement', () => {
    expect(remove('from old_api import fetch, post\nfetch(1)\npost(2)\n', 'old_api', 'fetch').output).toBe('from old_api import post\nfetch(1)\npost(2)\n');
    expect(remove('from old_api import post, fetch\nfetch(1)\npost(2)\n', 'old_api', 'fetch').output).toBe('from old_api import post\nfetch(1)\npost(2)\n');
    expect(remove('from old_api import a, fetch, b\nfetch(1)\na(b)\n', 'old_api', 'fetch').output).toBe('from old_api import a, b\nfetch(1)\na(b)\n');
    expect(remove('from old_api import (\n    post,\n    fetch,  # the old one\n)\nfetch(1)\npost(2)\n', 'old_api', 'fetch').output).toBe(
      'from old_api import (\n    post,\n)\nfetch(1)\npost(2)\n',
    );
    expect(remove('import sys, old_api\nold_api.fetch(1)\nsys.exit()\n', 'old_api').output).toBe('import sys\nold_api.fetch(1)\nsys.exit()\n');
    expect(remove('import old_api, sys\nold_api.fetch(1)\nsys.exit()\n', 'old_api').output).toBe('import sys\nold_api.fetch(1)\nsys.exit()\n');
  });

  it('keeps the file valid: `;` lines, a block whose only statement it is, nested imports', () => {
    expect(remove('x = 1; import old_api; y = 2\nold_api.fetch(1)\n', 'old_api').output).toBe('x = 1; y = 2\nold_api.fetch(1)\n');
    expect(remove('x = 1; import old_api\nold_api.fetch(1)\n', 'old_api').output).toBe('x = 1\nold_api.fetch(1)\n');
    expect(remove('try:\n    import old_api\nexcept ImportError:\n    pass\nold_api.fetch(1)\n', 'old_api').output).toBe(
      'try:\n    pass\nexcept ImportError:\n    pass\nold_api.fetch(1)\n',
    );
    expect(remove('def f():\n    import old_api\n    return old_api.fetch(1)\n', 'old_api').output).toBe('def f():\n    return old_api.fetch(1)\n');
    // Imports in two scopes: each is judged by its own uses.
    expect(remove('import old_api\ndef f():\n    import old_api\n    return old_api.fetch(1)\nold_api.post()\n', 'old_api')).toMatchObject({
      output: 'import old_api\ndef f():\n    return old_api.fetch(1)\nold_api.post()\n',
      removed: 1,
    });
  });
});

describe('removeImport and ensureImport in one fix', () => {
  // What a migration does: add the new import, drop the old one, rewrite the uses, all in one fix.
  const migrate = (source: string) => {
    const tree = parser.parse(source);
    const py = createPythonHelpers(source, tree.rootNode, defaultSettings(), 'mod.py');
    const calls = tree.rootNode.descendantsOfType('call').filter((c): c is Node => !!c && c.text.startsWith('old_api.fetch'));
    const added = py.ensureImport('new_api', { at: calls });
    const gone = py.removeImport('old_api', undefined, { ignoring: calls });
    if (!added.ok) throw new Error(added.reason);
    const uses = calls.map((c) => ({ start: c.childForFieldName('function')!.startIndex, end: c.childForFieldName('function')!.endIndex, text: `${added.name}.get` }));
    const r = applyFixes(source, [{ transformId: 't', message: '', offset: 0, edits: [...added.edits, ...gone.edits, ...uses] }]);
    expect(r.invalid).toEqual([]);
    return r.output;
  };

  it('keeps the spacing of sections and of the code after the imports', () => {
    expect(migrate('import json\n\nimport old_api\n\nold_api.fetch(1)\n')).toBe('import json\n\nimport new_api\n\nnew_api.get(1)\n');
    expect(migrate('import old_api\n\nold_api.fetch(1)\n')).toBe('import new_api\n\nnew_api.get(1)\n');
    expect(migrate('import aaa\nimport old_api\n\nold_api.fetch(1)\n')).toBe('import aaa\nimport new_api\n\nnew_api.get(1)\n');
    expect(migrate('import old_api\nimport zzz\n\nold_api.fetch(1)\n')).toBe('import new_api\nimport zzz\n\nnew_api.get(1)\n');
  });
});

describe('renameImport', () => {
  const rename = (source: string, from: { module: string; name?: string }, to: { module: string; name?: string }) => {
    const tree = parser.parse(source);
    const py = createPythonHelpers(source, tree.rootNode, defaultSettings(), 'mod.py');
    const r = py.renameImport(from, to);
    if (!r.ok) return { reason: r.reason };
    return { output: applyFixes(source, [{ transformId: 't', message: '', offset: 0, edits: r.edits }]).output, imports: r.imports, uses: r.uses };
  };
  const fetchToGet = (source: string) => rename(source, { module: 'old_api', name: 'fetch' }, { module: 'new_api', name: 'get' });

  it('`from old_api import fetch` -> `from new_api import get`, with its uses', () => {
    expect(fetchToGet('from old_api import fetch\n\nfetch(1)\ncallbacks = [fetch]\n')).toEqual({
      output: 'from new_api import get\n\nget(1)\ncallbacks = [get]\n',
      imports: 1,
      uses: 2,
    });
    expect(fetchToGet('from old_api import fetch as f\nf(1)\n')).toMatchObject({ output: 'from new_api import get as f\nf(1)\n', uses: 0 });
    expect(fetchToGet('from old_api import fetch as get\nget(1)\n')).toMatchObject({ output: 'from new_api import get\nget(1)\n' });
    expect(fetchToGet('def f():\n    from old_api import fetch\n    return fetch(1)\n')).toMatchObject({
      output: 'def f():\n    from new_api import get\n    return get(1)\n',
    });
  });

  it('keeps the old name as an alias when the new one is taken where it is used', () => {
    expect(fetchToGet('from old_api import fetch\nfrom requests import get\nfetch(get)\n')).toMatchObject({
      output: 'from new_api import get as fetch\nfrom requests import get\nfetch(get)\n',
      uses: 0,
    });
    expect(fetchToGet('from old_api import fetch\ndef f(get):\n    return fetch(get)\n')).toMatchObject({
      output: 'from new_api import get as fetch\ndef f(get):\n    return fetch(get)\n',
    });
    // Bound by another import too (a fallback): renaming its uses would rename that import.
    expect(fetchToGet('try:\n    from old_api import fetch\nexcept ImportError:\n    from compat import fetch\nfetch(1)\n')).toMatchObject({
      output: 'try:\n    from new_api import get as fetch\nexcept ImportError:\n    from compat import fetch\nfetch(1)\n',
    });
  });

  it('splits a statement that imports other names', () => {
    expect(fetchToGet('import os\nfrom old_api import fetch, post\n\nfetch(post)\n')).toMatchObject({
      output: 'import os\nfrom new_api import get\nfrom old_api import post\n\nget(post)\n',
    });
    expect(fetchToGet('def f():\n    from old_api import fetch, post\n    return fetch(post)\n')).toMatchObject({
      output: 'def f():\n    from old_api import post\n    from new_api import get\n    return get(post)\n',
    });
  });

  it('`import old_api [as m]`: uses `m.fetch` move, the import moves when nothing else uses it', () => {
    expect(fetchToGet('import old_api\n\nold_api.fetch(1)\nold_api . fetch(2)\n')).toEqual({
      output: 'import new_api\n\nnew_api.get(1)\nnew_api.get(2)\n',
      imports: 1,
      uses: 2,
    });
    expect(fetchToGet('import old_api as oa\noa.fetch(1)\n')).toMatchObject({ output: 'import new_api as oa\noa.get(1)\n' });
    expect(fetchToGet('import old_api\nold_api.fetch(1)\nold_api.post(2)\n')).toMatchObject({
      output: 'import new_api\nimport old_api\nnew_api.get(1)\nold_api.post(2)\n',
    });
    // `new_api` is taken: ensureImport's alias.
    expect(fetchToGet('import old_api\nnew_api = 3\nold_api.fetch(1)\nold_api.post(2)\n')).toMatchObject({
      output: 'import new_api as new_api_module\nimport old_api\nnew_api = 3\nnew_api_module.get(1)\nold_api.post(2)\n',
    });
    // An attribute that only starts like it is left alone.
    expect(fetchToGet('import old_api\nold_api.fetcher(1)\n')).toMatchObject({ output: 'import old_api\nold_api.fetcher(1)\n', uses: 0 });
  });

  it('reaches a function of a submodule through the package import (`import os` -> `os.path.join`)', () => {
    const join = (src: string) => rename(src, { module: 'os.path', name: 'join' }, { module: 'posixpath', name: 'join' });
    expect(join('import os\n\np = os.path.join("a", "b")\n')).toEqual({ output: 'import posixpath\n\np = posixpath.join("a", "b")\n', imports: 1, uses: 1 });
    expect(join('import os\np = os.path.join(os.sep, "b")\n')).toMatchObject({ output: 'import os\nimport posixpath\np = posixpath.join(os.sep, "b")\n' });
    expect(join('import os\nimport os.path\np = os.path.join(os.path.sep)\n')).toMatchObject({
      output: 'import os\nimport os.path\nimport posixpath\np = posixpath.join(os.path.sep)\n',
      imports: 2,
      uses: 1,
    });
    expect(join('import os as o\np = o.path.join("a")\n')).toMatchObject({ output: 'import posixpath\np = posixpath.join("a")\n' });
    expect(join('import os.path as osp\np = osp.join("a")\n')).toMatchObject({ output: 'import posixpath as osp\np = osp.join("a")\n' });
    expect(join('from os.path import join, exists\np = join("a") if exists("a") else None\n')).toMatchObject({
      output: 'from os.path import exists\nfrom posixpath import join\np = join("a") if exists("a") else None\n',
    });
  });

  it('a class body that reads the name and binds it too (`fetch = staticmethod(fetch)`): the old name stays', () => {
    expect(fetchToGet('from old_api import fetch\nclass C:\n    fetch = staticmethod(fetch)\n')).toMatchObject({
      output: 'from new_api import get as fetch\nclass C:\n    fetch = staticmethod(fetch)\n',
    });
    expect(fetchToGet('import old_api\nclass C:\n    old_api = old_api.fetch\n')).toEqual({
      reason: '`old_api.fetch` at line 3 is in a class body that binds `old_api` too: it may not be the import',
    });
  });

  it('refuses when `fetch` may come from a wildcard import', () => {
    expect(fetchToGet('from old_api import *\nfetch(1)\n')).toEqual({ reason: '`fetch` may come from `from old_api import *` (line 1)' });
  });

  it('renames a module: every import form, and the uses of an unaliased one', () => {
    const r = rename(
      'import old_api\nimport old_api as oa\nfrom old_api import fetch\nfrom old_api.sub import x\nimport old_apis\nold_api.fetch(oa, x)\n',
      { module: 'old_api' },
      { module: 'new_api' },
    );
    expect(r).toMatchObject({
      output: 'import new_api\nimport new_api as oa\nfrom new_api import fetch\nfrom new_api.sub import x\nimport old_apis\nnew_api.fetch(oa, x)\n',
    });
    expect(rename('import old_api\nnew_api = 1\nold_api.f()\n', { module: 'old_api' }, { module: 'new_api' })).toMatchObject({
      output: 'import new_api as old_api\nnew_api = 1\nold_api.f()\n',
    });
  });
});

describe('import requests at definition-time sites and around star imports', () => {
  it('does not reuse an import that runs after a def whose annotation needs it (annotations run with the def)', () => {
    const l = load('def f(x: "T" = None):\n    pass\n\n\nimport typing\n');
    // Not reused (it runs too late); not added either (the name is taken at module level): refused.
    expect(l.py.ensureImport('typing', { at: l.find('"T"'), alias: false })).toMatchObject({ ok: false });
    // Inside a def's body the code runs later, when called: there the later import serves.
    const inBody = load('def f():\n    return old()\n\n\nimport typing\n');
    expect(inBody.py.ensureImport('typing', { at: inBody.find('old()') })).toEqual({ ok: true, name: 'typing', edits: [] });
  });

  it('lets a standard-library star import block only the names its module exports', () => {
    const l = load('from typing import *\n\nold()\n');
    expect(l.py.ensureImport('typing', { at: l.find('old()'), alias: false })).toMatchObject({ ok: true, name: 'typing' });
    expect(l.py.ensureFromImport('typing', 'Optional', { at: l.find('old()'), alias: false })).toMatchObject({ ok: false });
    const unknown = load('from helpers import *\n\nold()\n');
    expect(unknown.py.ensureImport('typing', { at: unknown.find('old()'), alias: false })).toMatchObject({ ok: false });
  });
});
