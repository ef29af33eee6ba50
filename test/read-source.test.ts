import { describe, expect, it } from 'vitest';
import { decodePythonSource, encodePythonSource } from '../src/runner/read-source.js';

const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

describe('decodePythonSource', () => {
  it('decodes UTF-8 and remembers a BOM so it can be written back', () => {
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('x = "é"\n')]);
    const d = decodePythonSource(withBom);
    expect(d).toEqual({ ok: true, text: 'x = "é"\n', bom: true });
    expect(Buffer.from(encodePythonSource('x = "é"\n', true)).equals(Buffer.from(withBom))).toBe(true);
  });

  it('accepts a UTF-8 coding cookie, and an ASCII one on ASCII content', () => {
    expect(decodePythonSource(bytes('# -*- coding: utf-8 -*-\nx = "é"\n'))).toMatchObject({ ok: true });
    expect(decodePythonSource(bytes('#!/usr/bin/env python\n# vim: set fileencoding=ascii :\nx = 1\n'))).toMatchObject({ ok: true });
  });

  it('rejects a BOM with a cookie not spelled utf-8, as CPython does', () => {
    const bom = [0xef, 0xbb, 0xbf];
    expect(decodePythonSource(new Uint8Array([...bom, ...bytes('# coding: utf8\nx = 1\n')]))).toMatchObject({ ok: false, reason: expect.stringContaining('BOM') });
    expect(decodePythonSource(new Uint8Array([...bom, ...bytes('# coding: utf-8\nx = 1\n')]))).toMatchObject({ ok: true });
    expect(decodePythonSource(new Uint8Array([...bom, ...bytes('# coding: UTF_8\nx = 1\n')]))).toMatchObject({ ok: true });
  });

  it('skips a file that declares another encoding, naming it', () => {
    const d = decodePythonSource(new Uint8Array([...bytes('# coding: latin-1\nx = "'), 0xe9, ...bytes('"\n')]));
    expect(d).toEqual({ ok: false, reason: expect.stringContaining('`latin-1`') });
  });

  it('ignores a cookie-like comment after line 2 or after code on line 1', () => {
    expect(decodePythonSource(bytes('x = 1\n# coding: latin-1\n'))).toMatchObject({ ok: true });
  });

  it('skips invalid UTF-8 and says on which line', () => {
    const d = decodePythonSource(new Uint8Array([...bytes('a = 1\nb = "'), 0xff, ...bytes('"\n')]));
    expect(d).toEqual({ ok: false, reason: expect.stringContaining('line 2') });
  });
});
