// The unified diff trims the shared start and end before diffing; it must give exactly the hunks a
// diff of the whole texts gives.
import { applyPatch, structuredPatch } from 'diff';
import { describe, expect, it, vi } from 'vitest';
import { diffHunks, unifiedDiff } from '../src/core/diff.js';
import { ChangeMap } from '../src/core/change-map.js';
import type { Edit } from '../src/core/types.js';

// Counts the text handed to the line diff (directly, or through structuredPatch as the old code did).
const seen = vi.hoisted(() => ({ chars: 0 }));
vi.mock('diff', async (importOriginal) => {
  const real = await importOriginal<typeof import('diff')>();
  return {
    ...real,
    diffLines: (a: string, b: string, o?: object) => {
      seen.chars += a.length + b.length;
      return real.diffLines(a, b, o as never);
    },
    structuredPatch: (...args: Parameters<typeof real.structuredPatch>) => {
      seen.chars += (args[2]?.length ?? 0) + (args[3]?.length ?? 0);
      return real.structuredPatch(...args);
    },
  };
});

function randomText(rand: () => number, lines: number, eol: string): string[] {
  return Array.from({ length: lines }, (_, i) => `line ${i % 7} ${Math.floor(rand() * 3)}${eol}`);
}

function mulberry(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('diffHunks', () => {
  it('equals a whole-text diff over many random edits (LF, CRLF, with and without a final newline)', () => {
    const rand = mulberry(42);
    for (let round = 0; round < 400; round++) {
      const eol = round % 3 === 0 ? '\r\n' : '\n';
      const lines = randomText(rand, 1 + Math.floor(rand() * 40), eol);
      const edited = [...lines];
      for (let e = Math.floor(rand() * 4); e >= 0; e--) {
        const at = Math.floor(rand() * (edited.length + 1));
        const op = rand();
        if (op < 0.2) edited.splice(at, 0, eol); // blank lines: the shared end can reach into a change
        else if (op < 0.4) edited.splice(at, 0, `new ${round}${eol}`);
        else if (op < 0.66) edited.splice(at, 1);
        else edited.splice(at, 1, `changed ${round}${eol}`);
      }
      let before = lines.join('');
      let after = edited.join('');
      if (round % 5 === 0) before = before.replace(/\r?\n$/, '');
      if (round % 7 === 0) after = after.replace(/\r?\n$/, '');
      const expected = structuredPatch('', '', before, after, '', '', { context: 3 }).hunks;
      expect(diffHunks(before, after), `round ${round}`).toEqual(expected);
    }
  });

  it('cuts the shared end at a line start of both texts when a deleted line repeats its neighbour', () => {
    const before = 'a\nb\nc\nX\n\n\nif x:\n    y\nz\nw\nv\n';
    const after = 'a\nb\nc\nX\n\nif x:\n    y\nz\nw\nv\n';
    expect(diffHunks(before, after)).toEqual(structuredPatch('', '', before, after, '', '', { context: 3 }).hunks);
  });

  it('prints git-style headers, hunk ranges and no-newline markers', () => {
    expect(unifiedDiff('p.py', 'a\nb\nc', 'a\nB\nc\n')).toBe(
      '--- a/p.py\n+++ b/p.py\n@@ -1,3 +1,3 @@\n a\n-b\n-c\n\\ No newline at end of file\n+B\n+c\n',
    );
    expect(unifiedDiff('p.py', 'same\n', 'same\n')).toBe('');
  });
});

// The diff per changed region (src/core/diff.ts) must give exactly what a diff of the whole texts gives,
// whatever the regions: many of them, close together, among repeated lines, over several passes.
describe('diffHunks per changed region', () => {
  const LINES = ['a\n', 'b\n', '\n', 'x = 1\n', '    return x\n', 'a', 'def f():\n', '\r\n', '# c\n'];

  /** Random edits of `text` (sorted, non-overlapping), some at line starts, some inside lines. */
  function randomEdits(rand: () => number, text: string, count: number): Edit[] {
    const points = new Set<number>();
    for (let k = 0; k < count * 2; k++) points.add(Math.floor(rand() * (text.length + 1)));
    const sorted = [...points].sort((x, y) => x - y);
    const edits: Edit[] = [];
    for (let k = 0; k + 1 < sorted.length; k += 2) {
      const start = sorted[k]!;
      const end = rand() < 0.4 ? start : sorted[k + 1]!;
      const pieces = Math.floor(rand() * 3);
      let insert = '';
      for (let p = 0; p < pieces; p++) insert += LINES[Math.floor(rand() * LINES.length)]!;
      if (end > start || insert) edits.push({ start, end, text: insert });
    }
    return edits;
  }

  function applyAll(text: string, edits: readonly Edit[]): string {
    let out = '';
    let at = 0;
    for (const e of edits) {
      out += text.slice(at, e.start) + e.text;
      at = e.end;
    }
    return out + text.slice(at);
  }

  function check(seed: number, rounds: number, options: { denseCost?: number; lines?: (rand: () => number, i: number) => string } = {}) {
    const rand = mulberry(seed);
    const line = options.lines ?? (() => LINES[Math.floor(rand() * LINES.length)]!);
    for (let round = 0; round < rounds; round++) {
      const lineCount = 1 + Math.floor(rand() * 60);
      const before = Array.from({ length: lineCount }, (_, i) => line(rand, i)).join('');
      const map = new ChangeMap();
      let after = before;
      for (let pass = 0, passes = 1 + Math.floor(rand() * 3); pass < passes; pass++) {
        const edits = randomEdits(rand, after, 1 + Math.floor(rand() * 8));
        after = applyAll(after, edits);
        map.apply(edits);
      }
      const expected = structuredPatch('', '', before, after, '', '', { context: 3 }).hunks;
      const hunks = diffHunks(before, after, map.changes, { denseCost: options.denseCost });
      if (options.lines || options.denseCost === undefined) expect(hunks, `seed ${seed} round ${round}: ${JSON.stringify([before, after])}`).toEqual(expected);
      // Where only the whole-text diff could say how to align repeated lines, the diff must still be exact.
      else expect(applyPatch(before, { oldFileName: '', newFileName: '', oldHeader: '', newHeader: '', hunks })).toBe(after);
    }
  }

  it('equals a whole-text diff over random multi-pass edits among repeated lines', () => check(7, 1500));

  // Regions close together are diffed one by one only when diffing them as one piece would be costly (a
  // file with thousands of edits); forced here on small texts.
  it('equals it too when every run of close regions is split region by region, on lines like real code', () =>
    check(8, 1500, { denseCost: 0, lines: (rand, i) => `${LINES[Math.floor(rand() * LINES.length)]!.replace(/\n$/, '')} # ${i}\n` }));

  it('gives an exact patch when split region by region among repeated lines', () => check(9, 1500, { denseCost: 0 }));

  it('records where texts differ: regions map back to the original (ChangeMap)', () => {
    const map = new ChangeMap();
    map.apply([{ start: 0, end: 0, text: 'import x\n' }, { start: 10, end: 12, text: 'abcd' }]);
    expect(map.changes).toEqual([
      { origStart: 0, origEnd: 0, start: 0, end: 9 },
      { origStart: 10, origEnd: 12, start: 19, end: 23 },
    ]);
    expect([map.toOriginal(5), map.toOriginal(9), map.toOriginal(15), map.toOriginal(21), map.toOriginal(30)]).toEqual([0, 0, 6, 10, 19]);
    // A later pass over text the first one wrote grows that region; a region it touches merges with it.
    map.apply([{ start: 23, end: 25, text: '' }]);
    expect(map.changes).toEqual([
      { origStart: 0, origEnd: 0, start: 0, end: 9 },
      { origStart: 10, origEnd: 14, start: 19, end: 23 },
    ]);
  });

  it('hands the line diff only the changed regions with their margin, not the whole file', async () => {
    const diffModule = await import('diff');
    const lines = Array.from({ length: 20000 }, (_, i) => `line ${i}\n`);
    const before = lines.join('');
    const edits: Edit[] = [];
    for (let i = 10; i < lines.length; i += 20) {
      const start = lines.slice(0, i).join('').length;
      edits.push({ start, end: start + lines[i]!.length - 1, text: `changed ${i}` });
    }
    const after = applyAll(before, edits);
    const map = new ChangeMap();
    map.apply(edits);
    const expected = diffModule.structuredPatch('', '', before, after, '', '', { context: 3 }).hunks;
    seen.chars = 0;
    const hunks = diffHunks(before, after, map.changes);
    expect(hunks).toHaveLength(edits.length);
    expect(hunks).toEqual(expected);
    // Each changed line goes to the line diff with at most 3 + 3 lines of margin: 7 lines per edit.
    const perEdit = seen.chars / edits.length / 'line 12345\n'.length;
    expect(perEdit).toBeLessThanOrEqual(2 * 7);
  });

  // Every cut between regions unsafe (each changed line becomes the line before it): the piece must not be
  // re-diffed once per region it takes in (cubic: 1,000 such edits took minutes), and a piece grown too
  // costly is cut anyway, still an exact patch.
  it('stays near-linear when no cut between close regions is safe, and the patch stays exact', () => {
    const run = (n: number) => {
      const before = 'a\nb\n'.repeat(n);
      const after = 'a\na\n'.repeat(n);
      const regions = Array.from({ length: n }, (_, i) => ({ origStart: 4 * i + 2, origEnd: 4 * i + 3, start: 4 * i + 2, end: 4 * i + 3 }));
      seen.chars = 0;
      const hunks = diffHunks(before, after, regions, { denseCost: 1_000, forceCutCost: 20_000 });
      expect(applyPatch(before, { oldFileName: '', newFileName: '', oldHeader: '', newHeader: '', hunks })).toBe(after);
      return seen.chars / (before.length + after.length);
    };
    // Text handed to the line diff, per character of the texts: bounded, the same for 4x the edits.
    const small = run(500);
    const large = run(2000);
    expect(large).toBeLessThan(8);
    expect(large).toBeLessThan(small * 1.5);
  });
});
