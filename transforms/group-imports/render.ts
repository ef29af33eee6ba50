// One import block in, its sorted text out: the range Ruff's I001 fix replaces and what it puts there.
import type { Node } from 'web-tree-sitter';
import { annotate, lineEnd, normalize, scanComments, type AnnotatedImport, type NormalizedBlock } from './collect.js';
import { SECTIONS, type Classifier, type Section } from './classify.js';
import { orderSection, type OrderedImport, type SectionImports } from './order.js';
import { formatFrom, formatStraight, widthFrom, type Layout } from './format.js';
import type { ImportBlock } from './blocks.js';
import { lineEndOf, lineStartOf } from '../../src/core/text.js';
import type { Resolved } from './options.js';
import { bindingConflict } from './safety.js';
import { tryOrderProblem } from './try-order.js';
import type { ModuleFacts } from './module-facts.js';

export interface FileFacts {
  source: string;
  classifier: Classifier;
  options: Resolved;
  lineLength: number;
  isStub: boolean;
  lineEnding: string;
  /** What the binding guard needs to know about imported modules (module-facts.ts). */
  modules: ModuleFacts;
  /** The file's indentation step, computed only when a statement needs wrapping. */
  indentUnit: () => string;
}

export type BlockOutcome =
  | { kind: 'unchanged' }
  | { kind: 'skip'; node: Node; reason: string }
  | { kind: 'fix'; node: Node; start: number; end: number; text: string };

/** Past the blank (whitespace-only) lines that follow the line holding `o`. */
function trailingLinesEnd(s: string, o: number): number {
  let end = lineEndOf(s, o);
  for (;;) {
    if (end >= s.length) return end;
    const next = lineEndOf(s, end);
    if (s.slice(end, next).trim() !== '') return end;
    end = next;
  }
}

function hasLeadingContent(s: string, o: number): boolean {
  return s.slice(lineStartOf(s, o), o).trim() !== '';
}

function hasTrailingContent(s: string, o: number): boolean {
  const rest = s.slice(o, lineEnd(s, o)).trimStart();
  return rest !== '' && !rest.startsWith('#');
}

const NOQA = /#\s*noqa(?::\s*([A-Za-z]+[0-9]+(?:[\s,]+[A-Za-z]+[0-9]+)*))?/i;

/**
 * `# noqa` or `# noqa: I001` on the line where the block starts (where Ruff reports I001); when that
 * line ends in a backslash continuation, Ruff reads the noqa on the continuation's last line.
 */
function noqaOnLine(s: string, offset: number): boolean {
  let end = lineEnd(s, offset);
  while (s[end - 1] === '\\' && end < s.length) end = lineEnd(s, lineEndOf(s, end));
  for (const c of scanComments(s, offset, end)) {
    const m = NOQA.exec(c.value);
    if (m && (m[1] === undefined || m[1].split(/[\s,]+/).some((code) => code.toUpperCase() === 'I001'))) return true;
  }
  return false;
}

function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\n|\r/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Equal apart from each line's indentation and its line-break style (Ruff's own test). */
function matchesIgnoringIndentation(a: string, b: string): boolean {
  const la = splitLines(a);
  const lb = splitLines(b);
  return la.length === lb.length && la.every((line, i) => line.replace(/^[ \t\f]+/, '') === lb[i]!.replace(/^[ \t\f]+/, ''));
}

/** Prefix every line with the block's indentation (blank lines get it without trailing whitespace). */
function indent(text: string, prefix: string): string {
  if (prefix === '') return text;
  const trimmed = prefix.replace(/[ \t\f]+$/, '');
  return text.replace(/[^\r\n]*(\r\n|\n|\r|$)/g, (line) => (line === '' ? '' : (line.trim() === '' ? trimmed : prefix) + line));
}

function categorize(block: NormalizedBlock, classifier: Classifier): Map<Section, SectionImports> {
  const bySection = new Map<Section, SectionImports>();
  const at = (s: Section) => {
    let v = bySection.get(s);
    if (!v) bySection.set(s, (v = { straight: [], from: [] }));
    return v;
  };
  for (const e of block.straight.values()) at(classifier.classify(e.name, 0).section).straight.push(e);
  for (const map of [block.from, block.fromAs, block.star]) {
    for (const e of map.values()) at(classifier.classify(e.module ?? '', e.level).section).from.push(e);
  }
  return bySection;
}

export function renderBlock(block: ImportBlock, facts: FileFacts): BlockOutcome {
  const laid = layOutBlock(block, facts);
  if (laid.kind !== 'sorted') return laid;
  const { first, annotated, ordered, fixStart, fixEnd, text } = laid;
  const conflict = bindingConflict(annotated, ordered, facts.modules) ?? tryOrderProblem(first, annotated, ordered, facts.modules);
  if (conflict) return { kind: 'skip', node: first, reason: conflict };
  return { kind: 'fix', node: first, start: fixStart, end: fixEnd, text };
}

