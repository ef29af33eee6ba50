// "Is this name Python's builtin here?", counting a wildcard import from the standard library as
// harmless: no stdlib module exports a name that shadows a builtin (`from builtins import *` binds the
// builtins themselves). A wildcard import from any other module may bind anything.
import type { Node } from 'web-tree-sitter';
import type { ScopeModel } from './scope.js';
import type { TargetVersion } from '../settings.js';
import { wildcardImports } from './logger.js';
import { isStdlibModule } from './stdlib.js';

export type BuiltinCheck = { builtin: true } | { builtin: false; reason: string };

export function builtinAt(scope: ScopeModel, name: string, node: Node, targetVersion: TargetVersion): BuiltinCheck {
  if (scope.resolve(name, node) !== undefined)
    return { builtin: false, reason: `\`${name}\` is not the builtin here (rebound by a def, a class, an assignment, an import or a parameter)` };
  const wildcard = wildcardProblem(scope, name, targetVersion);
  if (wildcard) return { builtin: false, reason: wildcard };
  return { builtin: true };
}

/** Why a wildcard import may rebind `name` (the module has one that is not from the standard library), or undefined. */
export function wildcardProblem(scope: ScopeModel, name: string, targetVersion: TargetVersion): string | undefined {
  if (scope.hasWildcardImport() && !wildcardImports(scope).every((w) => isStdlibModule(w.module, targetVersion)))
    return `a wildcard import (not from the standard library) may rebind \`${name}\``;
  return undefined;
}
