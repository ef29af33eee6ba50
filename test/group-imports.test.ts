// Unit tests for group-imports' parts: sort keys, classification (src roots, own package, per-version
// standard library), the --explain-imports text, ensureImport placement, the fix loop with
// print-to-logging, and the binding guard around star imports and submodules.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareMembers, memberType, MemberType, natCompare } from '../transforms/group-imports/sort-keys.js';
import { Classifier } from '../transforms/group-imports/classify.js';
import { explainImports } from '../transforms/group-imports/explain.js';
import { isStdlibModule } from '../src/core/python/stdlib.js';
import { defaultSettings, type Settings } from '../src/core/settings.js';
import { transformSourceWith } from '../src/core/transform-source.js';
import { builtinTransforms } from '../transforms/index.js';
import groupImports from '../transforms/group-imports/index.js';
import { firstStarImportBinding, starExports, starImportMayBind, starMayBind } from '../src/core/python/star-exports.js';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'gi-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

const settingsFor = (root: string, extra: Partial<Settings> = {}): Settings => ({ ...defaultSettings(root), ...extra });

describe('sort keys', () => {
  it('compares digit runs by value and leading zeros left-aligned', () => {
    const sorted = ['a10', 'a2', 'a1', 'a', 'a015', 'a12'].sort(natCompare);
    expect(sorted).toEqual(['a', 'a015', 'a1', 'a2', 'a10', 'a12']);
  });
  it('types members as CONSTANT, Class or variable', () => {
    expect(memberType('MAX_SIZE')).toBe(MemberType.Constant);
    expect(memberType('X')).toBe(MemberType.Class); // one letter: not a constant
    expect(memberType('Path')).toBe(MemberType.Class);
    expect(memberType('_private')).toBe(MemberType.Variable);
    expect(memberType('HTTP2')).toBe(MemberType.Constant);
  });
  it('orders members star first, then by type, then case-insensitively', () => {
    const names = ['b', 'A', 'CONST', '*', 'a', 'B'].map((name) => ({ name }));
    expect(names.sort(compareMembers).map((m) => m.name)).toEqual(['*', 'CONST', 'A', 'B', 'a', 'b']);
  });
});

describe('classification', () => {
  it('uses the standard library of the target version', () => {
    expect(isStdlibModule('tomllib', 'py310')).toBe(false);
    expect(isStdlibModule('tomllib', 'py311')).toBe(true);
    expect(isStdlibModule('distutils.core', 'py311')).toBe(true);
    expect(isStdlibModule('distutils', 'py312')).toBe(false);
    expect(isStdlibModule('asynchat', 'py311')).toBe(true);
    expect(isStdlibModule('asynchat', 'py312')).toBe(false);
    expect(isStdlibModule('annotationlib', 'py313')).toBe(false);
    expect(isStdlibModule('annotationlib', 'py314')).toBe(true);
    expect(isStdlibModule('zoneinfo', 'py38')).toBe(false);
    expect(isStdlibModule('zoneinfo', 'py39')).toBe(true);
    expect(isStdlibModule('msvcrt', 'py38')).toBe(true); // a Windows-only module is still stdlib
  });
  it('detects first-party modules under the src roots and the file own package', () => {
    const root = project({
      'src/app/__init__.py': '',
      'src/app/models.py': '',
      'tools.py': '',
      'lib/pkg/__init__.py': '',
      'lib/pkg/sub/__init__.py': '',
      'lib/pkg/sub/mod.py': '',
    });
    const c = new Classifier(settingsFor(root), 'lib/pkg/sub/mod.py');
    expect(c.classify('app.models', 0)).toEqual({ section: 'first-party', reason: 'found under src/app/models.py' });
    expect(c.classify('tools', 0)).toEqual({ section: 'first-party', reason: 'found under tools.py' });
    expect(c.classify('pkg.other', 0).section).toBe('first-party');
    expect(c.classify('pkg.other', 0).reason).toContain("file's own package `pkg`");
    expect(c.classify('requests', 0).section).toBe('third-party');
    expect(c.classify('os.path', 0).reason).toBe('standard library for py3.9');
    expect(c.classify('', 2).section).toBe('local-folder');
  });
  it('lets known-third-party win over detection and known-first-party name patterns', () => {
    const root = project({ 'src/app/__init__.py': '' });
    const c = new Classifier(settingsFor(root, { knownThirdParty: ['app'], knownFirstParty: ['corp_*', 'os'] }), 'x.py');
    expect(c.classify('app', 0).section).toBe('third-party');
    expect(c.classify('corp_utils.x', 0)).toEqual({ section: 'first-party', reason: '`corp_*` is in known-first-party' });
    expect(c.classify('os', 0).section).toBe('first-party');
  });
  it('classifies submodule entries of known lists by their longest match', () => {
    const c = new Classifier(settingsFor('/nonexistent', { knownFirstParty: ['google.mine'] }), 'x.py');
    expect(c.classify('google.mine.x', 0).section).toBe('first-party');
    expect(c.classify('google.protobuf', 0).section).toBe('third-party');
  });
});