/** The block as this transform prints it, before the binding guard: unchanged, a skip, or the new text. */
type LaidOut =
  | { kind: 'unchanged' }
  | { kind: 'skip'; node: Node; reason: string }
  | { kind: 'sorted'; first: Node; annotated: AnnotatedImport[]; ordered: OrderedImport[]; fixStart: number; fixEnd: number; text: string };

/**
 * Whether the block is already as this transform prints it, from its text (the block's nodes give only
 * their offsets here, unless a statement's syntax cannot be read from the text): group-imports' check
 * before a file is parsed uses it with offsets found in the text.
 */
export function layOutBlock(block: ImportBlock, facts: FileFacts): LaidOut {
  const { source, options } = facts;
  const first = block.imports[0]!;
  const last = block.imports[block.imports.length - 1]!;

  // Another statement on the first or last line: no exact place to cut; reported, as Ruff does.
  if (hasLeadingContent(source, first.startIndex) || hasTrailingContent(source, last.endIndex)) {
    return { kind: 'skip', node: first, reason: 'import block shares a line with another statement; not rewritten' };
  }
  if (noqaOnLine(source, first.startIndex)) return { kind: 'unchanged' };

  const lineStart = lineStartOf(source, first.startIndex);
  const indentation = /^[ \t\f]*/.exec(source.slice(lineStart, first.startIndex))![0];

  // With headings on, the heading comments right above the block belong to it (they are re-made).
  // Unlike Ruff, a heading separated from the block by blank lines is taken too, so it is never doubled,
  // and so is one above the first import's own comments (where this transform prints it).
  let commentStart = first.startIndex;
  let fixStart = lineStart;
  if (options.headings.size > 0) {
    const headings = new Set(options.headings.values());
    let earliest = lineStart;
    let cursor = lineStart;
    let attached = true; // still in the comment lines directly above the first import
    while (cursor > 0) {
      const prevStart = lineStartOf(source, cursor - (source[cursor - 1] === '\n' && source[cursor - 2] === '\r' ? 2 : 1));
      const text = source.slice(prevStart, lineEnd(source, prevStart)).trim();
      if (headings.has(text)) earliest = prevStart;
      else if (text === '') attached = false;
      else if (!(attached && text.startsWith('#'))) break;
      cursor = prevStart;
    }
    commentStart = fixStart = earliest;
  }

  const blockEnd = lineEndOf(source, last.endIndex);
  const comments = scanComments(source, commentStart, blockEnd);
  const fixEnd = block.trailer === undefined ? blockEnd : trailingLinesEnd(source, last.endIndex);

  const annotated = annotate(block.imports, comments, source, options.splitOnTrailingComma);
  const normalized = normalize(annotated, options);
  const bySection = categorize(normalized, facts.classifier);

  const nl = facts.lineEnding;
  let indentUnit: string | undefined;
  const layout: Layout = {
    lineEnding: nl,
    get indentUnit() {
      return (indentUnit ??= facts.indentUnit());
    },
    lineLength: facts.lineLength,
    indentWidth: widthFrom(0, indentation),
  };

  let out = '';
  const ordered: OrderedImport[] = [];
  let previousHeading: string | undefined;
  const headingTexts = new Set(options.headings.values());
  for (const section of SECTIONS) {
    const imports = bySection.get(section);
    if (!imports) continue;
    const items = orderSection(imports, section, options.forceSortWithinSections);
    ordered.push(...items);
    if (out !== '') out += nl;
    const heading = options.headings.get(section);
    if (headingTexts.size > 0) {
      // Existing heading comments are dropped wherever they sit; the right ones are printed again.
      for (const item of items) {
        const atop = item.kind === 'import' ? item.entry.atop : item.entry.comments.atop;
        const kept = atop.filter((c) => !headingTexts.has(c));
        atop.splice(0, atop.length, ...kept);
      }
    }
    // first-party and local-folder share "Local imports" by default: one heading for both.
    if (heading !== undefined && heading !== previousHeading) out += heading + nl;
    previousHeading = heading;
    items.forEach((item, i) => {
      const isFirst = i === 0;
      if (item.kind === 'import') out += formatStraight(item.entry, isFirst, layout);
      else out += formatFrom(item.entry, item.members, isFirst, layout, options.splitOnTrailingComma && item.entry.trailingComma);
    });
  }

  let after = options.linesAfterImports;
  if (facts.isStub) after = after === 0 ? 0 : 1;
  if (block.trailer === 'sibling') out += nl.repeat(after >= 0 ? after : 1);
  else if (block.trailer === 'def') out += nl.repeat(after >= 0 ? after : 2);

  const actual = source.slice(fixStart, fixEnd);
  if (matchesIgnoringIndentation(actual, out)) return { kind: 'unchanged' };
  return { kind: 'sorted', first, annotated, ordered, fixStart, fixEnd, text: indent(out, indentation) };
}

