// raise-from against Ruff's B904 (which has no fix) on real code: every raise B904 reports should be
// chained by raise-from, or be left with a reason. Lists the reasons, and the B904 raises neither
// chained nor explained. Also checks that the output parses and a second run changes nothing.
//
//   npx tsx test/corpus/raise-from-vs-ruff.ts [--list] [DIR...]   (default /tmp/pycodemod-corpus)
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { PositionEncoding, Workspace } from '@astral-sh/ruff-wasm-nodejs';
import { transformSourceWith } from '../../src/core/transform-source.js';
import { builtinTransforms } from '../../transforms/index.js';
import { pythonFiles } from './corpus-files.js';

const ID = 'raise-from';
const args = process.argv.slice(2);
const list = args.includes('--list');
const dirs = args.filter((a) => !a.startsWith('--'));
if (dirs.length === 0) dirs.push('/tmp/pycodemod-corpus');
const transform = builtinTransforms.find((t) => t.id === ID)!;
const ruff = new Workspace({ lint: { select: ['B904'] } }, PositionEncoding.Utf16);

let b904 = 0;
let chained = 0;
let chainedNotB904 = 0;
let unstable = 0;
const reasons = new Map<string, number>();
const names = new Map<string, number>();
const unexplained: string[] = [];
for (const dir of dirs) {
  for (const file of pythonFiles(dir)) {
    const source = readFileSync(file, 'utf8');
    if (!source.includes('raise') || !source.includes('except')) continue;
    const rel = relative(dir, file);
    const result = await transformSourceWith(source, { path: rel, transforms: [transform] });
    if (result.kind !== 'ok') continue;
    let diagnostics: { code: string | null; start_location: { row: number } }[] = [];
    try {
      diagnostics = ruff.check(source);
    } catch {
      continue;
    }
    // raise-from never adds or removes lines: line N of the output is line N of the input.
    const before = source.split(/\r\n|\n|\r/);
    const after = result.output.split(/\r\n|\n|\r/);
    const changedLines = new Set(before.map((l, i) => (l !== after[i] && / from \w+/.test(after[i]!) ? i + 1 : 0)).filter(Boolean));
    const skipLines = new Map(result.skips.filter((s) => s.transformId === ID).map((s) => [s.line, s.reason]));
    for (const s of result.skips) {
      if (s.transformId !== ID) continue;
      const key = s.reason.replace(/`[^`]*`/g, '`…`');
      reasons.set(key, (reasons.get(key) ?? 0) + 1);
    }
    const b904Lines = new Set<number>();
    for (const d of diagnostics) {
      if (d.code !== 'B904') continue;
      b904++;
      const row = d.start_location.row;
      b904Lines.add(row);
      // The raise may span lines: its `from` is added on its last line.
      let found = false;
      for (let r = row; r < row + 40 && r <= after.length; r++) {
        if (changedLines.has(r)) {
          found = true;
          break;
        }
        if (skipLines.has(r)) break;
        if (r > row && /^\s*(raise|except|def|class|return)\b/.test(before[r - 1] ?? '')) break;
      }
      if (found) chained++;
      else if (!skipLines.has(row)) unexplained.push(`${rel}:${row}: ${before[row - 1]!.trim()}`);
    }
    for (const e of result.edits) {
      if (e.transform !== ID) continue;
      const m = /from (\w+)/.exec(e.message);
      if (m) names.set(m[1]!, (names.get(m[1]!) ?? 0) + 1);
    }
    for (const line of changedLines) if (![...b904Lines].some((r) => r <= line && line < r + 40)) chainedNotB904++;
    if (result.output !== source) {
      const again = await transformSourceWith(result.output, { path: rel, transforms: [transform] });
      if (again.kind !== 'ok' || again.output !== result.output) unstable++;
    }
  }
}
console.log(`Ruff B904: ${b904} raises; raise-from chains ${chained} of them; ${chainedNotB904} chained lines B904 does not report`);
console.log('names used for `from`:', [...names].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([n, c]) => `${n} ${c}`).join(', '));
console.log('reasons raise-from left a raise:');
for (const [r, n] of [...reasons].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(5)}  ${r}`);
console.log(`B904 raises neither chained nor explained: ${unexplained.length}`);
if (list || unexplained.length <= 40) for (const u of unexplained) console.log(`  ${u}`);
console.log(`non-idempotent files: ${unstable}`);
process.exitCode = unstable > 0 ? 1 : 0;
