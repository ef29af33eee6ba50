// Git-style unified diffs (`--- a/p` / `+++ b/p`), optionally coloured.
//
// The line diff (the `diff` package's Myers algorithm) costs time in proportion to the lines it is given
// times the number of changed lines: over a whole file with thousands of edits it is quadratic. So the
// diff is computed per changed region: the engine knows where the output differs from the source
// (ChangedRegion), the lines between regions are the same in both texts, and only each region with a few
// lines of margin goes through the line diff. The hunks are then built as the `diff` package builds them,
// so the output is byte for byte the whole-text diff's (test/diff.test.ts and the corpus check it). One
// exception, to stay near-linear: thousands of close regions among repeated lines that no safe cut separates
// are cut anyway once a piece grows costly; the patch is still exact, a repeated line may sit on the other
// side of a change (see diffSpansApart).
import { diffLines, type ChangeObject, type StructuredPatchHunk } from 'diff';
import type { ChangedRegion } from './change-map.js';
import { quotePath } from './quote-path.js';

const ANSI = { red: '\x1b[31m', green: '\x1b[32m', cyan: '\x1b[36m', bold: '\x1b[1m', reset: '\x1b[0m' };
const CONTEXT = 3;
const BLOCK = 256;
/**
 * Lines of unchanged text kept around each region, so that the line diff places a change among repeated
 * lines (blank lines, say) where a whole-text diff would. When a change lands inside this margin, the
 * region is widened and diffed again.
 */
const MARGIN = CONTEXT;
/**
 * Above this many line comparisons (lines x changed lines), a run of regions close together is diffed region
 * by region instead of as one piece: thousands of edits on consecutive lines would otherwise be quadratic.
 */
const DENSE_COST = 4_000_000;

/** `hunks`, when given, are this pair's `diffHunks` computed earlier (in a worker, or from the cache). */
export function unifiedDiff(path: string, before: string, after: string, color = false, hunks = diffHunks(before, after)): string {
  return formatHunks(path, hunks, color);
}

/** A unified diff from hunks already computed (in a worker, or kept in the cache). */
export function formatHunks(path: string, hunks: readonly StructuredPatchHunk[], color = false): string {
  if (hunks.length === 0) return '';
  const paint = (code: string, s: string) => (color ? `${code}${s}${ANSI.reset}` : s);
  // A name with a newline or a quote is quoted as git does, so the patch still applies (git apply reads it).
  const out: string[] = [paint(ANSI.bold, `--- ${quotePath(`a/${path}`)}`), paint(ANSI.bold, `+++ ${quotePath(`b/${path}`)}`)];
  for (const h of hunks) {
    out.push(paint(ANSI.cyan, `@@ -${range(h.oldStart, h.oldLines)} +${range(h.newStart, h.newLines)} @@`));
    for (const line of h.lines) {
      if (line.startsWith('+')) out.push(paint(ANSI.green, line));
      else if (line.startsWith('-')) out.push(paint(ANSI.red, line));
      else out.push(line);
    }
  }
  return `${out.join('\n')}\n`;
}

export interface DiffOptions {
  /** For tests: the cost above which close regions are diffed one by one. */
  denseCost?: number;
  /** For tests: the cost above which a piece of close regions is cut even where the cut is not safe. */
  forceCutCost?: number;
}

interface Costs {
  dense: number;
  forceCut: number;
}

/**
 * The hunks of a line diff with 3 lines of context. `changes` are where the texts differ (from the engine);
 * without them, the one region between the shared start and the shared end is used.
 */
export function diffHunks(before: string, after: string, changes?: readonly ChangedRegion[], options: DiffOptions = {}): StructuredPatchHunk[] {
  if (before === after) return [];
  const regions = changes && changes.length > 0 ? changes : [differingMiddle(before, after)];
  const old = new Lines(before);
  const neu = new Lines(after);
  const ops = lineOps(old, neu, regions, { dense: options.denseCost ?? DENSE_COST, forceCut: options.forceCutCost ?? DENSE_COST });
  return buildHunks(ops, old, neu);
}

