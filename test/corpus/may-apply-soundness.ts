// Proves on real code that no built-in transform's `mayApply` says "nothing here" where the transform,
// run on the parsed file, would report anything: a fix, a skip or a finding.
//
//   npm run build && node dist/test/corpus/may-apply-soundness.js DIR... [--target py39] [--mutations N]
//
// For each file and each built-in transform whose mayApply is false, the transform runs without it (the
// file is parsed) and must report nothing; a file that does not parse is not counted (its syntax error
// is exactly what skipping the parse leaves unsaid). With `--mutations N`, every file whose imports
// group-imports judged already sorted from the text is also changed in N small ways (a line break, a
// blank line, two imports swapped, a comment moved...) and judged again the same way. Prints how many
// files, and what share of their bytes, need no parse at all. Exits 1 on any disagreement.
import { readFileSync } from 'node:fs';
import { builtinTransforms } from '../../transforms/index.js';
import { markBuiltIns } from '../../src/core/built-in.js';
import { loadPythonParser } from '../../src/core/parser.js';
import { runEngine } from '../../src/core/engine.js';
import { resolveOptions } from '../../src/core/options.js';
import { defaultSettings, type Settings } from '../../src/core/settings.js';
import { decodePythonSource } from '../../src/runner/read-source.js';
import type { AnyTransform } from '../../src/core/types.js';
import { pythonFiles, takeFlag } from './corpus-files.js';

const args = process.argv.slice(2);
const target = (takeFlag(args, '--target') ?? 'py39') as Settings['targetVersion'];
const mutations = Number(takeFlag(args, '--mutations') ?? 0);
const parser = await loadPythonParser();

/** The transform without its text check, still a built-in (the engine treats built-ins specially). */
const unchecked = new Map<AnyTransform, AnyTransform>(builtinTransforms.map((t) => [t, markBuiltIns([{ ...t, mayApply: undefined }])[0]!]));

let files = 0;
let bytes = 0;
let unparsedFiles = 0;
let unparsedBytes = 0;
let mutated = 0;
// Only the transforms on by default: the selection a run without options has.
const selected = builtinTransforms.filter((t) => t.enabledByDefault !== false);
let wrong = 0;
const saidNothing = new Map<string, number>();
/** Characters of the files that only one transform makes parse, by that transform. */
const soleReason = new Map<string, number>();

/** Whether every transform that says "nothing" from `source` indeed finds nothing; counts per transform. */
function check(path: string, source: string, settings: Settings, what: string): boolean {
  let all = true;
  const may: string[] = [];
  for (const t of selected) {
    if (!t.mayApply || t.mayApply(source, { path, settings, options: resolveOptions(t, settings.transformOptions[t.id]) as never })) {
      all = false;
      may.push(t.id);
      continue;
    }
    if (what === 'file') saidNothing.set(t.id, (saidNothing.get(t.id) ?? 0) + 1);
    const outcome = runEngine({ path, source, transforms: [unchecked.get(t)!], settings, parser });
    if (outcome.kind === 'syntax-error') continue;
    const found = outcome.kind !== 'ok' ? [outcome.message] : [...outcome.edits.map((e) => e.message), ...outcome.skips.map((s) => s.reason), ...outcome.findings.map((f) => f.message)];
    if (found.length > 0) {
      wrong++;
      console.log(`${path} (${what}): ${t.id}.mayApply said nothing, but the transform reports: ${found.slice(0, 3).join(' | ')}`);
    }
  }
  if (what === 'file' && may.length === 1) soleReason.set(may[0]!, (soleReason.get(may[0]!) ?? 0) + source.length);
  return all;
}

for (const dir of args) {
  const settings: Settings = { ...defaultSettings(dir), targetVersion: target };
  for (const path of pythonFiles(dir)) {
    const decoded = decodePythonSource(readFileSync(path));
    if (!decoded.ok) continue;
    const source = decoded.text.replace(/^\uFEFF/, '');
    files++;
    bytes += source.length;
    if (check(path, source, settings, 'file')) {
      unparsedFiles++;
      unparsedBytes += source.length;
    }
    const groupImports = builtinTransforms.find((t) => t.id === 'group-imports')!;
    const options = resolveOptions(groupImports, settings.transformOptions['group-imports']) as never;
    if (mutations > 0 && /\bimport\b/.test(source) && !groupImports.mayApply!(source, { path, settings, options })) {
      for (const variant of variants(source, mutations)) {
        mutated++;
        check(path, variant, settings, 'mutated');
      }
    }
  }
}

const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)}%`;
console.log(`${files} files (${(bytes / 1e6).toFixed(1)} M characters), target ${target}`);
console.log(`no parse needed with every built-in selected: ${unparsedFiles} files (${pct(unparsedFiles, files)}), ${pct(unparsedBytes, bytes)} of the characters`);
for (const [id, n] of saidNothing) console.log(`  ${id}: nothing to look at in ${n} files (${pct(n, files)})`);
for (const [id, n] of soleReason) console.log(`  parsed for ${id} alone: ${pct(n, bytes)} of the characters`);
if (mutations > 0) console.log(`${mutated} variants of files with sorted imports judged again`);
console.log(wrong === 0 ? 'sound: every "nothing here" was confirmed by the transform itself' : `${wrong} disagreements`);
process.exitCode = wrong === 0 ? 0 : 1;

/** Small edits around a file's imports: each a likely way for a sorted block to become unsorted. */
function variants(source: string, n: number): string[] {
  const lines = source.split('\n');
  // Module-level and nested imports (a function's, a `try:` body's): the inserted lines take their indentation.
  const importLines = lines.flatMap((l, i) => (/^[ \t]*(?:import|from)\s/.test(l) ? [i] : []));
  const out: string[] = [];
  const indent = (ls: string[], i: number) => /^[ \t]*/.exec(ls[i]!)![0];
  const edits: ((ls: string[], i: number) => void)[] = [
    (ls, i) => ls.splice(i + 1, 0, ''), // a blank line after an import
    (ls, i) => ls[i + 1] === '' && ls.splice(i + 1, 1), // one blank line fewer after it
    (ls, i) => i + 1 < ls.length && ([ls[i], ls[i + 1]] = [ls[i + 1]!, ls[i]!]), // swapped with the next line
    (ls, i) => (ls[i] = `${ls[i]}  # note`), // a trailing comment
    (ls, i) => ls.splice(i, 0, `${indent(ls, i)}# note`), // a comment above
    (ls, i) => (ls[i] = ls[i]!.replace(/ import /, ' import  ')), // spacing
    (ls, i) => (ls[i] = ls[i]!.replace(/(\w+)$/, '$1, zzz_name')), // another name, out of order
    (ls, i) => ls.splice(i, 0, `${indent(ls, i)}import zzz_last`, `${indent(ls, i)}import aaa_first`), // imports out of order
    (ls, i) => ls.splice(i + 1, 0, `${indent(ls, i)}def f():\n${indent(ls, i)}    pass`), // a def right after
    (ls, i) => ls.splice(i + 1, 0, `${indent(ls, i)}x = 1`), // a statement right after
    (ls, i) => ls.splice(i + 1, 0, `${indent(ls, i)}import os`), // an import that may sort before it
    (ls, i) => (ls[i] = ls[i]!.replace(/^[ \t]+/, '')), // dedented (a module-level import now, or an error)
  ];
  for (let k = 0; k < n && importLines.length > 0; k++) {
    const at = importLines[(k * 7919) % importLines.length]!;
    const copy = [...lines];
    edits[k % edits.length]!(copy, at);
    const text = copy.join('\n');
    if (text !== source) out.push(text);
  }
  return out;
}
