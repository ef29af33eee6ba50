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
 * group-imports re-sorts: two passes instead of three).
 */
export function applyFixes(source: string, fixes: readonly Fix[], yields: (fix: Fix) => boolean = () => false): PassResult {
  const order = fixes.map((fix, index) => ({ fix, index, start: fixStart(fix), last: yields(fix) }));
  order.sort((a, b) => Number(a.last) - Number(b.last) || a.start - b.start || a.index - b.index);

  const accepted = new AcceptedEdits(fixes);
  const applied: Fix[] = [];
  const deferred: Fix[] = [];
  const invalid: Fix[] = [];
  for (const { fix } of order) {
    if (fix.edits.length === 0) continue;
    const fresh = fix.edits.filter((e) => !accepted.has(e));
    if (selfOverlaps(fresh)) {
      invalid.push(fix);
      continue;
    }
    if (fresh.some((e) => accepted.conflicts(e))) {
      deferred.push(fix);
      continue;
    }
    for (const e of fresh) accepted.add(e);
    applied.push(fix);
  }

  if (accepted.size === 0) return { output: source, applied, deferred, invalid, edits: [] };
  const edits = mergeTouching(accepted.all);
  const ms = new MagicString(source);
  for (const e of edits) {
    if (e.start === e.end) ms.appendLeft(e.start, e.text);
    else if (e.text === '') ms.remove(e.start, e.end);
    else ms.overwrite(e.start, e.end, e.text);
  }
  return { output: ms.toString(), applied, deferred, invalid, edits };
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
  // Stable sort: at one point, insertions first (in the order accepted), then the replacement.
  const sorted = edits
    .map((e, i) => ({ e, i }))
    .sort((x, y) => x.e.start - y.e.start || Number(x.e.start !== x.e.end) - Number(y.e.start !== y.e.end) || x.i - y.i)
    .map((x) => x.e);
  const out: Edit[] = [];
  for (const e of sorted) {
    const last = out[out.length - 1];
    if (last && (e.start === last.end) && (e.start === e.end || last.start === last.end)) {
      out[out.length - 1] = { start: last.start, end: e.end, text: last.text + e.text };
    } else out.push({ ...e });
  }
  return out;
}