describe('explainImports', () => {
  it('prints every import with its section and reason', async () => {
    const root = project({ 'src/app/__init__.py': '' });
    const text = await explainImports('import os, app\nfrom . import x\nimport requests\n', 'mod.py', settingsFor(root));
    expect(text).toContain('mod.py: 4 imports');
    expect(text).toMatch(/1 {2}os +standard library +standard library for py3\.9/);
    expect(text).toMatch(/1 {2}app +first-party +found under src\/app/);
    expect(text).toMatch(/2 {2}\. +local \(relative\) +a relative import/);
    expect(text).toMatch(/3 {2}requests +third-party +default/);
  });
});

describe('with other transforms', () => {
  const printToLogging = builtinTransforms.find((t) => t.id === 'print-to-logging');
  it.runIf(printToLogging)('an `import logging` request ends up in its sorted place, and a second run is stable', async () => {
    const source = 'import sys\nimport requests\n\n\ndef main():\n    print("hi")\n';
    const run = (s: string) => transformSourceWith(s, { path: 'm.py', transforms: [printToLogging!, groupImports] });
    const first = await run(source);
    if (first.kind !== 'ok') throw new Error(JSON.stringify(first));
    const lines = first.output.split('\n');
    expect(lines.slice(0, 4)).toEqual(['import logging', 'import sys', '', 'import requests']);
    const second = await run(first.output);
    expect(second.kind === 'ok' && second.output).toBe(first.output);
  });
  it('ensureImport places a standard-library import where group-imports keeps it', async () => {
    const { ensureImport } = await import('../src/core/python/imports.js');
    const { loadPythonParser } = await import('../src/core/parser.js');
    const { ScopeModel } = await import('../src/core/python/scope.js');
    const parser = await loadPythonParser();
    const cases: [string, string][] = [
      ['import os\nimport sys\n\nimport requests\n', 'import logging\nimport os\nimport sys\n\nimport requests\n'],
      ['import abc\nimport zlib\n', 'import abc\nimport logging\nimport zlib\n'],
      ['import os\nfrom abc import ABC\n', 'import logging\nimport os\nfrom abc import ABC\n'],
      ['import requests\n', 'import logging\n\nimport requests\n'],
      ['from __future__ import annotations\n', 'from __future__ import annotations\n\nimport logging\n'],
      ['import abc\n\n# about zlib\nimport zlib\n', 'import abc\nimport logging\n\n# about zlib\nimport zlib\n'],
    ];
    for (const [before, after] of cases) {
      const tree = parser.parse(before);
      const [edit] = ensureImport({ root: tree.rootNode, source: before, lineEnding: '\n', scope: new ScopeModel(tree.rootNode), targetVersion: 'py39' }, 'logging');
      tree.delete();
      expect(before.slice(0, edit!.start) + edit!.text + before.slice(edit!.end)).toBe(after);
      // And group-imports agrees with that place.
      const sorted = await transformSourceWith(after, { path: 'm.py', transforms: [groupImports] });
      expect(sorted.kind === 'ok' && sorted.output).toBe(after);
    }
  });
});

