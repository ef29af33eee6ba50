// Before a file is parsed: whether its imports may need sorting, from the text alone. Most modules keep
// their imports in one block at the top, already sorted; when no other transform has anything to look
// at either, such a file is then not parsed at all.
//
// Only the plainest layout is judged: every import statement at the start of its own line (after its
// indentation), readable from its text (collect.ts's syntaxFromText), with no `;`, no backslash
// continuation and no `# isort:` comment in the file. The blocks found there are printed by the transform's own code
// (render.ts's layOutBlock) and compared; anything else, or any doubt, answers "may change" and the file
// is parsed as usual.
import type { Node } from 'web-tree-sitter';
import type { MayApplyContext, OptionValues } from '../../src/core/types.js';
import { codeText, type CodeText } from '../../src/core/python/code-text.js';
import { lineStartOf } from '../../src/core/text.js';
import { classifierFor } from './classify.js';
import { hasCommentBreak, type ImportBlock, type Trailer } from './blocks.js';
import { syntaxFromText } from './collect.js';
import { firstLineEnding } from './file-facts.js';
import { optionSpecs, resolveGroupImportsOptions } from './options.js';
import { layOutBlock, type FileFacts } from './render.js';

const FILE_NOQA = /(?:flake8|ruff)\s*:\s*noqa/i;
const IMPORT_KEYWORD = /\bimport\b/g;
const IMPORT_LINE = /^(?:import|from)[ \t]/;

/** A statement as render.ts reads it when its syntax comes from the text: only where it is; and its indentation. */
export type Span = { startIndex: number; endIndex: number; indent: string };

/** Thrown when printing a block would need the tree (the file's indentation step): then the file is parsed. */
const NEEDS_TREE = new Error('group-imports: the tree is needed');

export function importsMayChange(source: string, { path, options, settings }: MayApplyContext<OptionValues<typeof optionSpecs>>): boolean {
  IMPORT_KEYWORD.lastIndex = 0;
  if (!IMPORT_KEYWORD.test(source)) return false;
  if (path.endsWith('.pyi') || source.includes('isort') || FILE_NOQA.test(source)) return true;
  const code = codeText(source);
  if (code === undefined) return true;
  const statements = importStatements(code);
  if (!statements) return true;
  const facts: FileFacts = {
    source,
    classifier: classifierFor(settings, path),
    options: resolveGroupImportsOptions(options),
    lineLength: settings.lineLength,
    isStub: false,
    lineEnding: firstLineEnding(source),
    indentUnit: () => {
      const unit = indentUnitFromText(code);
      if (unit === undefined) throw NEEDS_TREE;
      return unit;
    },
    modules: undefined as never, // only the binding guard reads it, after a block was found to change
  };
  for (const block of blocksOf(code, statements)) {
    if (!block) return true;
    try {
      if (layOutBlock(block, facts).kind !== 'unchanged') return true;
    } catch (err) {
      if (err === NEEDS_TREE) return true;
      throw err;
    }
  }
  return false;
}

/**
 * Every import statement's span, when each starts a line of its own (after its indentation) and reads
 * from its text; undefined otherwise. Each `import` keyword in the code (f-strings aside) belongs to one
 * such statement.
 */
export function importStatements(code: CodeText): Span[] | undefined {
  const { source } = code;
  const out: Span[] = [];
  let doneTo = 0;
  // Where the previous statement read ended: a statement starts at a line start after it, outside brackets.
  let previousEnd = 0;
  for (const m of code.matches(IMPORT_KEYWORD)) {
    if (m.index < doneTo) continue; // the keyword of the statement just read
    // In an f-string (a literal part, or a field, which holds an expression): never an import statement.
    if (!code.outsideStrings(m.index)) continue;
    const lineStart = lineStartOf(source, m.index);
    const indent = /^[ \t]*/.exec(source.slice(lineStart, m.index))![0];
    const start = lineStart + indent.length;
    if (!IMPORT_LINE.test(source.slice(start, start + 7))) return undefined;
    // From the previous statement's end (or the file's start), the code up to this line must close every
    // bracket it opens and end no line with a backslash.
    if (!statementsEndBefore(code, previousEnd, lineStart)) return undefined;
    const stop = code.statementEnd(start);
    if (source[stop] === ';' || source[stop] === ')' || source[stop] === ']' || source[stop] === '}') return undefined;
    let end = stop;
    // Back over blanks and a trailing comment: where the statement's last token ends.
    while (end > start && (/\s/.test(source[end - 1]!) || !code.inCode(end - 1))) end--;
    if (!syntaxFromText(source, start, end)) return undefined;
    out.push({ startIndex: start, endIndex: end, indent });
    doneTo = end;
    previousEnd = stop;
  }
  return out;
}

