// "This module needs a module-level logger": reuse the one it has, or describe the edits that add
// `import logging` (at its sorted place) and `logger = logging.getLogger(__name__)` after the top imports,
// with the blank lines a formatter (black, ruff) would leave.
import type { Node } from 'web-tree-sitter';
import type { Edit } from '../types.js';
import { ensureImport, topImportBlock, type ImportRequestContext } from './imports.js';
import { docstringOf } from './docstring.js';
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

/** The name of an existing module-level `X = logging.getLogger(__name__)`, if any. */
export function findModuleLogger(ctx: ImportRequestContext): string | undefined {
  return moduleLoggers(ctx).find((l) => l.byModuleName)?.name.text;
}

export function ensureModuleLogger(ctx: ImportRequestContext, preferredName: string): LoggerRequest {
  // Reuse: the preferred name when it already holds a logger, else any `getLogger(__name__)` logger.
  const loggers = moduleLoggers(ctx);
  const reuse = loggers.find((l) => l.name.text === preferredName) ?? loggers.find((l) => l.byModuleName);
  if (reuse) return { ok: true, name: reuse.name.text, edits: [], definedAt: reuse.statement.endIndex, existing: reuse.name };

  if (ctx.scope.moduleBindings(preferredName).length > 0)
    return { ok: false, reason: `the name \`${preferredName}\` is already bound at module level to something that is not a logger` };
  if (ctx.scope.hasWildcardImport())
    return { ok: false, reason: `a wildcard import may bind \`${preferredName}\` or \`logging\`` };
  const loggingBindings = ctx.scope.moduleBindings('logging');
  if (loggingBindings.some((b) => b.kind !== 'import' || b.qualifiedName !== 'logging'))
    return { ok: false, reason: 'the name `logging` is bound at module level to something other than the logging module' };

  const nl = ctx.lineEnding;
  const src = ctx.source;
  const line = `${preferredName} = logging.getLogger(__name__)`;
  const block = topImportBlock(ctx.root);
  const region = importRegion(ctx.root, block);
  const regionEnd = region.length > 0 ? lineEndOf(src, region[region.length - 1]!.endIndex) : undefined;

  // `import logging` must run before the logger line: an import further down does not count.
  const imported = loggingBindings.length > 0;
  if (imported && (regionEnd === undefined || !loggingBindings.some((b) => b.node.endIndex <= regionEnd)))
    return { ok: false, reason: '`logging` is imported only after module-level code; the logger cannot be placed before its uses' };

  if (regionEnd !== undefined) {
    // ensureImport knows the sorted place among imports; a lone __future__ import is a section of its own.
    const futureOnly = block.every((s) => s.type === 'future_import_statement');
    const importEdits = imported ? [] : futureOnly ? [topImport(ctx, block, region.length > block.length)] : ensureImport(ctx, 'logging');
    const atEof = regionEnd === src.length && !/[\r\n]$/.test(src);
    const text = `${atEof ? nl : ''}${nl}${line}${nl}${blankLinesBefore(ctx, regionEnd, nl)}`;
    return { ok: true, name: preferredName, definedAt: regionEnd, edits: merge(importEdits, { start: regionEnd, end: regionEnd, text }) };
  }
  // No imports at the top: both lines go where the first import would.
  const first = topImport(ctx, block, false);
  const text = `${first.text}${nl}${line}${nl}${blankLinesBefore(ctx, first.start, nl)}`;
  return { ok: true, name: preferredName, definedAt: first.start, edits: [{ start: first.start, end: first.start, text }] };
}

/**
 * Leading imports, extended over `try:`/`if` blocks that only import (optional dependencies,
 * TYPE_CHECKING): the logger line goes after all of them.
 */
function importRegion(root: Node, block: Node[]): Node[] {
  const region = [...block];
  const doc = docstringOf(root);
  const statements = root.namedChildren.filter((s): s is Node => !!s && s.type !== 'comment' && s.id !== doc?.id);
  for (const stmt of statements.slice(block.length)) {
    if ((stmt.type === 'try_statement' || stmt.type === 'if_statement') && onlyImports(stmt)) region.push(stmt);
    else break;
  }
  return region;
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
 * `import logging` as the first import: after the docstring (one blank line between, as black and
 * ruff format it), or after leading comments; a __future__-only block is its own section.
 */
function topImport(ctx: ImportRequestContext, block: Node[], blankAfter: boolean): Edit {
  const nl = ctx.lineEnding;
  const src = ctx.source;
  const doc = docstringOf(ctx.root);
  let at: number;
  let before = '';
  if (block.length > 0) {
    at = lineEndOf(src, block[block.length - 1]!.endIndex);
    before = nl;
  } else if (doc) {
    at = lineEndOf(src, doc.endIndex);
    before = `${at === src.length && !/[\r\n]$/.test(src) ? nl : ''}${nl}`;
    // The docstring is already followed by a blank line: keep that one instead of adding another.
    if (/^[ \t]*(\r\n|\n|\r)/.test(src.slice(at))) {
      at += /^[ \t]*(\r\n|\n|\r)/.exec(src.slice(at))![0].length;
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
    if (at === src.length && at > 0 && !/[\r\n]$/.test(src)) before = nl;
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
  const nextLineIsComment = rest.slice(blank.length).trimStart().startsWith('#');
  const wanted = next && DEF_TYPES.has(next.type) ? 2 : nextLineIsComment ? 1 : 0;
  return nl.repeat(Math.max(0, wanted - existing));
}

/** Two insertions at one point would be ambiguous: fold the import into the logger's text. */
function merge(importEdits: Edit[], logger: Edit): Edit[] {
  const same = importEdits.find((e) => e.start === logger.start && e.end === logger.end);
  if (!same) return [...importEdits, logger];
  return [...importEdits.filter((e) => e !== same), { ...logger, text: same.text + logger.text }];
}
