// The Python helpers a transform reaches through ctx.python. Everything is computed lazily, once per
// parsed tree, so a file no transform cares about pays nothing for them.
import type { Node } from 'web-tree-sitter';
import type { Settings } from '../settings.js';
import { detectIndentUnit, detectLineEnding, indentationAt, lineEndOf, lineStartOf } from '../text.js';
import { ScopeModel } from './scope.js';
import { docstringOf } from './docstring.js';
import type { ImportRequestContext } from './imports.js';
import { importModule, importName, type ImportOptions, type ImportResult } from './ensure-import.js';
import { ensureModuleLogger, type LoggerOptions, type LoggerRequest } from './logger.js';
import { removeImport, type RemoveImportOptions, type RemoveImportResult } from './remove-import.js';
import { renameImport, type ImportTarget, type RenameImportResult } from './rename-import.js';
import { referencesIn, variableScope, type Reference } from './references.js';

export interface PythonHelpers {
  /** The file's line ending ('\n', '\r\n' or '\r'): write new lines with it. */
  readonly lineEnding: string;
  /** The file's indentation step (four spaces, a tab, ...): indent new blocks with it. */
  readonly indentUnit: string;
  /** The indentation of the line on which `node` starts. */
  indentOf(node: Node): string;
  /** The indentation of a block's statements, or null for a body on the header's line. */
  blockIndent(block: Node): string | null;
  /** The offset of the start of the line holding `offset` (in this file's source). */
  lineStartOf(offset: number): number;
  /** The offset just past the end of the line holding `offset`, its line break included. */
  lineEndOf(offset: number): number;
  /** The docstring statement of a module, class or function body, or null. */
  docstring(body: Node): Node | null;
  readonly scope: ScopeModel;
  /** True when `name` at `node` is the builtin (nothing in scope rebinds it). */
  isBuiltin(name: string, node: Node): boolean;
  /**
   * The dotted name an expression stands for, following imports: `c.deque` -> `'collections.deque'` after
   * `import collections as c`, `dt.utcnow` -> `'datetime.datetime.utcnow'` after
   * `from datetime import datetime as dt`, `len` -> `'len'` (the builtin); undefined for a local variable.
   */
  qualifiedName(expr: Node): string | undefined;
  /**
   * Makes module `module` usable and says how to spell it: reuses an `import module [as m]` that means it
   * wherever you write it (then `name` is `m`), else adds `import module` at its sorted place, or
   * `import module as <alias>` when the name is taken (or refuses with `alias: false`).
   *
   * A name is taken when binding it at module level would change what some code means: it is already
   * bound there, a function declares it `global`, code reads it as a builtin, a wildcard import may bind
   * it, or, where you will write it (`options.at`; without `at`: anywhere in the module), a local
   * variable of that name hides it.
   *
   * ```ts
   * const r = ctx.python.ensureImport('os.path', { at: call });
   * if (!r.ok) return ctx.skip(call, r.reason);
   * ctx.report({ node: call, message: '...', fix: [...r.edits, { start, end, text: `${r.name}.join(a, b)` }] });
   * ```
   */
  ensureImport(module: string, options?: ImportOptions): ImportResult;
  /**
   * Makes `name` from `module` usable and says how to spell it, without ever rebinding a name that means
   * something else: reuses `from module import name [as x]` (then `x`) or `import module [as m]` (then
   * `m.name`); else adds `from module import name` (joined into a one-line `from module import ...`
   * already there); else, when `name` is taken (see ensureImport), `from module import name as
   * <module>_<name>` (or `options.alias`); refuses when that is taken too, or with `alias: false`.
   *
   * ```ts
   * // `from requests import get` is in the file: `get` is taken.
   * const r = ctx.python.ensureFromImport('new_api', 'get', { at: call });
   * // r = { ok: true, name: 'new_api_get', edits: [insert `from new_api import get as new_api_get`] }
   * ```
   */
  ensureFromImport(module: string, name: string, options?: ImportOptions): ImportResult;
  /**
   * Drops `import module` / `import module as m` (no `name`), or `from module import name [as x]`, in
   * every scope, wherever nothing else uses the name it binds; a statement importing other names keeps
   * them. Pass the code your fix rewrites as `ignoring`, and put the returned edits in the same fix as the
   * rewrite, so the import goes only together with its last uses. With `ignoring`, an import that nothing
   * used (maybe there for its side effects) stays. Also kept: `__future__` imports, `x as x` re-exports,
   * module-level imports of an `__init__.py`, names listed in `__all__` or used in string annotations.
   *
   * ```ts
   * const gone = ctx.python.removeImport('old_api', undefined, { ignoring: calls });
   * ctx.report({ node, message, fix: [...rewrites, ...gone.edits] });
   * ```
   */
  removeImport(module: string, name?: string, options?: RemoveImportOptions): RemoveImportResult;
  /**
   * Moves a name (`{ module: 'old_api', name: 'fetch' }` -> `{ module: 'new_api', name: 'get' }`) or a
   * module (`{ module: 'old_api' }` -> `{ module: 'new_api' }`) everywhere the file imports it, with its
   * uses, all or nothing:
   * - `from old_api import fetch` -> `from new_api import get`, uses `fetch` -> `get` (when `get` is taken
   *   where `fetch` is used: `from new_api import get as fetch`, uses unchanged); `from old_api import
   *   fetch as f` -> `from new_api import get as f`; a statement importing other names keeps them and the
   *   new import gets its own statement;
   * - `import old_api [as m]`, uses `m.fetch` -> `m.get` with `import new_api [as m]` when nothing else
   *   uses `m`, else `new_api.get` with `import new_api` added (see ensureImport);
   * - a module: `import old_api[.sub] [as m]`, `from old_api[.sub] import x` -> the same from `new_api`
   *   (unaliased: the uses too, or `import new_api as old_api` when `new_api` is taken).
   * Refuses with a reason when `fetch` may come from `from old_api import *`, or a new name cannot be bound.
   */
  renameImport(from: ImportTarget, to: ImportTarget): RenameImportResult;
  /**
   * The references of a variable: every identifier in the file that names it, binding sites included
   * (`kind: 'bind'`), in source order. Pass an identifier (a use or a binding: the variable it names
   * there), or a name (the module-level variable; with `at`, the variable the name means at that node; a
   * builtin's uses when nothing binds it). Not seen: names in strings, `globals()`, `getattr(module, 'x')`.
   *
   * ```ts
   * const uses = ctx.python.references(importedName).filter((r) => r.kind === 'read');
   * ```
   */
  references(target: string | Node, at?: Node): Reference[];
  ensureModuleLogger(preferredName: string, options?: LoggerOptions): LoggerRequest;
}

