// Decoding a Python file without losing a byte: UTF-8 only (with or without BOM). Anything else is
// skipped with a reason rather than guessed at, so nothing is ever rewritten in the wrong encoding.

export type Decoded = { ok: true; text: string; bom: boolean } | { ok: false; reason: string };

// PEP 263: a coding cookie in a comment on line 1 or 2.
const COOKIE = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;
const UTF8_NAMES = new Set(['utf-8', 'utf8', 'utf_8', 'u8', 'utf', 'cp65001', 'utf-8-sig']);
// ASCII-compatible declarations whose files are valid UTF-8 as long as every byte is < 0x80.
const ASCII_NAMES = new Set(['ascii', 'us-ascii', '646']);

export function decodePythonSource(bytes: Uint8Array): Decoded {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  const cookie = codingCookie(body);
  if (cookie) {
    const name = cookie.toLowerCase().replace(/_/g, '-');
    // CPython refuses a BOM whose cookie is not spelled utf-8 (`utf8` included): so do we.
    if (bom && name !== 'utf-8' && !name.startsWith('utf-8-'))
      return { ok: false, reason: `has a UTF-8 BOM but declares the encoding \`${cookie}\` (Python rejects this)` };
    const isAscii = ASCII_NAMES.has(name);
    if (!UTF8_NAMES.has(name) && !UTF8_NAMES.has(cookie.toLowerCase()) && !isAscii)
      return { ok: false, reason: `declares the encoding \`${cookie}\`; only UTF-8 files are rewritten` };
    if (isAscii && body.some((b) => b >= 0x80))
      return { ok: false, reason: `declares \`${cookie}\` but holds non-ASCII bytes` };
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
    return { ok: true, text, bom };
  } catch {
    return { ok: false, reason: `is not valid UTF-8 (${invalidUtf8Location(body)})` };
  }
}

export function encodePythonSource(text: string, bom: boolean): Buffer {
  const body = Buffer.from(text, 'utf8');
  return bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
}

function codingCookie(bytes: Uint8Array): string | undefined {
  // Only the first two lines count; read them as latin-1 so any byte survives.
  const head = Buffer.from(bytes.subarray(0, 400)).toString('latin1').split(/\r\n|\n|\r/, 2);
  for (const line of head) {
    const m = COOKIE.exec(line);
    if (m) return m[1];
    // The cookie may be on line 2 only when line 1 is a comment or blank.
    if (!/^[ \t\f]*(#.*)?$/.test(line)) break;
  }
  return undefined;
}

/** "line 3" for the first byte that is not part of a well-formed UTF-8 sequence. */
function invalidUtf8Location(bytes: Uint8Array): string {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    let ok = need >= 0 && i + need < bytes.length;
    for (let k = 1; ok && k <= need; k++) ok = (bytes[i + k]! & 0xc0) === 0x80;
    if (!ok) break;
    i += need + 1;
  }
  let line = 1;
  for (let k = 0; k < i && k < bytes.length; k++) if (bytes[k] === 10) line++;
  return `line ${line}, byte offset ${i}`;
}
