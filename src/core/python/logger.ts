// "This module needs a module-level logger": reuse the one it has, or describe the edits that add
// `import logging` (at its sorted place) and `logger = logging.getLogger(__name__)` after the top imports,
// with the blank lines a formatter (black, ruff) would leave.
import type { Node } from 'web-tree-sitter';
import type { Edit } from '../types.js';
import type { Binding, ScopeModel } from './scope.js';
import { ensureImport, type ImportRequestContext } from './imports.js';
import { docstringOf } from './docstring.js';
import { isStdlibModule } from './stdlib.js';
import { lineEndOf } from '../text.js';

export type LoggerRequest =
  | {
      ok: true;
      name: string;
      edits: Edit[];
      /** Offset (in the current source) from which module-level code may use the logger. */
      definedAt: number;
      /** The binding statement's name node of a reused logger; undefined for a new one. */
      existing?: Node;
    }
  | { ok: false; reason: string };

const DEF_TYPES = new Set(['function_definition', 'class_definition', 'decorated_definition']);

/** A module-level `name = getLogger(...)` (annotated or not) whose name is bound nowhere else. */
interface FoundLogger {
  name: Node;
  statement: Node;
  byModuleName: boolean;
}

function moduleLoggers(ctx: ImportRequestContext): FoundLogger[] {
  const found: FoundLogger[] = [];
  for (const stmt of ctx.root.namedChildren) {
    if (stmt?.type !== 'expression_statement') continue;
    const assign = stmt.namedChild(0);
    if (assign?.type !== 'assignment') continue;
    const left = assign.childForFieldName('left');
    const right = assign.childForFieldName('right');
    if (left?.type !== 'identifier' || right?.type !== 'call') continue;
    const fn = right.childForFieldName('function');
    if (!fn || ctx.scope.qualifiedName(fn) !== 'logging.getLogger') continue;
    if (ctx.scope.moduleBindings(left.text).length !== 1) continue; // rebound later: not safe to reuse
    const args = right.childForFieldName('arguments')?.namedChildren ?? [];
    const byModuleName = args.length === 1 && args[0]?.type === 'identifier' && args[0].text === '__name__';
    found.push({ name: left, statement: stmt, byModuleName });
  }
  return found;
}

export function ensureModuleLogger(ctx: ImportRequestContext, preferredName: string): LoggerRequest {
  // Reuse: the preferred name when it already holds a logger, else any `getLogger(__name__)` logger.
  const loggers = moduleLoggers(ctx);
  const reuse = loggers.find((l) => l.name.text === preferredName) ?? loggers.find((l) => l.byModuleName);
  if (reuse) return { ok: true, name: reuse.name.text, edits: [], definedAt: reuse.statement.endIndex, existing: reuse.name };

  if (ctx.scope.moduleBindings(preferredName).length > 0)
    return { ok: false, reason: `the name \`${preferredName}\` is already bound at module level to something that is not a logger` };
  const nl = ctx.lineEnding;
  const src = ctx.source;
  const region = importRegion(ctx.root);
  const regionEnd = region.length > 0 ? lineEndOf(src, region[region.length - 1]!.endIndex) : undefined;
  // A wildcard import could bind the names we add. A stdlib one at the top is safe as long as the
  // module never uses those names itself (then our bindings cannot change what its code means).
  if (ctx.scope.hasWildcardImport()) {
    const wildcards = wildcardImports(ctx.scope);
    const safe =
      wildcards.every((w) => isStdlibModule(w.module, ctx.targetVersion) && regionEnd !== undefined && w.node.endIndex <= regionEnd) &&
      !referencesName(ctx, preferredName) &&
      (ctx.scope.moduleBindings('logging').length > 0 || !referencesName(ctx, 'logging'));
    if (!safe) return { ok: false, reason: `a wildcard import may bind \`${preferredName}\` or \`logging\`` };
  }
  const importedInRegion = (bindings: Binding[]) => regionEnd !== undefined && bindings.some((b) => b.node.endIndex <= regionEnd);

  // A module that already has `from logging import getLogger` at the top uses it.
  const getLoggerBindings = ctx.scope.moduleBindings('getLogger');
  const fromLogging = getLoggerBindings.every((b) => b.kind === 'import' && b.qualifiedName === 'logging.getLogger');
  if (getLoggerBindings.length > 0 && fromLogging && importedInRegion(getLoggerBindings)) {
    const text = `${breakAt(ctx, regionEnd!)}${nl}${preferredName} = getLogger(__name__)${nl}${blankLinesBefore(ctx, regionEnd!, nl)}`;
    return { ok: true, name: preferredName, definedAt: regionEnd!, edits: [{ start: regionEnd!, end: regionEnd!, text }] };
  }

  const loggingBindings = ctx.scope.moduleBindings('logging');
  if (loggingBindings.some((b) => b.kind !== 'import' || b.qualifiedName !== 'logging'))
    return { ok: false, reason: 'the name `logging` is bound at module level to something other than the logging module' };
  const line = `${preferredName} = logging.getLogger(__name__)`;

  // `import logging` must run before the logger line: an import further down does not count.
  const imported = loggingBindings.length > 0;
  if (imported && !importedInRegion(loggingBindings))
    return { ok: false, reason: '`logging` is imported only after module-level code; the logger cannot be placed before its uses' };

  if (regionEnd !== undefined) {
    const importEdits = imported ? [] : importLogging(ctx, region, regionEnd);
    const text = `${breakAt(ctx, regionEnd)}${nl}${line}${nl}${blankLinesBefore(ctx, regionEnd, nl)}`;
    return { ok: true, name: preferredName, definedAt: regionEnd, edits: merge(importEdits, { start: regionEnd, end: regionEnd, text }) };
  }
  // No imports at the top: both lines go where the first import would.
  const first = topImport(ctx, false);
  const text = `${first.text}${nl}${line}${nl}${blankLinesBefore(ctx, first.start, nl)}`;
  return { ok: true, name: preferredName, definedAt: first.start, edits: [{ start: first.start, end: first.start, text }] };
}