export type { ImportOptions, ImportResult, ImportTarget, RemoveImportOptions, RemoveImportResult, RenameImportResult, Reference };

export function createPythonHelpers(source: string, root: Node, settings: Settings, path?: string): PythonHelpers {
  let lineEnding: string | undefined;
  let indentUnit: string | undefined;
  let scope: ScopeModel | undefined;
  const importCtx = (): ImportRequestContext => ({
    path,
    root,
    source,
    lineEnding: helpers.lineEnding,
    scope: helpers.scope,
    targetVersion: settings.targetVersion,
    lineLength: settings.lineLength,
  });
  const helpers: PythonHelpers = {
    get lineEnding() {
      return (lineEnding ??= detectLineEnding(source));
    },
    get indentUnit() {
      return (indentUnit ??= detectIndentUnit(source));
    },
    get scope() {
      return (scope ??= new ScopeModel(root, source));
    },
    indentOf: (node) => indentationAt(source, node.startIndex),
    blockIndent(block) {
      const first = block.namedChildren.find((c) => c && c.type !== 'comment') ?? block.namedChild(0);
      if (!first) return null;
      const header = block.parent;
      if (header && header.startPosition.row === first.startPosition.row) return null;
      return indentationAt(source, first.startIndex);
    },
    lineStartOf: (offset) => lineStartOf(source, offset),
    lineEndOf: (offset) => lineEndOf(source, offset),
    docstring: docstringOf,
    isBuiltin: (name, node) => helpers.scope.isBuiltin(name, node),
    qualifiedName: (expr) => helpers.scope.qualifiedName(expr),
    ensureImport: (module, options) => importModule(importCtx(), module, options),
    ensureFromImport: (module, name, options) => importName(importCtx(), module, name, options),
    removeImport: (module, name, options) => removeImport(importCtx(), module, name, options),
    renameImport: (from, to) => renameImport(importCtx(), from, to),
    references(target, at) {
      const name = typeof target === 'string' ? target : target.text;
      const where = typeof target === 'string' ? (at ?? root) : target;
      return referencesIn(helpers.scope, root, source, name, variableScope(helpers.scope, root, name, where));
    },
    ensureModuleLogger: (name, options) => ensureModuleLogger(importCtx(), name, options),
  };
  return helpers;
}