describe('star imports and the binding guard', () => {
  const sort = async (source: string, root?: string, path = 'm.py') => {
    const settings = root ? { src: [root], projectRoot: root } : { src: [], projectRoot: '/nonexistent' };
    const r = await transformSourceWith(source, { path: root ? join(root, path) : path, transforms: [groupImports], settings });
    if (r.kind !== 'ok') throw new Error(JSON.stringify(r));
    return r;
  };

  it('knows what standard-library star imports bind, across versions and platforms', () => {
    const names = (m: string) => {
      const e = starExports(m);
      if (e.kind !== 'known') throw new Error(`${m} is not known`);
      return e.names;
    };
    expect(names('json')).toEqual(new Set(['JSONDecodeError', 'JSONDecoder', 'JSONEncoder', 'dump', 'dumps', 'load', 'loads']));
    expect(names('typing').has('override')).toBe(true); // 3.12+
    expect(names('os').has('startfile')).toBe(true); // Windows only
    expect(names('os.path').has('join')).toBe(true);
    expect(names('winreg').has('HKEY_CLASSES_ROOT')).toBe(true); // not importable here
    expect(names('ctypes').has('unittest')).toBe(false);
    expect(starExports('mypkg.helpers')).toEqual({ kind: 'any' });
    expect(starExports('json', 1)).toEqual({ kind: 'any' }); // `from .json import *`
    expect(starMayBind(undefined, 1, '_private')).toBe(true);
  });

  it('tells which star import of a module may bind a name, and the first after an offset', async () => {
    const { loadPythonParser } = await import('../src/core/parser.js');
    const { ScopeModel } = await import('../src/core/python/scope.js');
    const source = 'from json import *\nx = 1\nfrom os.path import *\nfrom .pkg import *\n';
    const tree = (await loadPythonParser()).parse(source);
    const stars = new ScopeModel(tree.rootNode).wildcardImports();
    expect(stars.map((s) => s.parent?.text)).toEqual(['from json import *', 'from os.path import *', 'from .pkg import *']);
    expect(starImportMayBind(stars[0]!, 'dumps')).toBe(true);
    expect(starImportMayBind(stars[0]!, 'join')).toBe(false);
    expect(starImportMayBind(stars[2]!, '_private')).toBe(true); // a relative module may bind anything
    expect(firstStarImportBinding(stars, 'join')?.id).toBe(stars[1]!.id);
    expect(firstStarImportBinding(stars, 'dumps')?.id).toBe(stars[0]!.id);
    expect(firstStarImportBinding(stars, 'dumps', source.indexOf('x = 1'))?.id).toBe(stars[2]!.id);
    expect(firstStarImportBinding(stars, 'dumps', stars[2]!.startIndex)).toBeUndefined();
    tree.delete();
  });

  it('sorts imports around a star import that cannot bind their names', async () => {
    const r = await sort('from ctypes import *\nimport unittest\nimport sys\n');
    expect(r.output).toBe('import sys\nimport unittest\nfrom ctypes import *\n');
  });

  it('leaves a block alone when an import would cross a star import that may bind its name', async () => {
    for (const src of [
      'from pickle import *\nfrom json import *\n',
      'from pickle import dumps\nfrom json import *\n',
      'from shlex import *\nfrom os.path import join\n',
      'from typing import *\nfrom collections.abc import *\n',
      'from mypkg.helpers import *\nimport json\n',
      'from .compat import *\nfrom .base import Thing\n',
      'from zeta import *\nfrom alpha import *\n',
      'def f():\n    from zeta import x\n    from alpha import x\n',
    ]) {
      const r = await sort(src);
      expect(r.output, src).toBe(src);
      expect(r.skips.map((s) => s.reason), src).toEqual([expect.stringMatching(/^sorting would (change which import binds|swap) /)]);
    }
  });

  it('names the star imports that may bind the name', async () => {
    const r = await sort('from pickle import *\nfrom json import *\n');
    expect(r.skips[0]!.reason).toBe(
      'sorting would change which import binds `dump` (star imports that may bind it: `from pickle import *`, `from json import *`); block left as it is',
    );
  });

  it('sorts when every import of a name means the same thing', async () => {
    // A star import and an explicit import from one module bind the same object.
    const r = await sort('from string import capwords\nfrom string import *\nimport sys\n');
    expect(r.output).toBe('import sys\nfrom string import *\nfrom string import capwords\n');
  });

  it('reads a project module: without `__all__` its star import binds no `_` name', async () => {
    const root = project({ 'pkg/__init__.py': '', 'pkg/_consts.py': 'A = 1\n', 'pkg/_all.py': '__all__ = ["_B"]\n_B = 1\n', 'pkg/mod.py': '' });
    const noAll = await sort('from ._consts import *\nfrom ._cases import _EXTRA\n', root, 'pkg/mod.py');
    expect(noAll.output).toBe('from ._cases import _EXTRA\nfrom ._consts import *\n');
    const withAll = await sort('from ._cases import _B\nfrom ._all import *\n', root, 'pkg/mod.py');
    expect(withAll.output).toBe('from ._cases import _B\nfrom ._all import *\n');
    expect(withAll.skips).toHaveLength(1);
  });

  it('keeps `from P import N` on its side of an import that loads the submodule P.N when P binds its own N', async () => {
    const root = project({ 'pkg/__init__.py': 'def helper():\n    return 1\n', 'pkg/helper.py': '', 'pkg/other.py': '', 'main.py': '' });
    const shadowed = await sort('from pkg import helper\nimport pkg.helper\n', root, 'main.py');
    expect(shadowed.output).toBe('from pkg import helper\nimport pkg.helper\n');
    expect(shadowed.skips[0]!.reason).toMatch(/the package may bind its own `helper`, which loading the submodule `pkg.helper` replaces/);
    const loadedFirst = await sort('from pkg.helper import X\nfrom pkg import helper\n', root, 'main.py');
    expect(loadedFirst.output).toBe('from pkg.helper import X\nfrom pkg import helper\n');
    // `other` is only a submodule: both orders give it.
    const plain = await sort('from pkg import other\nimport pkg.other\n', root, 'main.py');
    expect(plain.output).toBe('import pkg.other\nfrom pkg import other\n');
    // Standard library: os.path is the attribute; curses.has_key is not.
    expect((await sort('from os import path\nimport os.path\n')).output).toBe('import os.path\nfrom os import path\n');
    expect((await sort('from curses import has_key\nimport curses.has_key\n')).skips).toHaveLength(1);
  });
});
