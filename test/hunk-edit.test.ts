// `e` in interactive review: hunks out to an editor and back, applied to the text they came from.
import { describe, expect, it } from 'vitest';
import { diffHunks } from '../src/core/diff.js';
import { applyEditedHunks, hunksForEditing } from '../src/runner/reporters/interactive/hunk-edit.js';

const roundTrip = (before: string, after: string, edit: (t: string) => string = (t) => t) => {
  const hunks = diffHunks(before, after);
  return applyEditedHunks(before, hunks, edit(hunksForEditing('a.py', 'x', hunks)));
};

describe('hunk editing', () => {
  it('an unedited hunk gives the proposed text, across several hunks, CRLF and a last line without a line break', () => {
    const before = Array.from({ length: 30 }, (_, i) => `line${i}`).join('\n') + '\n';
    const after = before.replace('line2\n', 'LINE2\n').replace('line25\n', 'LINE25\nextra\n');
    expect(roundTrip(before, after)).toEqual({ ok: true, text: after });
    const crlf = (s: string) => s.replace(/\n/g, '\r\n');
    expect(roundTrip(crlf(before), crlf(after))).toEqual({ ok: true, text: crlf(after) });
    expect(roundTrip('a\nb\nc', 'a\nB\nc')).toEqual({ ok: true, text: 'a\nB\nc' });
    expect(roundTrip('a\nb\nc\n', 'a\nb\nc')).toEqual({ ok: true, text: 'a\nb\nc' });
    expect(roundTrip('a\nb\nc', 'a\nb\nc\n')).toEqual({ ok: true, text: 'a\nb\nc\n' });
  });

  it('edited + lines, a kept - line (turned into context), a dropped + line', () => {
    const before = 'def f():\n    print(1)\n    print(2)\n';
    const after = 'import logging\ndef f():\n    logger.info(1)\n    print(2)\n';
    const edited = roundTrip(before, after, (t) => t.replace('+    logger.info(1)', '+    logger.debug(1)').replace('-    print(1)', '     print(1)').replace('+import logging\n', ''));
    expect(edited).toEqual({ ok: true, text: 'def f():\n    print(1)\n    logger.debug(1)\n    print(2)\n' });
  });

  it('an emptied file leaves the fix undecided; a changed number of hunks or a stray line is refused', () => {
    const before = 'a\nb\n';
    const after = 'a\nB\n';
    expect(roundTrip(before, after, () => '')).toEqual({ ok: 'empty' });
    expect(roundTrip(before, after, (t) => t.replace(/@@.*@@\n/, ''))).toMatchObject({ ok: false });
    expect(roundTrip(before, after, (t) => `${t}*oops\n`)).toMatchObject({ ok: false, reason: expect.stringContaining('not context') });
  });
});
