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
