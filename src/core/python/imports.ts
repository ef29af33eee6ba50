// "This module must import X": requests that turn into one insertion edit. Two fixes asking for the
// same import produce the identical edit, which the applier merges, so the import is added once.
import type { Node } from 'web-tree-sitter';
import type { Edit } from '../types.js';
import type { ScopeModel } from './scope.js';
import { docstringOf } from './docstring.js';
import { isStdlibModule } from './stdlib.js';
import type { TargetVersion } from '../settings.js';
import { lineEndOf, lineStartOf } from '../text.js';

export interface ImportRequestContext {
  root: Node;
  source: string;
  lineEnding: string;
  scope: ScopeModel;
  targetVersion: TargetVersion;
}

const IMPORT_TYPES = new Set(['import_statement', 'import_from_statement', 'future_import_statement']);

/** The module's top-level statements that form its leading import block (after docstring and comments). */
export function topImportBlock(root: Node): Node[] {
  const doc = docstringOf(root);
  const block: Node[] = [];
  for (const stmt of root.namedChildren) {
    if (!stmt || stmt.type === 'comment' || (doc && stmt.id === doc.id)) continue;
    if (IMPORT_TYPES.has(stmt.type)) block.push(stmt);
    else break;
  }
  return block;
}

/** The dotted module an import statement names (first name for `import a, b`). */
export function importedModule(stmt: Node): string {
  if (stmt.type === 'future_import_statement') return '__future__';
  if (stmt.type === 'import_from_statement') return stmt.childForFieldName('module_name')?.text ?? '';
  const first = stmt.namedChild(0);
  return (first?.type === 'aliased_import' ? first.childForFieldName('name')?.text : first?.text) ?? '';
}

/** True when the module scope already has `import module` (unaliased). */
export function hasModuleImport(ctx: ImportRequestContext, module: string): boolean {
  const top = module.split('.')[0]!;
  return ctx.scope.moduleBindings(top).some((b) => b.kind === 'import' && b.qualifiedName === top);
}

/** Edits that add `import module` at its sorted place among the module's top imports ([] if present). */
export function ensureImport(ctx: ImportRequestContext, module: string): Edit[] {
  if (hasModuleImport(ctx, module)) return [];
  return [insertImportLine(ctx, `import ${module}`, module, false)];
}

/**
 * Makes `name` from `module` available; returns the local name to use and the edits.
 * Reuses an existing `from module import name [as alias]`.
 */
export function ensureFromImport(ctx: ImportRequestContext, module: string, name: string): { localName: string; edits: Edit[] } {
  for (const [local, bindings] of ctx.scope.scopeOf(ctx.root).bindings) {
    if (bindings.some((b) => b.kind === 'import' && b.qualifiedName === `${module}.${name}`)) return { localName: local, edits: [] };
  }
  return { localName: name, edits: [insertImportLine(ctx, `from ${module} import ${name}`, module, true)] };
}

function insertImportLine(ctx: ImportRequestContext, line: string, module: string, isFrom: boolean): Edit {
  const block = topImportBlock(ctx.root);
  const nl = ctx.lineEnding;
  if (block.length === 0) {
    const at = afterDocstringOffset(ctx);
    return { start: at.offset, end: at.offset, text: `${at.prefix}${line}${nl}${at.suffix}` };
  }
  // Sorted place inside the standard-library group: before the first same-kind import that sorts after.
  const wantStd = isStdlibModule(module, ctx.targetVersion);
  const key = module.toLowerCase();
  let anchor: Node | undefined;
  for (const stmt of block) {
    const mod = importedModule(stmt);
    if (mod === '__future__') continue;
    const std = isStdlibModule(mod, ctx.targetVersion) && !mod.startsWith('.');
    const stmtIsFrom = stmt.type === 'import_from_statement';
    if (std !== wantStd) {
      if (wantStd) { anchor = stmt; break; }
      continue;
    }
    if (!isFrom && stmtIsFrom) { anchor = stmt; break; }
    if (isFrom === stmtIsFrom && mod.toLowerCase() > key) { anchor = stmt; break; }
  }
  if (anchor) {
    const start = lineStartOf(ctx.source, anchor.startIndex);
    return { start, end: start, text: `${line}${nl}` };
  }
  const last = block[block.length - 1]!;
  const end = lineEndOf(ctx.source, last.endIndex);
  return { start: end, end, text: `${line}${nl}` };
}

function afterDocstringOffset(ctx: ImportRequestContext): { offset: number; prefix: string; suffix: string } {
  const doc = docstringOf(ctx.root);
  const nl = ctx.lineEnding;
  if (doc) {
    const end = lineEndOf(ctx.source, doc.endIndex);
    const needsBreak = end === ctx.source.length && !/[\r\n]$/.test(ctx.source);
    return { offset: end, prefix: needsBreak ? nl : '', suffix: '' };
  }
  // After a shebang / coding cookie / leading comment lines.
  let offset = 0;
  const re = /^(#[^\r\n]*)(\r\n|\n|\r|$)/y;
  for (;;) {
    re.lastIndex = offset;
    const m = re.exec(ctx.source);
    if (!m || m[0].length === 0) break;
    offset += m[0].length;
  }
  return { offset, prefix: '', suffix: '' };
}