/** The region between the longest shared start and the longest shared end (that do not overlap). */
function differingMiddle(before: string, after: string): ChangedRegion {
  const shortest = Math.min(before.length, after.length);
  let head = 0;
  // Whole blocks first (a native string compare), then character by character.
  while (head + BLOCK <= shortest && before.slice(head, head + BLOCK) === after.slice(head, head + BLOCK)) head += BLOCK;
  while (head < shortest && before.charCodeAt(head) === after.charCodeAt(head)) head++;
  let tail = 0;
  const room = shortest - head;
  while (tail + BLOCK <= room && before.slice(before.length - tail - BLOCK, before.length - tail) === after.slice(after.length - tail - BLOCK, after.length - tail)) tail += BLOCK;
  while (tail < room && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  return { origStart: head, origEnd: before.length - tail, start: head, end: after.length - tail };
}

/** A text's lines as the `diff` package splits them: each ends after its '\n' (a lone CR ends none). */
class Lines {
  private readonly starts: number[] = [0];
  readonly count: number;

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
    this.count = this.starts[this.starts.length - 1] === text.length ? this.starts.length - 1 : this.starts.length;
  }

  /** The line holding `offset` (the count, for the end of a text that ends with a line break). */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Lines [from, to) as one string. */
  slice(from: number, to: number): string {
    return this.text.slice(this.starts[from] ?? this.text.length, this.starts[to] ?? this.text.length);
  }

  /** Line i with its line break ('' past the last line). */
  line(i: number): string {
    if (i < 0 || i >= this.count) return '';
    return this.text.slice(this.starts[i]!, this.starts[i + 1] ?? this.text.length);
  }
}

/** A run of whole lines that differ: old lines [oldFrom, oldTo), new lines [newFrom, newTo). */
interface Span {
  oldFrom: number;
  oldTo: number;
  newFrom: number;
  newTo: number;
}

/** One step of the line diff: `count` lines that are common, removed (old lines) or added (new lines). */
interface LineOp {
  kind: ' ' | '-' | '+';
  /** First line, in the old text for ' ' and '-', in the new text for '+'. */
  from: number;
  count: number;
}

/** The changed regions as line spans, merged where they share or touch a line. */
function lineSpans(old: Lines, neu: Lines, regions: readonly ChangedRegion[]): Span[] {
  const spans: Span[] = [];
  for (const r of regions) {
    const span = {
      oldFrom: old.lineOf(r.origStart),
      oldTo: Math.min(old.count, old.lineOf(r.origEnd) + 1),
      newFrom: neu.lineOf(r.start),
      newTo: Math.min(neu.count, neu.lineOf(r.end) + 1),
    };
    const last = spans[spans.length - 1];
    if (last && span.oldFrom <= last.oldTo) {
      last.oldTo = Math.max(last.oldTo, span.oldTo);
      last.newTo = Math.max(last.newTo, span.newTo);
    } else spans.push(span);
  }
  return spans;
}

/**
 * The whole diff as line operations: the common lines between spans as they are, each group of spans (with
 * its margin) through the line diff.
 */
function lineOps(old: Lines, neu: Lines, regions: readonly ChangedRegion[], costs: Costs): LineOp[] {
  // Groups of spans diffed as one piece: spans whose margins meet share a group; a group whose diff puts
  // a change inside its margin widens that margin (swallowing neighbours it then meets) and is diffed again.
  const groups: Group[] = lineSpans(old, neu, regions).map((s) => ({ spans: [s], head: MARGIN, tail: MARGIN }));
  const from = (g: Group) => Math.max(0, g.spans[0]!.oldFrom - g.head);
  const to = (g: Group) => Math.min(old.count, g.spans[g.spans.length - 1]!.oldTo + g.tail);
  for (let i = 0; i < groups.length; ) {
    const group = groups[i]!;
    // Merge with the neighbours the margins reach.
    if (i > 0 && from(group) <= to(groups[i - 1]!)) {
      const prev = groups.splice(--i, 1)[0]!;
      group.spans.unshift(...prev.spans);
      group.head = prev.head;
      group.ops = undefined;
      continue;
    }
    if (i + 1 < groups.length && from(groups[i + 1]!) <= to(group)) {
      const next = groups.splice(i + 1, 1)[0]!;
      group.spans.push(...next.spans);
      group.tail = next.tail;
      group.ops = undefined;
      continue;
    }
    if (!group.ops) {
      const first = group.spans[0]!;
      const last = group.spans[group.spans.length - 1]!;
      const a = from(group);
      const b = to(group);
      const ops = diffPiece(old, neu, a, b, a + first.newFrom - first.oldFrom, b + last.newTo - last.oldTo, group.spans, costs);
      // A change inside the margin may belong elsewhere in a whole-text diff: widen the margin, try again.
      const headRoom = ops[0]?.kind === ' ' ? ops[0].count : 0;
      const tailRoom = ops[ops.length - 1]?.kind === ' ' ? ops[ops.length - 1]!.count : 0;
      if (a > 0 && headRoom < MARGIN) {
        group.head *= 2;
        continue;
      }
      if (b < old.count && tailRoom < MARGIN) {
        group.tail *= 2;
        continue;
      }
      group.ops = ops;
    }
    i++;
  }
  const ops: LineOp[] = [];
  let at = 0;
  for (const g of groups) {
    push(ops, { kind: ' ', from: at, count: from(g) - at });
    for (const op of g.ops!) push(ops, op);
    at = to(g);
  }
  push(ops, { kind: ' ', from: at, count: old.count - at });
  return ops;
}

