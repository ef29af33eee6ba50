// One pass of fix application: choose a non-overlapping set of fixes, then feed magic-string.
// magic-string throws on overlapping edits, so every conflict is settled here first.
import MagicString from 'magic-string';
import type { Edit, Fix } from './types.js';

export interface PassResult {
  output: string;
  applied: Fix[];
  /** Fixes that conflicted with an accepted one: they are retried on the next pass, never dropped. */
  deferred: Fix[];
  /** Fixes whose own edits overlap: a transform bug, reported and never applied. */
  invalid: Fix[];
  /** The edits that were applied: merged, non-overlapping, sorted by position in the input. */
  edits: Edit[];
  /** How many yielding fixes were laid out again over the fixes inside their range (Fix.rebase). */
  rebased: number;
}

const sameEdit = (a: Edit, b: Edit) => a.start === b.start && a.end === b.end && a.text === b.text;

function fixStart(fix: Fix): number {
  let min = Infinity;
  for (const e of fix.edits) if (e.start < min) min = e.start;
  return min;
}

/**
 * Sorts fixes by position (ties: the order they were reported), then accepts greedily: a fix whose edits
 * conflict with an accepted one waits for the next pass. Linear-logarithmic in the number of edits.
 *
 * `yields(fix)`: fixes that give way in a conflict, whatever their position (the engine's: those of
 * transforms that settle in one pass, such as group-imports). Re-running such a transform on the next
 * pass is all its deferred fix costs; a deferred fix of another transform costs its re-run and then a
 * pass to confirm that nothing is left (print-to-logging's `import logging` inside an import block that
 * group-imports re-sorts: two passes instead of three). A yielding fix with `rebase` (see Fix.rebase) whose
 * range holds the edits it conflicts with is laid out again over them instead, and both land now.
 */
export function applyFixes(source: string, fixes: readonly Fix[], yields: (fix: Fix) => boolean = () => false, { rebase: rebaseOn = true } = {}): PassResult {
  const order = fixes.map((fix, index) => ({ fix, index, start: fixStart(fix), last: yields(fix) }));
  order.sort((a, b) => Number(a.last) - Number(b.last) || a.start - b.start || a.index - b.index);

  const accepted = new AcceptedEdits(fixes);
  const applied: Fix[] = [];
  const deferred: Fix[] = [];
  const invalid: Fix[] = [];
  // The edits of fixes that do not yield, in the order they apply: what a yielding fix is rebased over.
  // Yielding fixes come after all of them, so they are the first `settledCount` accepted; sorted when a
  // yielding fix first conflicts. Those a rebased fix takes in are left out below.
  let settledCount: number | undefined;
  let settledEdits: Edit[] | undefined;
  const subsumed = new Set<Edit>();
  let rebasedCount = 0;
  for (const { fix, last } of order) {
    if (fix.edits.length === 0) continue;
    const fresh = fix.edits.filter((e) => !accepted.has(e));
    if (selfOverlaps(fresh)) {
      invalid.push(fix);
      continue;
    }
    if (last) settledCount ??= accepted.size;
    if (fresh.some((e) => accepted.conflicts(e))) {
      const rebased = last && rebaseOn && fix.rebase ? rebase(source, fix, accepted, (settledEdits ??= inApplyOrder(accepted.all.slice(0, settledCount)))) : undefined;
      // The other fixes already left the range as this one wants it: nothing of its own to apply.
      if (rebased === 'unneeded') continue;
      if (rebased) {
        rebasedCount++;
        for (const e of rebased.inside) subsumed.add(e);
        accepted.add(rebased.edit);
        applied.push(fix);
      } else deferred.push(fix);
      continue;
    }
    for (const e of fresh) accepted.add(e);
    applied.push(fix);
  }

  if (accepted.size === 0) return { output: source, applied, deferred, invalid, edits: [], rebased: 0 };
  const edits = mergeTouching(subsumed.size > 0 ? accepted.all.filter((e) => !subsumed.has(e)) : accepted.all);
  const ms = new MagicString(source);
  for (const e of edits) {
    if (e.start === e.end) ms.appendLeft(e.start, e.text);
    else if (e.text === '') ms.remove(e.start, e.end);
    else ms.overwrite(e.start, e.end, e.text);
  }
  return { output: ms.toString(), applied, deferred, invalid, edits, rebased: rebasedCount };
}

/**
 * A yielding fix's one replacement laid out again (Fix.rebase) over the accepted edits inside its range,
 * as a single edit that takes them in; 'unneeded' when that is just what the edits inside leave; undefined
 * when an edit crosses the range's edge, one of another yielding fix is inside, or the transform declines.
 */
function rebase(source: string, fix: Fix, accepted: AcceptedEdits, settled: readonly Edit[]): { edit: Edit; inside: Edit[] } | 'unneeded' | undefined {
  if (fix.edits.length !== 1) return undefined;
  const { start, end } = fix.edits[0]!;
  if (end <= start || accepted.reaches(start)) return undefined;
  const inside: Edit[] = [];
  for (let i = firstStartingAt(settled, start); i < settled.length && settled[i]!.start <= end; i++) {
    if (settled[i]!.end > end) return undefined;
    inside.push(settled[i]!);
  }
  if (accepted.startingIn(start, end) !== inside.length) return undefined;
  let edited = '';
  let at = start;
  for (const e of inside) {
    edited += source.slice(at, e.start) + e.text;
    at = Math.max(at, e.end);
  }
  edited += source.slice(at, end);
  let text: string | undefined;
  try {
    text = fix.rebase!(edited);
  } catch {
    text = undefined;
  }
  if (typeof text !== 'string') return undefined;
  return text === edited ? 'unneeded' : { edit: { start, end, text }, inside };
}

