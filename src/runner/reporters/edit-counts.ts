// Edits counted per transform, and such counts as one line (`print-to-logging 3, group-imports 1`), as the
// summary line, the Markdown report and the split patches' descriptions print them.
import type { AppliedEdit } from '../../core/types.js';

/** How many of `edits` each transform made, the transforms in the order of their first edit. */
export function editsPerTransform(edits: readonly Pick<AppliedEdit, 'transform'>[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of edits) counts.set(e.transform, (counts.get(e.transform) ?? 0) + 1);
  return counts;
}

/** `id n, id n`, in the order given. */
export function formatCounts(counts: Iterable<readonly [string, number]>): string {
  return Array.from(counts, ([id, n]) => `${id} ${n}`).join(', ');
}
