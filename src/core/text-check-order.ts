// Whether any transform's text check (Transform.mayApply) says a text may hold work for it. The answer
// does not depend on the order the checks are asked in (one "may" is enough), but the time does: most
// files that hold work say so to one cheap check (group-imports' on a module with unsorted imports),
// and asked first it spares the others. The order is learned from the files this thread has seen: the
// least time spent per "may" first. A transform without a check always may, so it goes first.
import type { AnyTransform } from './types.js';

interface CheckStats {
  calls: number;
  mays: number;
  ms: number;
}

const statsOf = new WeakMap<AnyTransform, CheckStats>();

/**
 * True when some transform may find something in the text: `ask(t)` runs t's check. Stops at the first
 * "may"; a check that throws (a time limit) stops the search as it would have in any order.
 */
export function someMayApply(transforms: readonly AnyTransform[], ask: (t: AnyTransform) => boolean): boolean {
  if (transforms.some((t) => !t.mayApply)) return true;
  for (const t of cheapestFirst(transforms)) {
    let stats = statsOf.get(t);
    if (!stats) statsOf.set(t, (stats = { calls: 0, mays: 0, ms: 0 }));
    const start = performance.now();
    const may = ask(t);
    stats.ms += performance.now() - start;
    stats.calls++;
    if (may) {
      stats.mays++;
      return true;
    }
  }
  return false;
}

/** Expected milliseconds per "may" (one "may" in two assumed before the first call): lower first; ties keep the registry order. */
function cheapestFirst(transforms: readonly AnyTransform[]): readonly AnyTransform[] {
  const score = (t: AnyTransform) => {
    const s = statsOf.get(t);
    if (!s || s.calls === 0) return 0;
    return s.ms / s.calls / ((s.mays + 1) / (s.calls + 2));
  };
  const scored = transforms.map((t, index) => ({ t, index, cost: score(t) }));
  scored.sort((a, b) => a.cost - b.cost || a.index - b.index);
  return scored.map((s) => s.t);
}
