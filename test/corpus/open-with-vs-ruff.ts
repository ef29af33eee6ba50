// open-with against Ruff's SIM115 (open() outside a `with`; no fix) on real code: for every open()
// SIM115 reports, whether open-with rewrote it or reported it (and why); the output parses (python3)
// and a second run changes nothing.
//
//   npx tsx test/corpus/open-with-vs-ruff.ts [--list] [DIR...]   (default /tmp/pycodemod-corpus)
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { PositionEncoding, Workspace } from '@astral-sh/ruff-wasm-nodejs';
import { transformSourceWith } from '../../src/core/transform-source.js';
import { builtinTransforms } from '../../transforms/index.js';
import { pythonSyntaxError } from '../helpers/python.js';
import { pythonFiles } from './corpus-files.js';

const ID = 'open-with';
const args = process.argv.slice(2);
const list = args.includes('--list');
const dirs = args.filter((a) => !a.startsWith('--'));
if (dirs.length === 0) dirs.push('/tmp/pycodemod-corpus');
const transform = builtinTransforms.find((t) => t.id === ID)!;
const ruff = new Workspace({ lint: { select: ['SIM115'] } }, PositionEncoding.Utf16);

let sim115 = 0;
let rewritten = 0;
let reported = 0;
let rewrittenNotSim115 = 0;
let broken = 0;
let unstable = 0;
const reasons = new Map<string, number>();
const silent: string[] = [];
for (const dir of dirs) {
  for (const file of pythonFiles(dir)) {
    const source = readFileSync(file, 'utf8');
    if (!/open|ZipFile|TemporaryFile/.test(source)) continue;
    const rel = relative(dir, file);
    const result = await transformSourceWith(source, { path: rel, transforms: [transform] });
    if (result.kind !== 'ok') continue;
    let diagnostics: { code: string | null; start_location: { row: number } }[] = [];
    try {
      diagnostics = ruff.check(source);
    } catch {
      continue;
    }
    const ours = new Set(result.edits.filter((e) => e.transform === ID).map((e) => e.line));
    const skips = new Map(result.skips.filter((s) => s.transformId === ID).map((s) => [s.line, s.reason]));
    const rows = new Set(diagnostics.filter((d) => d.code === 'SIM115').map((d) => d.start_location.row));
    for (const row of rows) {
      sim115++;
      if (ours.has(row)) rewritten++;
      else if (skips.has(row)) {
        reported++;
        const key = skips.get(row)!.replace(/`[^`]*`/g, '`…`').replace(/line \d+/g, 'line N');
        reasons.set(key, (reasons.get(key) ?? 0) + 1);
      } else silent.push(`${rel}:${row}: ${source.split(/\r\n|\n|\r/)[row - 1]!.trim()}`);
    }
    for (const line of ours) if (!rows.has(line)) rewrittenNotSim115++;
    if (result.output !== source) {
      if (pythonSyntaxError(result.output, rel)) broken++;
      const again = await transformSourceWith(result.output, { path: rel, transforms: [transform] });
      if (again.kind !== 'ok' || again.output !== result.output) unstable++;
    }
  }
}
console.log(`Ruff SIM115: ${sim115} opens; open-with rewrites ${rewritten}, reports ${reported} with a reason, says nothing about ${silent.length}`);
console.log(`open-with rewrites SIM115 does not report: ${rewrittenNotSim115}`);
console.log('reasons:');
for (const [r, n] of [...reasons].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(5)}  ${r}`);
if (list) for (const s of silent) console.log(`  silent: ${s}`);
else for (const s of silent.slice(0, 15)) console.log(`  silent: ${s}`);
console.log(`must be zero: rewrites python3 rejects ${broken}, non-idempotent ${unstable}`);
process.exitCode = broken + unstable > 0 ? 1 : 0;
