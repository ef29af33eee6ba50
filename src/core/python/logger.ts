// "This module needs a module-level logger": find one to reuse, or describe the edits that add
// `import logging` and `logger = logging.getLogger(__name__)` after the top import block.
import type { Node } from 'web-tree-sitter';
import type { Edit } from '../types.js';
import { ensureImport, topImportBlock, type ImportRequestContext } from './imports.js';
import { docstringOf } from './docstring.js';
import { lineEndOf } from '../text.js';

export type LoggerRequest =
  | { ok: true; name: string; edits: Edit[] }
  | { ok: false; reason: string };

/** The name of an existing module-level `X = logging.getLogger(__name__)`, if any. */
export function findModuleLogger(ctx: ImportRequestContext): string | undefined {
  for (const stmt of ctx.root.namedChildren) {
    if (stmt?.type !== 'expression_statement') continue;
    const assign = stmt.namedChild(0);
    if (assign?.type !== 'assignment') continue;
    const left = assign.childForFieldName('left');
    const right = assign.childForFieldName('right');
    if (left?.type !== 'identifier' || right?.type !== 'call') continue;
    if (isGetLoggerCall(ctx, right)) return left.text;
  }
  return undefined;
}

function isGetLoggerCall(ctx: ImportRequestContext, call: Node): boolean {
  const fn = call.childForFieldName('function');
  if (!fn || ctx.scope.qualifiedName(fn) !== 'logging.getLogger') return false;
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  return args.length === 1 && args[0]?.type === 'identifier' && args[0].text === '__name__';
}

export function ensureModuleLogger(ctx: ImportRequestContext, preferredName: string): LoggerRequest {
  const existing = findModuleLogger(ctx);
  if (existing) return { ok: true, name: existing, edits: [] };
  if (ctx.scope.moduleBindings(preferredName).length > 0)
    return { ok: false, reason: `the name \`${preferredName}\` is already bound at module level to something that is not a logger` };

  const nl = ctx.lineEnding;
  const line = `${preferredName} = logging.getLogger(__name__)`;
  const importEdits = ensureImport(ctx, 'logging');
  const block = topImportBlock(ctx.root);
  let at: number;
  let text: string;
  if (block.length > 0) {
    at = lineEndOf(ctx.source, block[block.length - 1]!.endIndex);
    const atEof = at === ctx.source.length;
    text = `${atEof && !/[\r\n]$/.test(ctx.source) ? nl : ''}${nl}${line}${nl}`;
  } else {
    // No imports yet: the new `import logging` goes after the docstring; the logger follows it.
    const doc = docstringOf(ctx.root);
    at = importEdits[0]?.start ?? (doc ? lineEndOf(ctx.source, doc.endIndex) : 0);
    text = `${nl}${line}${nl}${nl}`;
  }
  // One insertion point may not hold two edits: merge when the import lands where the logger does.
  const same = importEdits.find((e) => e.start === at);
  if (same) return { ok: true, name: preferredName, edits: [{ start: at, end: at, text: same.text + text }] };
  return { ok: true, name: preferredName, edits: [...importEdits, { start: at, end: at, text }] };
}
