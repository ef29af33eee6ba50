// The Python helpers a transform reaches through ctx.python. Everything is computed lazily, once per
// parsed tree, so a file no transform cares about pays nothing for them.
import type { Node } from 'web-tree-sitter';
import type { Edit } from '../types.js';
import type { Settings } from '../settings.js';
import { detectIndentUnit, detectLineEnding, indentationAt } from '../text.js';
import { ScopeModel } from './scope.js';
import { docstringOf } from './docstring.js';
import { ensureFromImport, ensureImport, type ImportRequestContext } from './imports.js';
import { ensureModuleLogger, type LoggerRequest } from './logger.js';

export interface PythonHelpers {
  /** The file's line ending ('\n', '\r\n' or '\r'). */
  readonly lineEnding: string;
  /** The file's indentation step (four spaces, a tab, ...). */
  readonly indentUnit: string;
  /** The indentation of the line on which `node` starts. */
  indentOf(node: Node): string;
  /** The indentation of a block's statements, or null for a body on the header's line. */
  blockIndent(block: Node): string | null;
  /** The docstring statement of a module, class or function body, or null. */
  docstring(body: Node): Node | null;
  readonly scope: ScopeModel;
  /** True when `name` at `node` is the builtin (nothing in scope rebinds it). */
  isBuiltin(name: string, node: Node): boolean;
  /** `c.deque` -> `collections.deque`, following imports; undefined for local names. */
  qualifiedName(expr: Node): string | undefined;
  ensureImport(module: string): Edit[];
  ensureFromImport(module: string, name: string): { localName: string; edits: Edit[] };
  ensureModuleLogger(preferredName: string): LoggerRequest;
}

export function createPythonHelpers(source: string, root: Node, settings: Settings): PythonHelpers {
  let lineEnding: string | undefined;
  let indentUnit: string | undefined;
  let scope: ScopeModel | undefined;
  const importCtx = (): ImportRequestContext => ({
    root,
    source,
    lineEnding: helpers.lineEnding,
    scope: helpers.scope,
    targetVersion: settings.targetVersion,
  });
  const helpers: PythonHelpers = {
    get lineEnding() {
      return (lineEnding ??= detectLineEnding(source));
    },
    get indentUnit() {
      return (indentUnit ??= detectIndentUnit(source));
    },
    get scope() {
      return (scope ??= new ScopeModel(root));
    },
    indentOf: (node) => indentationAt(source, node.startIndex),
    blockIndent(block) {
      const first = block.namedChildren.find((c) => c && c.type !== 'comment') ?? block.namedChild(0);
      if (!first) return null;
      const header = block.parent;
      if (header && header.startPosition.row === first.startPosition.row) return null;
      return indentationAt(source, first.startIndex);
    },
    docstring: docstringOf,
    isBuiltin: (name, node) => helpers.scope.isBuiltin(name, node),
    qualifiedName: (expr) => helpers.scope.qualifiedName(expr),
    ensureImport: (module) => ensureImport(importCtx(), module),
    ensureFromImport: (module, name) => ensureFromImport(importCtx(), module, name),
    ensureModuleLogger: (name) => ensureModuleLogger(importCtx(), name),
  };
  return helpers;
}
