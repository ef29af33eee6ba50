// A block laid out again over what other transforms changed inside it in the same pass (Fix.rebase):
// print-to-logging's `import logging` and logger line, modern-typing's trimmed `from typing import`,
// future-annotations' `from __future__ import annotations`. The edited range is read from its text, as
// the text check reads a file, and printed by the same code; the result is what a second pass over the
// rewritten file would print, without parsing it again. Anything the text reading cannot vouch for
// answers undefined, and the block waits for the next pass as before.
import { codeText } from '../../src/core/python/code-text.js';
import { lineStartOf } from '../../src/core/text.js';
import type { ImportBlock } from './blocks.js';
import { layOutBlock, type FileFacts } from './render.js';
import { bindingConflict } from './safety.js';
import { importStatements, trailerAt } from './text-check.js';

/**
 * The block's range as other fixes left it (`edited`), sorted: the same text outside the imports, the
 * imports laid out as this transform prints them. `block` is the block as first found (its trailer holds
 * when nothing was added after its last import); `inTry`: a `try:` body, whose order is guarded with the
 * tree (try-order.ts), so it is not rebased.
 */
export function rebaseBlock(edited: string, block: ImportBlock, facts: FileFacts, inTry: boolean): string | undefined {
  // Action comments and headings decide what a block is; they are read from the tree.
  if (inTry || facts.options.headings.size > 0 || edited.includes('isort') || /noqa/i.test(edited)) return undefined;
  const code = codeText(edited);
  const statements = code && importStatements(code);
  if (!code || !statements) return undefined;
  if (statements.length === 0) return edited; // every import of the block removed: nothing to sort
  const first = statements[0]!;
  const originalIndent = /^[ \t\f]*/.exec(facts.source.slice(lineStartOf(facts.source, block.imports[0]!.startIndex)))![0];
  // One run of imports at the block's indentation, with nothing but blanks and comments before and between.
  if (code.nextStatementStart(0) !== first.startIndex) return undefined;
  for (let i = 0; i < statements.length; i++) {
    const s = statements[i]!;
    if (s.indent !== originalIndent) return undefined;
    const next = statements[i + 1];
    if (next && code.nextStatementStart(s.endIndex) !== next.startIndex) return undefined;
  }
  // Code after the imports (print-to-logging's logger line): at module level, it decides the blank lines
  // after the block, as the statement that follows a block does.
  const last = statements[statements.length - 1]!;
  const after = code.nextStatementStart(last.endIndex);
  let trailer = block.trailer;
  if (after < edited.length) {
    if (lineStartOf(edited, after) + originalIndent.length !== after) return undefined;
    if (!block.nested) {
      const found = trailerAt(edited, after);
      if (found === null) return undefined;
      trailer = found;
    }
  }
  const rebased: ImportBlock = { imports: statements as never, trailer, nested: block.nested };
  const laid = layOutBlock(rebased, { ...facts, source: edited });
  if (laid.kind === 'skip') return undefined;
  if (laid.kind === 'unchanged') return edited;
  if (bindingConflict(laid.annotated, laid.ordered, facts.modules)) return undefined;
  return edited.slice(0, laid.fixStart) + laid.text + edited.slice(laid.fixEnd);
}
