// Behaviour: scripts with many print shapes run before and after print-to-logging must print the very
// same bytes, once the root logger prints bare messages to stdout (stderr merged into stdout, both runs
// unbuffered so the interleaving is kept). Lines marked `# stays` are prints the transform must leave.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinTransforms } from '../transforms/index.js';
import { transformSourceWith } from '../src/core/transform-source.js';

const DIR = join(import.meta.dirname, 'behaviour', 'print-to-logging');

// Every format spec below, with every conversion, on every value it accepts, must print what the
// f-string printed. Values whose spec format() rejects are not printed (the original would raise).
const SPECS = [
  '', '>8', '<8', '8', '.2f', '10.3f', '08.2f', '+.1f', ' .1f', '-.1f', 'e', '.3e', 'E', 'g', '.3g', 'G', 'F',
  '#g', '#.0f', 'd', '5d', '05d', '+d', ' d', '<5d', '>5d', 'x', '#x', 'X', '#X', '08x', '#010x', 'o', '#o',
  's', '10s', '>10s', '<10s', '.3s', '.3', ',', '_d', '^9', '*<6', '.1%', 'b', 'c', '0=8d', '<05d',
  '>+9.2e', '+08.3g',
];
const CONVERSIONS = ['', '!r', '!s', '!a'];
const VALUES = ['0', '42', '-7', '255', '3.14159', '-2.5', '1e20', '0.000123', '"abc"', '"é😀"', 'float("nan")', 'float("-inf")'];

function specMatrixScript(): string {
  const lines = [
    '# Generated: every f-string spec on every value it accepts.',
    'def ok(value, conversion, spec):',
    '    try:',
    '        value = {"": value, "!r": repr(value), "!s": str(value), "!a": ascii(value)}[conversion]',
    '        format(value, spec)',
    '        return True',
    '    except (ValueError, TypeError, OverflowError):',
    '        return False',
    '',
    '',
    'def main():',
  ];
  for (const value of VALUES) {
    lines.push(`    v = ${value}`);
    for (const conversion of CONVERSIONS)
      for (const spec of SPECS) {
        const field = `{v${conversion}${spec ? `:${spec}` : ''}}`;
        lines.push(`    if ok(v, ${JSON.stringify(conversion)}, ${JSON.stringify(spec)}):`);
        lines.push(`        print(f"[${field}] ${JSON.stringify(spec).slice(1, -1)}")`);
      }
  }
  lines.push('', '', 'main()', '');
  return lines.join('\n');
}
const transform = builtinTransforms.find((t) => t.id === 'print-to-logging')!;
const work = mkdtempSync(join(tmpdir(), 'ptl-behaviour-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const BARE_LOGGING =
  'import logging, runpy, sys\n' +
  'logging.basicConfig(format="%(message)s", level=logging.DEBUG, stream=sys.stdout)\n' +
  'runpy.run_path(sys.argv[1], run_name="__main__")\n';

/** Runs python3 unbuffered with stderr merged into stdout; returns the raw bytes. */
function run(args: string[]): Buffer {
  const r = spawnSync('sh', ['-c', 'exec python3 -u "$@" 2>&1', 'sh', ...args], { cwd: work, env: { ...process.env, PYTHONIOENCODING: 'utf-8' } });
  if (r.error) throw r.error;
  expect(r.status, r.stdout.toString()).toBe(0);
  return r.stdout;
}

const scripts = [
  ...readdirSync(DIR)
    .filter((f) => f.endsWith('.py'))
    .map((name) => ({ name, read: () => readFileSync(join(DIR, name), 'utf8') })),
  { name: 'generated-format-specs.py', read: specMatrixScript },
  // The same shapes with CRLF line endings (triple-quoted literals keep theirs as written).
  { name: 'shapes-crlf.py', read: () => readFileSync(join(DIR, 'shapes.py'), 'utf8').replace(/\n/g, '\r\n') },
];

describe('print-to-logging behaviour (python3)', () => {
  for (const { name, read } of scripts) {
    it(`${name} prints the same text after the rewrite`, async () => {
      const source = read();
      const result = await transformSourceWith(source, {
        path: name,
        transforms: [transform],
        settings: { transformOptions: { 'print-to-logging': { 'include-main': true } } },
      });
      if (result.kind !== 'ok') throw new Error(JSON.stringify(result));
      const stays = (source.match(/# stays/g) ?? []).length;
      expect(result.skips.map((s) => `${s.line}: ${s.reason}`)).toHaveLength(stays);
      // The rewrite really happened: only the marked prints are left.
      expect(result.output.split('\n').filter((l) => /\bprint\(/.test(l) && !l.includes('# stays'))).toEqual([]);

      const before = join(work, `before-${name}`);
      const after = join(work, `after-${name}`);
      writeFileSync(before, source);
      writeFileSync(after, result.output);
      const expected = run([before]);
      const actual = run(['-c', BARE_LOGGING, after]);
      expect(actual.toString('utf8')).toBe(expected.toString('utf8'));
      expect(actual.equals(expected)).toBe(true);
    });
  }
});