const PLAIN_IMPORTS = new Set(['import_statement', 'import_from_statement']);

/** The edit that adds `import logging` in the import region (logging is not imported yet). */
function importLogging(ctx: ImportRequestContext, region: Node[], regionEnd: number): Edit[] {
  const firstImport = region.findIndex((s) => PLAIN_IMPORTS.has(s.type));
  if (firstImport >= 0) {
    // Its sorted place in the first run of imports (the run may follow __future__ imports and dunders,
    // which the core's top-of-file block stops at): ensureImport, shown only that run.
    let end = firstImport;
    while (end < region.length && PLAIN_IMPORTS.has(region[end]!.type)) end++;
    const run = region.slice(firstImport, end);
    return ensureImport({ ...ctx, root: { namedChildren: run } as unknown as Node }, 'logging');
  }
  // Only __future__ imports, dunders or guarded imports: a section of its own after the leading
  // __future__/dunder lines (or at the top), with blank lines around it.
  let lead = 0;
  while (lead < region.length && !['try_statement', 'if_statement'].includes(region[lead]!.type)) lead++;
  if (lead === 0) return [topImport(ctx, true)];
  const at = lineEndOf(ctx.source, region[lead - 1]!.endIndex);
  const nl = ctx.lineEnding;
  const blankAfter = at !== regionEnd && !/^[ \t]*(\r\n|\n|\r)/.test(ctx.source.slice(at)) ? nl : '';
  return [{ start: at, end: at, text: `${breakAt(ctx, at)}${nl}import logging${nl}${blankAfter}` }];
}

/**
 * The statements at the top of the module that set it up: imports (__future__ included), `try:`/`if`
 * blocks that only import (optional dependencies, TYPE_CHECKING) and dunder assignments such as
 * `__all__` or `__author__` (PEP 8 puts them around the imports). The logger line goes after them.
 */
function importRegion(root: Node): Node[] {
  const doc = docstringOf(root);
  const region: Node[] = [];
  for (const stmt of root.namedChildren) {
    if (!stmt || stmt.type === 'comment' || stmt.id === doc?.id) continue;
    const setsUp =
      PLAIN_IMPORTS.has(stmt.type) ||
      stmt.type === 'future_import_statement' ||
      ((stmt.type === 'try_statement' || stmt.type === 'if_statement') && onlyImports(stmt)) ||
      isDunderAssignment(stmt);
    if (!setsUp) break;
    region.push(stmt);
  }
  return region;
}

/** `__all__ = [...]`, `__version__ = "1.0"`: a dunder name bound to a value without calls. */
function isDunderAssignment(stmt: Node): boolean {
  const a = stmt.type === 'expression_statement' ? stmt.namedChild(0) : null;
  const left = a?.type === 'assignment' ? a.childForFieldName('left') : null;
  const right = a?.childForFieldName('right');
  return !!left && !!right && left.type === 'identifier' && /^__\w+__$/.test(left.text) && right.descendantsOfType('call').length === 0;
}

