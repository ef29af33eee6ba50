// Where the text changed, across all passes of the fix loop: the net regions that differ between the
// original file and the current text. Later passes' offsets are mapped back through it (every edit is
// reported against the original file), and the diff is computed per region instead of over the whole file.
import type { Edit } from './types.js';

/** original[origStart, origEnd) became current[start, end); everything between regions is unchanged. */
export interface ChangedRegion {
  origStart: number;
  origEnd: number;
  start: number;
  end: number;
}

export class ChangeMap {
  /** Sorted and disjoint in both coordinates; regions never touch (touching ones are merged). */
  private regions: ChangedRegion[] = [];

  get changes(): readonly ChangedRegion[] {
    return this.regions;
  }

  /** Records one pass: `edits` are sorted, non-overlapping and in the current text's coordinates. */
  apply(edits: readonly Edit[]): void {
    const old = this.regions;
    const out: ChangedRegion[] = [];
    let i = 0;
    let shift = 0; // new text offset minus current text offset, after the edits seen so far
    let delta = 0; // current text offset minus original offset, after the regions seen so far
    const push = (r: ChangedRegion) => {
      const last = out[out.length - 1];
      if (last && last.end >= r.start) {
        last.origEnd = r.origEnd;
        last.end = r.end;
      } else out.push(r);
    };
    for (const e of edits) {
      while (i < old.length && old[i]!.end < e.start) {
        const r = old[i++]!;
        push({ origStart: r.origStart, origEnd: r.origEnd, start: r.start + shift, end: r.end + shift });
        delta = r.end - r.origEnd;
      }
      // The edit, widened by every earlier region it overlaps or touches.
      let start = e.start;
      let end = e.end;
      let origStart = e.start - delta;
      while (i < old.length && old[i]!.start <= e.end) {
        const r = old[i++]!;
        if (r.start < start) {
          start = r.start;
          origStart = r.origStart;
        }
        end = Math.max(end, r.end);
        delta = r.end - r.origEnd;
      }
      const origEnd = end - delta;
      const growth = e.text.length - (e.end - e.start);
      push({ origStart, origEnd, start: start + shift, end: end + shift + growth });
      shift += growth;
    }
    while (i < old.length) {
      const r = old[i++]!;
      push({ origStart: r.origStart, origEnd: r.origEnd, start: r.start + shift, end: r.end + shift });
    }
    this.regions = out;
  }

  /**
   * The original offset of a current one. Unchanged text maps exactly; an offset inside text a pass wrote
   * maps to the start of what that text replaced (the place in the original file the change is about).
   */
  toOriginal(offset: number): number {
    const rs = this.regions;
    let lo = 0;
    let hi = rs.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (rs[mid]!.start <= offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found === -1) return offset;
    const r = rs[found]!;
    if (offset < r.end) return r.origStart;
    return offset - (r.end - r.origEnd);
  }
}