/**
 * True when the logical lines from `from` (a statement's start or end) on end at the line break just
 * before `lineStart`: no bracket is open there and no backslash continues the line above.
 */
function statementsEndBefore(code: CodeText, from: number, lineStart: number): boolean {
  if (lineStart === 0) return true;
  const lastBreak = code.source[lineStart - 1] === '\n' && code.source[lineStart - 2] === '\r' ? lineStart - 2 : lineStart - 1;
  for (let at = from; ; ) {
    const end = code.statementEnd(at);
    if (end === lastBreak) return true;
    if (end > lastBreak) return false;
    at = end + 1;
  }
}

/**
 * The file's indentation step as file-facts.ts's detectIndentation reads it from the tree (the line of the
 * first block whose body starts below its header), from the text: the first statement that ends in a `:` (a
 * compound statement's header) and the indentation of the statement after it. Undefined, so the tree
 * decides, when a comment sits between the two (the tree may start the block at the comment).
 */
function indentUnitFromText(code: CodeText): string | undefined {
  const { source } = code;
  for (const { end } of code.statements()) {
    let last = end;
    while (last > 0 && (/\s/.test(source[last - 1]!) || !code.outsideStrings(last - 1))) last--;
    if (source[last - 1] !== ':') continue;
    const body = code.nextStatementStart(end);
    if (body >= source.length || source.slice(last, body).includes('#')) return undefined;
    const indentation = source.slice(lineStartOf(source, body), body);
    if (!/^[ \t]+$/.test(indentation)) continue; // at the left margin: the tree looks further too
    return indentation;
  }
  return '    ';
}

/**
 * The blocks the statements form, as findBlocks groups them: imports of one body (one indentation) with
 * nothing but blanks and comments between them. Undefined for a module-level block whose next statement
 * is not plain.
 */
function* blocksOf(code: CodeText, statements: Span[]): Generator<ImportBlock | undefined> {
  const { source } = code;
  let current: Span[] = [];
  for (let i = 0; i < statements.length; i++) {
    const s = statements[i]!;
    current.push(s);
    const next = statements[i + 1];
    // Past blanks and comments (undefined at the end of the file).
    const found = code.nextStatementStart(s.endIndex);
    const after = found < source.length ? found : undefined;
    if (next && after === next.startIndex) {
      if (next.indent === s.indent) continue;
      // Tabs and spaces mixed: two different strings may be one indentation to Python. Not judged here.
      if (/\t/.test(next.indent + s.indent)) {
        yield undefined;
        return;
      }
    }
    const nested = s.indent !== '';
    // A nested block keeps the lines after it. At module level: at the end of the file nothing follows;
    // otherwise the next statement decides the blank lines.
    const trailer = nested || after === undefined ? undefined : lineStartOf(source, after) === after ? trailerAt(source, after) : null;
    yield trailer === null ? undefined : { imports: current as unknown as Node[], trailer, nested };
    current = [];
  }
}

/** What the statement at `at` makes of the blank lines before it (findBlocks' trailer); null when unsure. */
export function trailerAt(source: string, at: number): Trailer | null {
  const head = source.slice(at, at + 16);
  const defOrClass = /^(?:def|class)\b/.test(head) || head.startsWith('@') || /^async[ \t]+def\b/.test(head);
  if (!defOrClass && /^async\b/.test(head)) return null;
  return defOrClass && !hasCommentBreak(source, { startIndex: at }) ? 'def' : 'sibling';
}
