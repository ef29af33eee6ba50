import { describe, expect, it } from 'vitest';
import { applyFixes } from '../src/core/applier.js';
import type { Edit, Fix } from '../src/core/types.js';

const fix = (id: string, ...edits: Edit[]): Fix => ({ transformId: id, message: id, offset: edits[0]?.start ?? 0, edits });
const e = (start: number, end: number, text: string): Edit => ({ start, end, text });

describe('applyFixes', () => {
  it('applies non-overlapping fixes in one pass, whatever order they came in', () => {
    const r = applyFixes('abcdef', [fix('b', e(4, 5, 'E')), fix('a', e(0, 1, 'A'))]);
    expect(r.output).toBe('AbcdEf');
    expect(r.deferred).toEqual([]);
  });

  it('defers an overlapping fix to the next pass instead of dropping it', () => {
    const late = fix('late', e(2, 5, 'X'));
    const r = applyFixes('abcdef', [fix('early', e(1, 3, 'Y')), late]);
    expect(r.output).toBe('aYdef');
    expect(r.deferred).toEqual([late]);
  });

  it('defers fixes that touch an accepted one: adjacent ranges and insertions at the same point', () => {
    const touching = fix('t', e(3, 4, 'T'));
    const sameInsert = fix('i2', e(0, 0, 'second'));
    const r = applyFixes('abcdef', [fix('r', e(1, 3, 'R')), touching, fix('i1', e(0, 0, 'first')), sameInsert]);
    expect(r.output).toBe('firstaRdef');
    expect(r.deferred).toEqual([sameInsert, touching]);
  });

  it('lets a fix that yields give way in a conflict, wherever it starts; among themselves they go by position', () => {
    // An import block re-sorted (yields: its transform settles in one pass) and a fix inserting a line in it.
    const source = 'import b\nimport a\n\n\nx = 1\nprint(x)\n';
    const at = source.indexOf('print');
    const block = fix('sort', e(0, 20, 'import a\nimport b\n\n\n'));
    const insert = fix('print', e(9, 9, 'import logging\n'), e(at, at + 5, 'log'));
    const r = applyFixes(source, [block, insert], (f) => f.transformId === 'sort');
    expect(r.applied).toEqual([insert]);
    expect(r.deferred).toEqual([block]);
    expect(r.output).toBe('import b\nimport logging\nimport a\n\n\nx = 1\nlog(x)\n');
    // Without it, the earlier start wins, as always.
    expect(applyFixes(source, [block, insert]).deferred).toEqual([insert]);
    // Two yielding fixes that conflict: the earlier one is accepted.
    const other = fix('sort2', e(5, 12, 'Z'));
    expect(applyFixes(source, [other, block], () => true).deferred).toEqual([other]);
  });

  describe('a yielding fix laid out again over the fixes inside its range (Fix.rebase)', () => {
    const source = 'import b\nimport a\n\n\nx = 1\nprint(x)\n';
    const at = source.indexOf('print');
    const insert = () => fix('print', e(9, 9, 'import logging\n'), e(at, at + 5, 'log'));
    // Sorts the lines of whatever it is given, as a block-sorting transform would.
    const sortLines = (edited: string) => edited.split('\n').filter(Boolean).sort().join('\n') + '\n\n\n';
    const block = (rebase?: (edited: string) => string | undefined) => ({ ...fix('sort', e(0, 20, 'import a\nimport b\n\n\n')), rebase });
    const yields = (f: Fix) => f.transformId === 'sort';

    it('lands in the same pass, given the range as the other fixes left it, as one edit', () => {
      const seen: string[] = [];
      const sort = block((edited) => (seen.push(edited), sortLines(edited)));
      const other = insert();
      const r = applyFixes(source, [sort, other], yields);
      expect(seen).toEqual(['import b\nimport logging\nimport a\n\n\n']);
      expect(r.output).toBe('import a\nimport b\nimport logging\n\n\nx = 1\nlog(x)\n');
      expect(r.applied).toEqual([other, sort]);
      expect(r.deferred).toEqual([]);
      expect(r.rebased).toBe(1);
      expect(r.edits).toEqual([e(0, 20, 'import a\nimport b\nimport logging\n\n\n'), e(at, at + 5, 'log')]);
    });

    it('waits for the next pass when the transform declines, throws, or rebasing is off', () => {
      for (const sort of [block(() => undefined), block(() => { throw new Error('no'); }), block()]) {
        const r = applyFixes(source, [sort, insert()], yields);
        expect(r.deferred).toEqual([sort]);
        expect(r.output).toBe('import b\nimport logging\nimport a\n\n\nx = 1\nlog(x)\n');
      }
      const sort = block(sortLines);
      expect(applyFixes(source, [sort, insert()], yields, { rebase: false })).toMatchObject({ deferred: [sort], rebased: 0 });
    });

    it('is neither applied nor deferred when the others already left the range as it wants it', () => {
      const sort = block((edited) => edited);
      const r = applyFixes(source, [sort, insert()], yields);
      expect(r.applied.map((f) => f.transformId)).toEqual(['print']);
      expect(r.deferred).toEqual([]);
      expect(r.rebased).toBe(0);
    });

    it('is not asked when an edit crosses the edge of its range, or the fix does not yield', () => {
      let asked = 0;
      const sort = block((edited) => (asked++, sortLines(edited)));
      const crossing = fix('wide', e(17, 22, 'Z')); // from the blank lines into `x = 1`
      expect(applyFixes(source, [sort, crossing], yields).deferred).toEqual([sort]);
      const doc = '"d"\n'; // the block after a line: an edit from that line into the block crosses its start
      const later = { ...fix('sort', e(4, 24, 'import a\nimport b\n\n\n')), rebase: sort.rebase };
      expect(applyFixes(doc + source, [later, fix('wide', e(2, 6, 'Q'))], yields).deferred).toEqual([later]);
      // Not yielding: the usual rule, the earlier start wins.
      expect(applyFixes(source, [sort, insert()]).deferred.map((f) => f.transformId)).toEqual(['print']);
      expect(asked).toBe(0);
    });
  });

  it('merges identical edits asked for by different fixes (two prints both needing `import logging`)', () => {
    const imp = e(0, 0, 'import logging\n');
    const r = applyFixes('print(1)\nprint(2)\n', [fix('p', imp, e(0, 5, 'log')), fix('p', imp, e(9, 14, 'log'))]);
    expect(r.output).toBe('import logging\nlog(1)\nlog(2)\n');
    expect(r.applied).toHaveLength(2);
  });

  it('applies a fix all-or-nothing: one conflicting edit defers the whole fix', () => {
    const both = fix('both', e(0, 1, 'A'), e(4, 5, 'E'));
    const r = applyFixes('abcdef', [fix('first', e(4, 6, 'Z')), both]);
    // `both` starts earlier, so it is accepted first and `first` is the one deferred.
    expect(r.output).toBe('AbcdEf');
    expect(r.deferred.map((f) => f.transformId)).toEqual(['first']);
  });

  it('uses UTF-16 offsets: edits after non-ASCII text land in the right place', () => {
    const src = 'x = "é😀"\ny = []\n';
    const at = src.indexOf('[]');
    expect(at).toBe(14); // é is one unit, 😀 two
    const r = applyFixes(src, [fix('t', e(at, at + 2, 'None'))]);
    expect(r.output).toBe('x = "é😀"\ny = None\n');
  });

  it('keeps an insertion at the edge of a replacement in the same fix in order', () => {
    const r = applyFixes('abc', [fix('t', e(1, 2, 'B'), e(1, 1, '<'), e(2, 2, '>'))]);
    expect(r.output).toBe('a<B>c');
  });

  it('rejects a fix whose own edits overlap as invalid, and applies the others', () => {
    const bad = fix('bad', e(0, 3, 'X'), e(1, 2, 'Y'));
    const r = applyFixes('abcdef', [bad, fix('ok', e(5, 6, 'F'))]);
    expect(r.invalid).toEqual([bad]);
    expect(r.output).toBe('abcdeF');
  });

  it('leaves the text alone when there is nothing to apply', () => {
    expect(applyFixes('abc', []).output).toBe('abc');
  });
});

