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

/**
 * Two edits conflict when their ranges overlap, or when they touch so that the order of the
 * result would be ambiguous (two insertions at one point, an insertion at a replaced range's edge).
 */
function conflicts(a: Edit, b: Edit): boolean {
  if (sameEdit(a, b)) return false;
  const aInsert = a.start === a.end;
  const bInsert = b.start === b.end;
  if (aInsert && bInsert) return a.start === b.start;
  if (aInsert) return a.start >= b.start && a.start <= b.end;
  if (bInsert) return b.start >= a.start && b.start <= a.end;
  return a.start <= b.end && b.start <= a.end;
}

function fixStart(fix: Fix): number {
  return Math.min(...fix.edits.map((e) => e.start));
}

/** Sorts fixes by position (ties: the order they were reported), then accepts greedily. */
export function applyFixes(source: string, fixes: readonly Fix[]): PassResult {
  const order = fixes.map((fix, index) => ({ fix, index }));
  order.sort((a, b) => fixStart(a.fix) - fixStart(b.fix) || a.index - b.index);

  const accepted: Edit[] = [];
  const applied: Fix[] = [];
  const deferred: Fix[] = [];
  const invalid: Fix[] = [];
  for (const { fix } of order) {
    if (fix.edits.length === 0) continue;
    const fresh = fix.edits.filter((e) => !accepted.some((a) => sameEdit(a, e)));
    if (selfOverlaps(fresh)) {
      invalid.push(fix);
      continue;
    }
    if (fresh.some((e) => accepted.some((a) => conflicts(a, e)))) {
      deferred.push(fix);
      continue;
    }
    accepted.push(...fresh);
    applied.push(fix);
  }

  if (accepted.length === 0) return { output: source, applied, deferred, invalid, edits: [] };
  const edits = mergeTouching(accepted);
  const ms = new MagicString(source);
  for (const e of edits) {
    if (e.start === e.end) ms.appendLeft(e.start, e.text);
    else if (e.text === '') ms.remove(e.start, e.end);
    else ms.overwrite(e.start, e.end, e.text);
  }
  return { output: ms.toString(), applied, deferred, invalid, edits };
}

/** Within one fix only real overlaps are invalid; an insertion at a replaced range's edge is fine. */
function selfOverlaps(edits: readonly Edit[]): boolean {
  for (let i = 0; i < edits.length; i++)
    for (let j = i + 1; j < edits.length; j++) {
      const a = edits[i]!;
      const b = edits[j]!;
      if (a.start === a.end || b.start === b.end) {
        const [ins, other] = a.start === a.end ? [a, b] : [b, a];
        if (ins.start > other.start && ins.start < other.end) return true;
      } else if (a.start < b.end && b.start < a.end) return true;
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
