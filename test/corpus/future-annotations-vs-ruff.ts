// future-annotations against Ruff's FA100 + FA102 on real code: which modules get `from __future__ import
// annotations`, and where. For every corpus file both tools parse (and that has no such import yet):
// pycodemod's future-annotations alone (mode when-useful) against Ruff's two rules with their fix.
//   FA102: an annotation needs the import to run on the target (`list[int]`, `X | None` below 3.9/3.10);
//   FA100: the import would let a `typing.Optional`-like annotation be written the new way.
// Each file lands in one row: both add it, only pycodemod, only Ruff (with pycodemod's refusal when it
// refused), neither. Where both add it, the place is compared: the same line, and the same bytes (Ruff puts
// no blank line after the import; pycodemod does when code follows, as isort does).
//
//   npx tsx test/corpus/future-annotations-vs-ruff.ts [CORPUS|FILE...] [--target py39] [--show N]
import { readFileSync, statSync, existsSync } from 'node:fs';
import { relative } from 'node:path';
import { PositionEncoding, Workspace } from '@astral-sh/ruff-wasm-nodejs';
import futureAnnotations from '../../transforms/future-annotations/index.js';
import { transformSourceWith } from '../../src/core/transform-source.js';
import type { TargetVersion } from '../../src/core/settings.js';
import { pythonFiles, takeFlag } from './corpus-files.js';
import { isParseError } from './modern-typing-ruff.js';

const IMPORT = 'from __future__ import annotations';
const args = process.argv.slice(2);
const target = (takeFlag(args, '--target') ?? 'py39') as TargetVersion;
const show = Number(takeFlag(args, '--show') ?? 10);
const inputs = args.length ? args : ['/tmp/pycodemod-corpus'];
const files = inputs.flatMap((p) => (statSync(p).isDirectory() ? pythonFiles(p) : [p]));
const root = inputs.length === 1 && existsSync(inputs[0]!) && statSync(inputs[0]!).isDirectory() ? inputs[0]! : '/';

const ruff = new Workspace({ 'line-length': 88, 'target-version': target, lint: { select: ['FA100', 'FA102'] } }, PositionEncoding.Utf16);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Diagnostic = any;

/** The 0-based line before which `text` (one line) was inserted into `source` to give `output`. */
function insertedAtLine(source: string, output: string): number {
  const before = source.split('\n');
  const after = output.split('\n');
  let i = 0;
  while (i < before.length && before[i] === after[i]) i++;
  return i;
}

const rows = { both: [] as string[], oursOnly: [] as string[], ruffOnly: [] as string[], neither: 0 };
const ruffOnlyWhy = new Map<string, string[]>();
const oursOnlyWhy = new Map<string, string[]>();
let compared = 0;
let refused = 0;
const addedFor = new Map<string, number>();
let notParsed = 0;
let alreadyThere = 0;
let sameLine = 0;
let sameBytes = 0;
const placeDiffers: { file: string; ours: number; ruff: number }[] = [];
const t0 = performance.now();

