// Where the text changed, across all passes of the fix loop: the net regions that differ between the
// original file and the current text. Later passes' offsets are mapped back through it (every edit is
// reported against the original file), and the diff is computed per region instead of over the whole file.
import type { Edit } from './types.js';
import { lastIndexWhere } from './text.js';

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
    let shift = 0; // new offset minus current offset, for text after everything flushed so far
    let delta = 0; // current offset minus original offset, for unchanged text after the regions read so far
    // The region being built, in current coordinates, and how much its edits grew the text.
    let cur: ChangedRegion | undefined;
    let growth = 0;
    const flush = () => {
      if (!cur) return;
      out.push({ origStart: cur.origStart, origEnd: cur.origEnd, start: cur.start + shift, end: cur.end + shift + growth });
      shift += growth;
      cur = undefined;
      growth = 0;
    };
    // Takes in the earlier regions that overlap or touch the region being built.
    const absorb = (region: ChangedRegion) => {
      while (i < old.length && old[i]!.start <= region.end) {
        const r = old[i++]!;
        if (r.start < region.start) {
          region.start = r.start;
          region.origStart = r.origStart;
        }
        region.end = Math.max(region.end, r.end);
        delta = r.end - r.origEnd;
      }
      region.origEnd = region.end - delta;
    };
    for (const e of edits) {
      if (cur && e.start <= cur.end) {
        cur.end = Math.max(cur.end, e.end);
      } else {
        flush();
        while (i < old.length && old[i]!.end < e.start) {
          const r = old[i++]!;
          out.push({ origStart: r.origStart, origEnd: r.origEnd, start: r.start + shift, end: r.end + shift });
          delta = r.end - r.origEnd;
        }
        cur = { origStart: e.start - delta, origEnd: 0, start: e.start, end: e.end };
      }
      absorb(cur);
      growth += e.text.length - (e.end - e.start);
    }
    flush();
    while (i < old.length) {
      const r = old[i++]!;
      out.push({ origStart: r.origStart, origEnd: r.origEnd, start: r.start + shift, end: r.end + shift });
    }
    this.regions = out;
  }

  /**
   * The original offset of a current one. Unchanged text maps exactly; an offset inside text a pass wrote
   * maps to the start of what that text replaced (the place in the original file the change is about).
   */
  toOriginal(offset: number): number {
    const rs = this.regions;
    const found = lastIndexWhere(rs.length, (i) => rs[i]!.start <= offset);
    if (found === -1) return offset;
    const r = rs[found]!;
    if (offset < r.end) return r.origStart;
    return offset - (r.end - r.origEnd);
  }
}
