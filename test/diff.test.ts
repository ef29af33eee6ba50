// The unified diff trims the shared start and end before diffing; it must give exactly the hunks a
// diff of the whole texts gives.
import { structuredPatch } from 'diff';
import { describe, expect, it } from 'vitest';
import { diffHunks, unifiedDiff } from '../src/core/diff.js';

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