interface Group {
  spans: Span[];
  /** Margins, in lines. */
  head: number;
  tail: number;
  ops?: LineOp[];
}

/** Appends an operation, joining it to the last one when they continue each other. */
function push(ops: LineOp[], op: LineOp): void {
  if (op.count === 0) return;
  const last = ops[ops.length - 1];
  if (last && last.kind === op.kind && last.from + last.count === op.from) last.count += op.count;
  else ops.push({ ...op });
}

/**
 * The line diff of old lines [oldFrom, oldTo) against new lines [newFrom, newTo). A piece holding many close
 * spans whose diff would be costly is split between spans, where the common lines pin the alignment.
 */
function diffPiece(old: Lines, neu: Lines, oldFrom: number, oldTo: number, newFrom: number, newTo: number, spans: readonly Span[], costs: Costs): LineOp[] {
  const changed = spans.reduce((n, s) => n + spanLines(s), 0);
  if (spans.length > 1 && (oldTo - oldFrom + newTo - newFrom) * changed > costs.dense) return diffSpansApart(old, neu, oldFrom, oldTo, newFrom, newTo, spans, costs.forceCut);
  return myers(old, neu, oldFrom, oldTo, newFrom, newTo);
}

/**
 * The spans through the line diff a few at a time, the common lines between them kept as they are. A cut
 * between two spans is taken only where the result cannot depend on it: the piece before it ends with common
 * lines (the line diff, which matches lines as early as it can, did not push a change to the cut), no change
 * next to it repeats the line across it (which a whole-text diff could slide over the cut). Otherwise the
 * piece takes in more spans (twice as many each time, so a run of unsafe cuts costs a few diffs, not one per
 * span) and is diffed again. A piece that grows past `forceCutCost` is cut anyway: the lines between spans
 * are common to both texts, so the patch stays exact; only a repeated line next to the cut may sit on the
 * other side of it than in a whole-text diff (which would cost time quadratic in the edits to find).
 */
function diffSpansApart(old: Lines, neu: Lines, oldFrom: number, oldTo: number, newFrom: number, newTo: number, spans: readonly Span[], forceCutCost: number): LineOp[] {
  const ops: LineOp[] = [];
  let oldAt = oldFrom;
  let newAt = newFrom;
  for (let i = 0; i < spans.length; ) {
    let changed = 0;
    let counted = i;
    for (let j = i, step = 1; ; ) {
      // The piece holds spans i..j and the common lines after span j, up to the next span.
      const next = spans[j + 1];
      const oldEnd = next ? next.oldFrom : oldTo;
      const newEnd = next ? next.newFrom : newTo;
      for (; counted <= j; counted++) changed += spanLines(spans[counted]!);
      const piece = myers(old, neu, oldAt, oldEnd, newAt, newEnd);
      const forced = (oldEnd - oldAt + newEnd - newAt) * changed > forceCutCost;
      if (next && !forced && !safeCut(old, neu, piece, next, oldEnd)) {
        j = Math.min(j + step, spans.length - 1);
        step *= 2;
        continue;
      }
      for (const op of piece) push(ops, op);
      oldAt = oldEnd;
      newAt = newEnd;
      i = j + 1;
      break;
    }
  }
  return ops;
}

const spanLines = (s: Span) => s.oldTo - s.oldFrom + (s.newTo - s.newFrom);

/** Whether the diff may be cut at old line `at`, between `piece` and the span `next`. */
function safeCut(old: Lines, neu: Lines, piece: readonly LineOp[], next: Span, at: number): boolean {
  if (piece[piece.length - 1]?.kind !== ' ') return false;
  const before = old.line(at - 1);
  // The next span's first line, on either side, equal to the line before the cut: it could slide up.
  if (old.line(next.oldFrom) === before || (next.newTo > next.newFrom && neu.line(next.newFrom) === before)) return false;
  // The piece's last change, ending with the line after the cut: it could slide down.
  const lastChange = changeBefore(piece);
  return !(lastChange && textOf(old, neu, lastChange, lastChange.count - 1) === old.line(at));
}

/** The last change before the piece's trailing common lines. */
function changeBefore(piece: readonly LineOp[]): LineOp | undefined {
  for (let i = piece.length - 1; i >= 0; i--) if (piece[i]!.kind !== ' ') return piece[i];
  return undefined;
}