function onlyImports(node: Node): boolean {
  let sawImport = false;
  const ok = (n: Node): boolean => {
    switch (n.type) {
      case 'import_statement':
      case 'import_from_statement':
        sawImport = true;
        return true;
      case 'pass_statement':
      case 'comment':
        return true;
      case 'expression_statement': {
        // `json = None` in an except branch.
        const a = n.namedChild(0);
        const right = a?.type === 'assignment' ? a.childForFieldName('right') : null;
        return !!right && ['none', 'identifier', 'attribute', 'true', 'false', 'integer', 'string'].includes(right.type);
      }
      case 'try_statement':
      case 'if_statement':
      case 'elif_clause':
      case 'else_clause':
      case 'except_clause':
      case 'finally_clause':
      case 'block':
        return n.namedChildren.every((c) => !c || c === n.childForFieldName('condition') || isHeaderPart(n, c) || ok(c));
      default:
        return false;
    }
  };
  return ok(node) && sawImport;
}

/** Conditions and exception types in headers: expressions, not statements. */
function isHeaderPart(parent: Node, child: Node): boolean {
  if (parent.type === 'if_statement' || parent.type === 'elif_clause') return child.id === parent.childForFieldName('condition')?.id;
  if (parent.type === 'except_clause') return child.type !== 'block';
  return false;
}

/**
 * `import logging` as the module's first import: after the docstring (one blank line between, as black
 * and ruff format it), or after leading comments.
 */
function topImport(ctx: ImportRequestContext, blankAfter: boolean): Edit {
  const nl = ctx.lineEnding;
  const src = ctx.source;
  const doc = docstringOf(ctx.root);
  let at: number;
  let before = '';
  if (doc) {
    at = lineEndOf(src, doc.endIndex);
    before = `${breakAt(ctx, at)}${nl}`;
    // The docstring is already followed by a blank line: keep that one instead of adding another.
    const blank = /^[ \t]*(\r\n|\n|\r)/.exec(src.slice(at));
    if (blank) {
      at += blank[0].length;
      before = '';
    }
  } else {
    at = 0;
    const re = /(#[^\r\n]*)(\r\n|\n|\r|$)/y;
    for (;;) {
      re.lastIndex = at;
      const m = re.exec(src);
      if (!m || m[0].length === 0) break;
      at += m[0].length;
    }
    before = breakAt(ctx, at);
  }
  const after = blankAfter && !/^[ \t]*(\r\n|\n|\r)/.test(src.slice(at)) ? nl : '';
  return { start: at, end: at, text: `${before}import logging${nl}${after}` };
}

/**
 * The blank lines to add after the logger line so that the next statement keeps the spacing a
 * formatter wants: two before a top-level def or class, otherwise whatever was there.
 */
function blankLinesBefore(ctx: ImportRequestContext, at: number, nl: string): string {
  const rest = ctx.source.slice(at);
  const blank = /^(?:[ \t\f]*(?:\r\n|\n|\r))*/.exec(rest)![0];
  if (blank.length === rest.length) return '';
  const existing = (blank.match(/\r\n|\n|\r/g) ?? []).length;
  const next = ctx.root.namedChildren.find((s) => s && s.startIndex >= at && s.type !== 'comment');
  // Comment lines right above a def belong to it; a comment block on its own gets one blank line.
  const comments = /^(?:[ \t]*#[^\r\n]*(?:\r\n|\n|\r))+/.exec(rest.slice(blank.length))?.[0] ?? '';
  const isDef = !!next && DEF_TYPES.has(next.type);
  const attached = comments !== '' && isDef && next.startIndex === at + blank.length + comments.length;
  const wanted = isDef && (comments === '' || attached) ? 2 : comments !== '' ? 1 : 0;
  return nl.repeat(Math.max(0, wanted - existing));
}

/** A line break to add before inserting at `at`: only at the end of a file without a final newline. */
function breakAt(ctx: ImportRequestContext, at: number): string {
  return at === ctx.source.length && at > 0 && !/[\r\n]$/.test(ctx.source) ? ctx.lineEnding : '';
}

/** The `from m import *` statements of the module, with m (relative modules keep their dots). */
export function wildcardImports(scope: ScopeModel): { module: string; node: Node }[] {
  return scope
    .wildcardImports()
    .map((w) => w.parent)
    .filter((s): s is Node => s?.type === 'import_from_statement')
    .map((s) => ({ module: s.childForFieldName('module_name')?.text ?? '.', node: s }));
}

/** True when an identifier `name` appears anywhere in the module. */
function referencesName(ctx: ImportRequestContext, name: string): boolean {
  if (!ctx.source.includes(name)) return false; // no walk over every identifier when the text lacks it
  return ctx.root.descendantsOfType('identifier').some((n) => n?.text === name);
}

/** Two insertions at one point would be ambiguous: fold the import into the logger's text. */
function merge(importEdits: Edit[], logger: Edit): Edit[] {
  const same = importEdits.find((e) => e.start === logger.start && e.end === logger.end);
  if (!same) return [...importEdits, logger];
  return [...importEdits.filter((e) => e !== same), { ...logger, text: same.text + logger.text }];
}
