// logging-format behaviour (python3): every rewritten call must produce the very same
// record.getMessage() as the original, over a generated matrix of format specs, conversions and
// value types, plus str.format, `%` and `+` messages; and the calls it rewrote must leave Ruff with
// no G001/G002/G003/G004/G010 diagnostic.
import { describe, expect, it } from 'vitest';
import { PositionEncoding, Workspace } from '@astral-sh/ruff-wasm-nodejs';
import { runPython, runTransform } from './helpers/transform.js';

const SPECS = [
  '', '>8', '<8', '8', '.2f', '10.3f', '08.2f', '+.1f', ' .1f', '-.1f', 'e', '.3e', 'E', 'g', '.3g', 'G', 'F', '#g', '#.0f',
  'd', '5d', '05d', '+d', ' d', '<5d', '>5d', 'x', '#x', 'X', '#X', '08x', '#010x', 'o', '#o', 's', '10s', '>10s', '<10s',
  '.3s', '.3', ',', '_d', '^9', '*<6', '.1%', 'b', 'c', '0=8d', '<05d', '>+9.2e', '+08.3g', '%', 'n',
];
const CONVERSIONS = ['', '!r', '!s', '!a'];
// Values whose format(v, "") is str(v), so the documented str/format difference cannot show up.
const VALUES = [
  '0', '42', '-7', '255', '3.14159', '-2.5', '1e20', '0.000123', 'float("nan")', 'float("-inf")', '"abc"', '"50% off"',
  '"é😀"', '""', 'None', 'Plain()', '[1, "a"]', '(1, 2)', '{"k": 1}', 'b"by"',
];

const HEADER = String.raw`
import logging
import warnings

warnings.simplefilter("ignore", DeprecationWarning)  # Logger.warn's warning is the one documented difference


class Capture(logging.Handler):
    def emit(self, record):
        print(repr(record.getMessage()))


logger = logging.getLogger("matrix")
logger.addHandler(Capture())
logger.setLevel(logging.DEBUG)
logger.propagate = False


class Plain:
    def __str__(self):
        return "str 100% of Plain"

    def __repr__(self):
        return "Plain(%r)"


def ok(value, conversion, spec):
    try:
        value = {"": value, "!r": repr(value), "!s": str(value), "!a": ascii(value)}[conversion]
        format(value, spec)
        return True
    except (ValueError, TypeError, OverflowError):
        return False
`;

function matrixScript(): string {
  const lines = [HEADER, '', 'def main():'];
  for (const value of VALUES) {
    lines.push(`    v = ${value}`);
    for (const conversion of CONVERSIONS)
      for (const spec of SPECS) {
        const field = `{v${conversion}${spec ? `:${spec}` : ''}}`;
        lines.push(`    if ok(v, ${JSON.stringify(conversion)}, ${JSON.stringify(spec)}):`);
        lines.push(`        logger.info(f"[${field}] 100% ${JSON.stringify(spec).slice(1, -1).replace(/[{}]/g, '$&$&')}")`);
        lines.push(`        logger.info("[{${conversion}${spec ? `:${spec}` : ''}}] %".format(v))`);
      }
  }
  lines.push('', '', 'main()', '');
  return lines.join('\n');
}

const SHAPES = HEADER + String.raw`

w, p, x, n, name, t = 12, 3, 3.14159, 7, "a%sb", (1,)
logger.info(f"{x:>{w}.{p}f}|{x:{w}}|{name:>{w}}|{n:0{w}d}")
logger.info(f"{x=}, {name = }, {n=:>5}, {x=!s}, {t=}")
logger.info(f"{name}%s%%{n}")
logger.info(f"{'quoted'} {n + 1} {[n, n]} {n if n else 0}")
logger.info(f'''triple {n}
line two {name!r}''')
logger.info(f"tab\t{n}\\back\N{PERCENT SIGN}")
logger.info("%s and %r of %5.1f" % (name, name, x))
logger.info("one %s" % str(t))
logger.info("%d%%" % (n,))
logger.info("%d%%" % len(name))
logger.info("x: " + str(x) + ", name: " + repr(name) + " " + f"{n:03d}")
logger.info("name " + name + "%")
logger.info("{} {!r} {:>6}".format(name, t, n))
logger.info("{0} {1}".format(n, name))
logger.info(f"{n}" "plain %s" f"{name}")
logger.warn(f"warn {n}")
logger.log(logging WARNING if False else logging.WARNING, f"log {n}")
`.replace('logging WARNING if False else ', '');

const ruff = new Workspace({ lint: { select: ['G001', 'G002', 'G003', 'G004', 'G010'] } }, PositionEncoding.Utf16);

describe('logging-format behaviour (python3)', () => {
  for (const [name, script] of [
    ['generated spec matrix', matrixScript()],
    ['message shapes', SHAPES],
  ] as const) {
    it(`${name}: every record.getMessage() is the same string`, async () => {
      const { output, skips, messages } = await runTransform('logging-format', script);
      // Only str.format fields with a conversion and a spec printf cannot spell (`{!r:^9}`) stay.
      const lines = script.split('\n');
      for (const s of skips) {
        expect(s).toMatch(/^\d+: str\.format message: /);
        expect(lines[Number(s.split(':')[0]) - 1]).toMatch(/\{![rsa]:/);
      }
      expect(messages.length).toBeGreaterThan(10);
      const before = runPython(script);
      const after = runPython(output);
      expect(before.status, before.output).toBe(0);
      expect(after.status, after.output).toBe(0);
      expect(after.output.split('\n').length).toBeGreaterThan(10);
      expect(after.output).toBe(before.output);
      // Ruff has nothing left to say about the calls it rewrote (their lines do not move).
      const rewritten = new Set(messages.map((m) => Number(m.split(':')[0])));
      const left = (ruff.check(output) as { code: string | null; start_location: { row: number } }[]).filter(
        (d) => d.code?.startsWith('G') && rewritten.has(d.start_location.row),
      );
      expect(left.map((d) => `${d.code} line ${d.start_location.row}: ${output.split('\n')[d.start_location.row - 1]}`)).toEqual([]);
      expect((ruff.check(script) as { code: string | null }[]).filter((d) => d.code?.startsWith('G')).length).toBeGreaterThan(0);
    });
  }
});