function textOf(old: Lines, neu: Lines, op: LineOp, k: number): string {
  return op.kind === '+' ? neu.line(op.from + k) : old.line(op.from + k);
}

/** The `diff` package's line diff of two runs of whole lines, as line operations. */
function myers(old: Lines, neu: Lines, oldFrom: number, oldTo: number, newFrom: number, newTo: number): LineOp[] {
  const ops: LineOp[] = [];
  if (oldFrom === oldTo && newFrom === newTo) return ops;
  // Thousands of consecutive changed lines with no line in common: the line diff would spend quadratic time
  // to find that all old lines go and all new lines come (which is what it answers).
  if ((oldTo - oldFrom) * (newTo - newFrom) > 10_000 && noLineInCommon(old, neu, oldFrom, oldTo, newFrom, newTo)) {
    if (oldTo > oldFrom) ops.push({ kind: '-', from: oldFrom, count: oldTo - oldFrom });
    if (newTo > newFrom) ops.push({ kind: '+', from: newFrom, count: newTo - newFrom });
    return ops;
  }
  let o = oldFrom;
  let n = newFrom;
  const changes: ChangeObject<string>[] = diffLines(old.slice(oldFrom, oldTo), neu.slice(newFrom, newTo));
  for (const c of changes) {
    const count = c.count;
    if (c.added) {
      ops.push({ kind: '+', from: n, count });
      n += count;
    } else if (c.removed) {
      ops.push({ kind: '-', from: o, count });
      o += count;
    } else {
      ops.push({ kind: ' ', from: o, count });
      o += count;
      n += count;
    }
  }
  return ops;
}

function noLineInCommon(old: Lines, neu: Lines, oldFrom: number, oldTo: number, newFrom: number, newTo: number): boolean {
  const seen = new Set<string>();
  for (let i = oldFrom; i < oldTo; i++) seen.add(old.line(i));
  for (let i = newFrom; i < newTo; i++) if (seen.has(neu.line(i))) return false;
  return true;
}

/**
 * Hunks from line operations, exactly as the `diff` package's structuredPatch builds them: 3 lines of
 * context, hunks joined when at most 6 common lines separate them, "\ No newline at end of file" after a
 * last line without one.
 */
function buildHunks(ops: readonly LineOp[], old: Lines, neu: Lines): StructuredPatchHunk[] {
  const hunks: StructuredPatchHunk[] = [];
  let oldRangeStart = 0;
  let newRangeStart = 0;
  let current: string[] = [];
  let oldLine = 1;
  let newLine = 1;
  const context = (from: number, count: number) => {
    for (let k = 0; k < count; k++) current.push(` ${old.line(from + k)}`);
  };
  for (let i = 0; i <= ops.length; i++) {
    // A final empty common step closes the last hunk, as in the `diff` package.
    const op = ops[i] ?? { kind: ' ', from: old.count, count: 0 };
    if (op.kind !== ' ') {
      if (!oldRangeStart) {
        oldRangeStart = oldLine;
        newRangeStart = newLine;
        const prev = ops[i - 1];
        if (prev) {
          const n = Math.min(CONTEXT, prev.count);
          current = [];
          context(prev.from + prev.count - n, n);
          oldRangeStart -= n;
          newRangeStart -= n;
        }
      }
      const lines = op.kind === '+' ? neu : old;
      for (let k = 0; k < op.count; k++) current.push(op.kind + lines.line(op.from + k));
      if (op.kind === '+') newLine += op.count;
      else oldLine += op.count;
    } else {
      if (oldRangeStart) {
        if (op.count <= CONTEXT * 2 && i < ops.length - 1) {
          context(op.from, op.count);
        } else {
          const n = Math.min(op.count, CONTEXT);
          context(op.from, n);
          hunks.push({ oldStart: oldRangeStart, oldLines: oldLine - oldRangeStart + n, newStart: newRangeStart, newLines: newLine - newRangeStart + n, lines: current });
          oldRangeStart = 0;
          newRangeStart = 0;
          current = [];
        }
      }
      oldLine += op.count;
      newLine += op.count;
    }
  }
  for (const hunk of hunks) {
    const lines: string[] = [];
    for (const line of hunk.lines) {
      if (line.endsWith('\n')) lines.push(line.slice(0, -1));
      else lines.push(line, '\\ No newline at end of file');
    }
    hunk.lines = lines;
  }
  return hunks;
}

// A zero-length range names the line before it, as diff(1) does.
function range(start: number, lines: number): string {
  if (lines === 1) return `${start}`;
  return `${lines === 0 ? Math.max(start - 1, 0) : start},${lines}`;
}