/** Sorted as they apply: by start, at one point insertions first (in the order given), then the replacement. */
function inApplyOrder(edits: readonly Edit[]): Edit[] {
  return edits
    .map((e, i) => ({ e, i }))
    .sort((x, y) => x.e.start - y.e.start || Number(x.e.start !== x.e.end) - Number(y.e.start !== y.e.end) || x.i - y.i)
    .map((x) => x.e);
}

/** The first index of `sorted` (by start) whose edit starts at or after `offset`. */
function firstStartingAt(sorted: readonly Edit[], offset: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The accepted edits, answering "does this edit conflict with one of them?" in logarithmic time. Two edits
 * conflict when their ranges overlap, or touch so that the order of the result would be ambiguous (two
 * insertions at one point, an insertion at a replaced range's edge); identical edits do not.
 *
 * Every edit of the pass is known up front, so their start offsets are sorted once and indexed: one
 * Fenwick tree counts the accepted edits per start (any accepted edit starting inside [e.start, e.end]
 * conflicts with e), another keeps the furthest end of the accepted replacements per start (one that
 * starts before e conflicts when it reaches e.start; an insertion before e never does).
 */
class AcceptedEdits {
  readonly all: Edit[] = [];
  private readonly starts: number[];
  private readonly count: Int32Array;
  private readonly maxEnd: Float64Array;
  private readonly byStart = new Map<number, Edit[]>();

  constructor(fixes: readonly Fix[]) {
    const starts = new Set<number>();
    for (const f of fixes) for (const e of f.edits) starts.add(e.start);
    this.starts = [...starts].sort((a, b) => a - b);
    this.count = new Int32Array(this.starts.length + 1);
    this.maxEnd = new Float64Array(this.starts.length + 1).fill(-1);
  }

  get size(): number {
    return this.all.length;
  }

  has(e: Edit): boolean {
    return this.byStart.get(e.start)?.some((a) => sameEdit(a, e)) ?? false;
  }

  add(e: Edit): void {
    this.all.push(e);
    const same = this.byStart.get(e.start);
    if (same) same.push(e);
    else this.byStart.set(e.start, [e]);
    const slot = this.firstAtOrAfter(e.start) + 1; // Fenwick trees count from 1
    for (let i = slot; i < this.count.length; i += i & -i) this.count[i]!++;
    if (e.end > e.start) for (let i = slot; i < this.maxEnd.length; i += i & -i) if (this.maxEnd[i]! < e.end) this.maxEnd[i] = e.end;
  }

  /** Whether `e` conflicts with an accepted edit (identical ones are filtered out before). */
  conflicts(e: Edit): boolean {
    const from = this.firstAtOrAfter(e.start); // slots [0, from) start before e
    const to = this.firstAtOrAfter(e.end + 1); // slots [from, to) start inside [e.start, e.end]
    if (this.prefixCount(to) > this.prefixCount(from)) return true;
    return this.prefixMaxEnd(from) >= e.start;
  }

  /** How many accepted edits start inside [start, end]. */
  startingIn(start: number, end: number): number {
    return this.prefixCount(this.firstAtOrAfter(end + 1)) - this.prefixCount(this.firstAtOrAfter(start));
  }

  /** Whether an accepted replacement that starts before `offset` reaches it. */
  reaches(offset: number): boolean {
    return this.prefixMaxEnd(this.firstAtOrAfter(offset)) >= offset;
  }

  private firstAtOrAfter(offset: number): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Accepted edits in slots [0, n). */
  private prefixCount(n: number): number {
    let sum = 0;
    for (let i = n; i > 0; i -= i & -i) sum += this.count[i]!;
    return sum;
  }

  /** The furthest end of an accepted replacement in slots [0, n); -1 if none. */
  private prefixMaxEnd(n: number): number {
    let max = -1;
    for (let i = n; i > 0; i -= i & -i) if (this.maxEnd[i]! > max) max = this.maxEnd[i]!;
    return max;
  }
}

/**
 * Within one fix only real overlaps are invalid; an insertion at a replaced range's edge is fine. Sorted
 * by start (insertions first at a shared start), each edit is compared with the furthest-reaching
 * replacement before it.
 */
function selfOverlaps(edits: readonly Edit[]): boolean {
  if (edits.length < 2) return false;
  const sorted = [...edits].sort((a, b) => a.start - b.start || Number(a.start !== a.end) - Number(b.start !== b.end));
  let reach = -Infinity;
  for (const e of sorted) {
    if (e.start < reach) return true;
    if (e.end > e.start && e.end > reach) reach = e.end;
  }
  return false;
}

/**
 * Folds insertions that sit at the edge of a replaced range (or at one point together) into a single
 * edit, so magic-string never sees two edits at one position, whose relative order it would not keep.
 */
function mergeTouching(edits: readonly Edit[]): Edit[] {
  const out: Edit[] = [];
  for (const e of inApplyOrder(edits)) {
    const last = out[out.length - 1];
    if (last && (e.start === last.end) && (e.start === e.end || last.start === last.end)) {
      out[out.length - 1] = { start: last.start, end: e.end, text: last.text + e.text };
    } else out.push({ ...e });
  }
  return out;
}
