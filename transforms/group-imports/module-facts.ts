// What the binding guard (safety.ts) needs to know about the modules a block imports, from the
// standard-library tables and, for the project's own modules, from their source on disk:
//
// - which names `from M import *` may bind (star-exports.ts for the standard library, unless a module
//   beside a script has its name and is imported instead; a module of the
//   project whose source never mentions `__all__` binds only names not starting with `_`; anything
//   else may bind any name);
// - whether `from P import N` may read something other than the submodule P.N. Python sets a
//   submodule as an attribute of its package when the submodule is loaded; until then `from P import N`
//   reads whatever P itself binds as N (a function, a class). So when one import of a block reads P.N
//   and another loads the submodule P.N, their order can decide what N is, unless P binds nothing
//   called N.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { Settings } from '../../src/core/settings.js';
import { TARGET_VERSIONS } from '../../src/core/settings.js';
import { isStdlibModule } from '../../src/core/python/stdlib.js';
import { starExports, type StarExports } from '../../src/core/python/star-exports.js';
import { packageRootOf } from './classify.js';

// In the standard library a package's attribute and its submodule of the same name are one object
// (os.path, test.support, ...), except these (found with CPython 3.11: each standard-library package
// imported, each of its submodules' names looked up in it before the submodule is loaded).
const STDLIB_ATTRIBUTE_NOT_SUBMODULE = new Set(['curses.has_key', 'unittest.main']);

export interface ModuleFacts {
  /** The names `from <level dots><module> import *` may bind. */
  starExports(level: number, module: string | undefined): StarExports;
  /** Whether `from <level dots><module> import <name>` may give something other than the submodule of that name. */
  attributeMayShadowSubmodule(level: number, module: string | undefined, name: string): boolean;
}

// Source texts by path, read once per thread (undefined: no such file).
const texts = new Map<string, string | undefined>();
function textOf(path: string): string | undefined {
  if (!texts.has(path)) {
    let text: string | undefined;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      text = undefined;
    }
    texts.set(path, text);
  }
  return texts.get(path);
}

const isStdlib = (module: string) => TARGET_VERSIONS.some((v) => isStdlibModule(module, v));
const ANY_PUBLIC: StarExports = { kind: 'public' };

export function moduleFactsFor(settings: Settings, filePath: string): ModuleFacts {
  const file = isAbsolute(filePath) ? filePath : resolve(settings.projectRoot, filePath);

  /** Folders a module of this import may live under: relative to the file, or the own package's parent and the src roots. */
  const roots = (level: number): string[] => {
    if (level > 0) {
      let dir = dirname(file);
      for (let i = 1; i < level; i++) dir = dirname(dir);
      return [dir];
    }
    const own = packageRootOf(file);
    return [...(own ? [dirname(own)] : []), ...settings.src.map((s) => (isAbsolute(s) ? s : resolve(settings.projectRoot, s)))];
  };
  const parts = (module: string | undefined) => (module ? module.split('.').map((p) => p.trim()) : []);

  // A script (a file in no package) runs with its own folder first on sys.path.
  const scriptFolder = packageRootOf(file) ? [] : [dirname(file)];

  /** The source of the package `__init__.py` (or, with `orModule`, the module file) on disk, if found. */
  const sourceOf = (level: number, module: string | undefined, orModule: boolean, extraRoots: string[] = []): string | undefined => {
    for (const root of [...extraRoots, ...roots(level)]) {
      const base = join(root, ...parts(module));
      const init = textOf(join(base, '__init__.py'));
      if (init !== undefined) return init;
      if (orModule && module) {
        const text = textOf(`${base}.py`);
        if (text !== undefined) return text;
      }
    }
    return undefined;
  };

  /**
   * Whether a module beside a script has the name of the standard-library module's top package: the
   * script's folder is first on sys.path, so it is imported instead (`json.py` beside `main.py`). (A
   * package's siblings are not: installed, they come after the standard library on sys.path.)
   */
  const shadowsStdlib = (module: string): boolean => {
    const top = parts(module)[0]!;
    return scriptFolder.some((root) => textOf(join(root, `${top}.py`)) !== undefined || textOf(join(root, top, '__init__.py')) !== undefined);
  };
  const isTheStdlibModule = (level: number, module: string | undefined): module is string =>
    level === 0 && !!module && isStdlib(module) && !shadowsStdlib(module);

  return {
    starExports(level, module) {
      if (isTheStdlibModule(level, module)) return starExports(module, level);
      // Without `__all__`, a star import binds the module's names that do not start with `_`; else any.
      const text = sourceOf(level, module, true, level === 0 ? scriptFolder : []);
      return text !== undefined && !text.includes('__all__') ? ANY_PUBLIC : { kind: 'any' };
    },
    attributeMayShadowSubmodule(level, module, name) {
      if (isTheStdlibModule(level, module)) return STDLIB_ATTRIBUTE_NOT_SUBMODULE.has(`${parts(module).join('.')}.${name}`);
      const init = sourceOf(level, module, false);
      // A package not found on disk (third-party) is assumed not to (see the README's differences).
      if (init === undefined) return false;
      const word = new RegExp(`(?<![\\w.])(?:${name.replace(/[^\w]/g, '\\$&')}|__getattr__)(?!\\w)`, 'u');
      return word.test(init);
    },
  };
}
