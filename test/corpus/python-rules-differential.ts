// The checker of Python's own rules (src/core/python-rules.ts) against python3, on real code:
//   1. every corpus file: the checker must reject none that python3 compiles (0 false rejections), and
//      the files python3 rejects are counted by what the checker says;
//   2. mutated corpus files: each file's layout changed at random lines (indentation re-spelled with tabs,
//      spaces and form feeds, lines dropped or repeated), and Python 2 forms dropped in;
//   3. generated programs (as in test/python-rules.test.ts, many more).
// For each input: never reject what python3 accepts; find every IndentationError and TabError python3
// finds, with the same class on the same line.
// `npx tsx test/corpus/python-rules-differential.ts [CORPUS] [--mutations N] [--generated N] [--seed S]`
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkPythonRules } from '../../src/core/python-rules.js';
import { decodePythonSource } from '../../src/runner/read-source.js';
import { compileWithPython } from '../helpers/python-compile.js';
import { judge, mutateLayout, randomProgram, withPython2Form, type Disagreement } from '../helpers/python-rules-cases.js';
import { seededRandom } from '../helpers/random-edits.js';
import { pythonFiles, takeFlag } from './corpus-files.js';

const args = process.argv.slice(2);
const mutations = Number(takeFlag(args, '--mutations') ?? 20000);
const generated = Number(takeFlag(args, '--generated') ?? 20000);
const seed = Number(takeFlag(args, '--seed') ?? 1);
const corpus = args[0] ?? join(process.env.TMPDIR ?? '/tmp', 'pycodemod-corpus');
const random = seededRandom(seed);
const BATCH = 2000;

const problems: Disagreement[] = [];
const counts: Record<string, number> = {};
const count = (key: string) => (counts[key] = (counts[key] ?? 0) + 1);

function judgeAll(label: string, sources: string[]): void {
  for (let i = 0; i < sources.length; i += BATCH) {
    const batch = sources.slice(i, i + BATCH);
    const python = compileWithPython(batch);
    batch.forEach((s, k) => {
      const p = python[k]!;
      count(`${label}: python ${p.ok ? 'ok' : p.errorClass}`);
      const d = judge(s, p);
      if (d) problems.push(d);
    });
  }
}

// 1. The corpus as it is.
const texts: string[] = [];
for (const path of pythonFiles(corpus)) {
  const decoded = decodePythonSource(readFileSync(path));
  if (decoded.ok) texts.push(decoded.text);
}
const started = performance.now();
const verdicts = texts.map((t) => checkPythonRules(t));
const ms = performance.now() - started;
const python = texts.flatMap((_, i) => (i % BATCH === 0 ? compileWithPython(texts.slice(i, i + BATCH)) : []));
let falseRejections = 0;
texts.forEach((t, i) => {
  const p = python[i]!;
  const v = verdicts[i];
  if (p.ok && v) {
    falseRejections++;
    problems.push({ source: t.slice(0, 200), python: p, checker: v, problem: 'false rejection of a corpus file' });
  }
  if (!p.ok) count(`corpus files python3 rejects (${p.errorClass}): checker ${v ? `rejects (${v.errorClass})` : 'accepts'}`);
});
const mb = texts.reduce((n, t) => n + t.length, 0) / 1e6;
console.log(`corpus: ${texts.length} files, ${mb.toFixed(1)} M characters; checker ${ms.toFixed(0)} ms (${(mb / (ms / 1000)).toFixed(0)} M chars/s); false rejections: ${falseRejections}`);

// 2. Mutated corpus files (the smaller ones, so that python3 stays quick).
const small = texts.filter((t) => t.length < 20000);
const mutated: string[] = [];
for (let i = 0; i < mutations; i++) {
  const text = small[Math.floor(random() * small.length)]!;
  if (random() < 0.8) mutated.push(mutateLayout(text, random));
  else {
    const { source } = withPython2Form(random);
    const lines = text.split('\n');
    const at = Math.floor(random() * (lines.length + 1));
    // At a line of the margin, so the form is a statement of the module.
    while (at < lines.length && /^[ \t]/.test(lines[at]!)) lines.splice(at, 1);
    lines.splice(at, 0, source.slice(source.indexOf('\n') + 1));
    mutated.push(lines.join('\n'));
  }
}
judgeAll('mutated', mutated);

// 3. Generated programs.
const programs = Array.from({ length: generated }, (_, i) => (i % 4 === 0 ? randomProgram(random) : mutateLayout(randomProgram(random), random)));
judgeAll('generated', programs);

for (const [k, v] of Object.entries(counts).sort()) console.log(`  ${k}: ${v}`);
if (problems.length) {
  console.log(`FAILED: ${problems.length} disagreement(s)`);
  for (const p of problems.slice(0, 10)) console.log(`  ${p.problem}: ${JSON.stringify(p.source).slice(0, 300)} checker: ${p.checker?.message}`);
  if (process.env.DUMP) writeFileSync(process.env.DUMP, JSON.stringify(problems, null, 1));
  process.exitCode = 1;
} else console.log('python-rules differential: no disagreement');