for (const file of files) {
  let source = readFileSync(file, 'utf8');
  if (source.startsWith('\uFEFF')) source = source.slice(1);
  if (/^from[ \t]+__future__[ \t]+import[^\n]*\bannotations\b/m.test(source)) {
    alreadyThere++;
    continue;
  }
  const diagnostics: Diagnostic[] = ruff.check(source);
  if (diagnostics.some(isParseError)) {
    notParsed++;
    continue;
  }
  const ours = await transformSourceWith(source, {
    path: relative(root, file),
    transforms: [futureAnnotations],
    settings: { targetVersion: target, transformOptions: { 'future-annotations': { mode: 'when-useful' } } },
  });
  if (ours.kind !== 'ok') {
    notParsed++;
    continue;
  }
  compared++;
  const name = relative(root, file);
  // Only FA100/FA102 count (Ruff also reports syntax the target lacks, `match` on 3.9, as invalid-syntax).
  const fa = diagnostics.filter((d: Diagnostic) => d.code === 'FA100' || d.code === 'FA102');
  const fixes = fa.filter((d: Diagnostic) => d.fix?.edits?.length);
  const codes = [...new Set(fa.map((d: Diagnostic) => String(d.code)))].sort().join('+');
  const oursAdds = ours.output !== source;
  if (oursAdds) {
    const why = /modern-typing can then rewrite/.test(ours.edits[0]?.message ?? '') ? 'a modern-typing rewrite' : 'an evaluated annotation the target cannot run';
    addedFor.set(why, (addedFor.get(why) ?? 0) + 1);
  }
  if (ours.skips.some((s) => s.transformId === 'future-annotations')) refused++;
  if (oursAdds && fixes.length) {
    rows.both.push(name);
    const edit = fixes[0].fix.edits[0];
    const lines = source.split('\n');
    const ruffRow = edit.location.row - 1;
    const ruffOutput = [...lines.slice(0, ruffRow), ...edit.content.replace(/\n$/, '').split('\n'), ...lines.slice(ruffRow)].join('\n');
    const oursRow = insertedAtLine(source, ours.output);
    // The same line: the import goes after the same source lines (pycodemod's blank lines aside).
    const nonBlankBefore = (row: number) => lines.slice(0, row).filter((l) => l.trim() !== '').length;
    if (nonBlankBefore(oursRow) === nonBlankBefore(ruffRow)) sameLine++;
    else placeDiffers.push({ file: name, ours: oursRow + 1, ruff: ruffRow + 1 });
    if (ruffOutput === ours.output) sameBytes++;
  } else if (oursAdds) {
    rows.oursOnly.push(name);
    const reason = /\(([^)]*)\)$/.exec(ours.edits[0]?.message ?? '')?.[1]?.replace(/`[^`]*`/g, '`…`').replace(/line \d+/g, 'line N') ?? '?';
    const why = `${fa.length ? `Ruff reports ${codes} without a fix` : 'Ruff reports nothing'}; pycodemod: ${reason}`;
    oursOnlyWhy.set(why, [...(oursOnlyWhy.get(why) ?? []), name]);
    if (process.env.SHOW_OURS_ONLY) console.log(`only pycodemod: ${name}: ${ours.edits[0]?.message}`);
  } else if (fa.length) {
    rows.ruffOnly.push(name);
    const skip = ours.skips.find((s) => s.transformId === 'future-annotations');
    const why = skip ? `${codes}; pycodemod refused: ${skip.reason.replace(/^`[^`]*` not added: /, '').replace(/`[^`]*`/g, '`…`').replace(/\(line \d+\)|line \d+/g, 'line N')}` : `${codes}; pycodemod finds nothing to gain`;
    ruffOnlyWhy.set(why, [...(ruffOnlyWhy.get(why) ?? []), name]);
  } else rows.neither++;
}
ruff.free();

const pct = (a: number, b: number) => (b === 0 ? '-' : `${((100 * a) / b).toFixed(2)}%`);
console.log(`future-annotations (when-useful) vs Ruff FA100+FA102, target ${target}`);
console.log(`files compared:        ${compared} (${notParsed} not parsed by Ruff or pycodemod; ${alreadyThere} already have the import)`);
console.log(`both add the import:   ${rows.both.length}`);
console.log(`  at the same line:    ${sameLine} (${pct(sameLine, rows.both.length)}); byte-identical: ${sameBytes} (Ruff adds no blank line after the import)`);
for (const p of placeDiffers.slice(0, show)) console.log(`  placed differently: ${p.file}: pycodemod before line ${p.ours}, Ruff before line ${p.ruff}`);
console.log(`only pycodemod:        ${rows.oursOnly.length}`);
for (const [why, list] of [...oursOnlyWhy].sort((a, b) => b[1].length - a[1].length)) console.log(`  ${String(list.length).padStart(4)}  ${why}  (e.g. ${list.slice(0, 3).join(', ')})`);
console.log(`only Ruff:             ${rows.ruffOnly.length}`);
for (const [why, list] of [...ruffOnlyWhy].sort((a, b) => b[1].length - a[1].length)) console.log(`  ${String(list.length).padStart(4)}  ${why}  (e.g. ${list.slice(0, 3).join(', ')})`);
console.log(`neither:               ${rows.neither}`);
console.log(`pycodemod adds it to ${rows.both.length + rows.oursOnly.length} modules (${[...addedFor].map(([k, n]) => `${n} for ${k}`).join(', ')}) and refuses ${refused}`);
console.log(`same decision:         ${rows.both.length + rows.neither} of ${compared} (${pct(rows.both.length + rows.neither, compared)})`);
console.log(`seconds: ${((performance.now() - t0) / 1000).toFixed(1)}`);