// The conflict check sorts once and answers each question in logarithmic time; it must still accept,
// defer and reject exactly what the plain pairwise check (the reference below) does.
describe('applyFixes at scale', () => {
  const same = (a: Edit, b: Edit) => a.start === b.start && a.end === b.end && a.text === b.text;
  function conflictsRef(a: Edit, b: Edit): boolean {
    if (same(a, b)) return false;
    const aInsert = a.start === a.end;
    const bInsert = b.start === b.end;
    if (aInsert && bInsert) return a.start === b.start;
    if (aInsert) return a.start >= b.start && a.start <= b.end;
    if (bInsert) return b.start >= a.start && b.start <= a.end;
    return a.start <= b.end && b.start <= a.end;
  }
  function selfOverlapsRef(edits: readonly Edit[]): boolean {
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
  /** Which fixes the pairwise check accepts, defers and rejects. */
  function reference(fixes: readonly Fix[]) {
    const order = fixes.map((f, i) => ({ f, i })).sort((x, y) => Math.min(...x.f.edits.map((e) => e.start)) - Math.min(...y.f.edits.map((e) => e.start)) || x.i - y.i);
    const accepted: Edit[] = [];
    const out = { applied: [] as Fix[], deferred: [] as Fix[], invalid: [] as Fix[] };
    for (const { f } of order) {
      if (f.edits.length === 0) continue;
      const fresh = f.edits.filter((e) => !accepted.some((a) => same(a, e)));
      if (selfOverlapsRef(fresh)) out.invalid.push(f);
      else if (fresh.some((e) => accepted.some((a) => conflictsRef(a, e)))) out.deferred.push(f);
      else {
        accepted.push(...fresh);
        out.applied.push(f);
      }
    }
    return out;
  }

  it('accepts, defers and rejects what the pairwise check does (random fixes)', () => {
    let seed = 3;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const source = 'x'.repeat(60);
    for (let round = 0; round < 2000; round++) {
      const fixes: Fix[] = [];
      for (let f = Math.floor(rand() * 8); f >= 0; f--) {
        const edits: Edit[] = [];
        for (let k = Math.floor(rand() * 3); k >= 0; k--) {
          const start = Math.floor(rand() * 60);
          const end = rand() < 0.4 ? start : Math.min(60, start + Math.floor(rand() * 6));
          edits.push(e(start, end, rand() < 0.5 ? 'a' : 'bb'));
        }
        fixes.push(fix(`t${f}`, ...edits));
      }
      const r = applyFixes(source, fixes);
      const ref = reference(fixes);
      expect({ applied: r.applied, deferred: r.deferred, invalid: r.invalid }, `round ${round}`).toEqual(ref);
    }
  });

  it('does not compare every fix with every other: 16,000 fixes cost O(n log n) edit reads', () => {
    // Edits that count how often their offsets are read: the pairwise check reads them n^2 times.
    let reads = 0;
    const counted = (start: number, end: number, text: string): Edit => ({
      get start() {
        reads++;
        return start;
      },
      get end() {
        reads++;
        return end;
      },
      text,
    });
    const n = 16000;
    const source = 'print(x)\n'.repeat(n);
    const fixes = Array.from({ length: n }, (_, i) => fix('p', counted(i * 9, i * 9 + 5, 'log')));
    const r = applyFixes(source, fixes);
    expect(r.applied).toHaveLength(n);
    expect(r.output.startsWith('log(x)\nlog(x)\n')).toBe(true);
    expect(reads).toBeLessThan(n * 200); // n log n with room to spare; the pairwise check read ~n^2 = 256M
  });
});
