// The checker of Python's own rules (src/core/python-rules.ts) against python3, on real code:
//   1. every corpus file: the checker must reject none that python3 compiles (0 false rejections), and
//      the files python3 rejects are counted by what the checker says;
//   2. mutated corpus files: each file's layout changed at random lines (indentation re-spelled with tabs,
//      spaces and form feeds, lines dropped or repeated), and Python 2 forms dropped in;
//   3. statements the compiler places (`return`, `break`, `yield`, `import *`, a repeated parameter, ...) dropped
//      into corpus files: python3's error, when one of those rules, found with the same message and line;
//   4. generated programs (as in test/python-rules.test.ts, many more).
// For each input: never reject what python3 accepts; find every IndentationError and TabError python3
// finds, with the same class on the same line.
// `npx tsx test/corpus/python-rules-differential.ts [CORPUS] [--mutations N] [--statements N] [--generated N] [--seed S]`
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkPythonRules } from '../../src/core/python-rules.js';
import { loadPythonParser } from '../../src/core/parser.js';
import { decodePythonSource } from '../../src/runner/read-source.js';
import { compileWithPython } from '../helpers/python-compile.js';
import { judge, lineOf, mutateLayout, randomProgram, withPython2Form, type Disagreement } from '../helpers/python-rules-cases.js';
import { seededRandom } from '../helpers/random-edits.js';
import { pythonFiles, takeFlag } from './corpus-files.js';

const args = process.argv.slice(2);
const mutations = Number(takeFlag(args, '--mutations') ?? 20000);
const generated = Number(takeFlag(args, '--generated') ?? 20000);
const statementsMutated = Number(takeFlag(args, '--statements') ?? 20000);
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

// 3. Statements the compiler places (python-statement-rules.ts) dropped into corpus files python3 compiles, at
//    a random line with that line's indentation, or a parameter repeated in a `def`: python3's error, when it
//    is one of these rules, must be found with the same message on the same line.
const parser = await loadPythonParser();
const compiles = texts.filter((t, i) => python[i]!.ok && t.length < 20000 && !t.includes('\t'));
const STATEMENTS = ['return', 'return 1', 'break', 'continue', 'yield 1', 'x = yield 1', 'await f()', 'x = await f()', 'nonlocal q', 'global self', 'from os import *', 'if q: break', 'for q in r: continue', 'while q: return'];
const dropped: string[] = [];
for (let i = 0; i < statementsMutated; i++) {
  const text = compiles[Math.floor(random() * compiles.length)]!;
  const lines = text.split('\n');
  if (random() < 0.2) {
    // `def f(a, b)` -> `def f(a, b, a)`: a repeated parameter.
    const defs = lines.flatMap((l, k) => (/^\s*(?:async\s+)?def\s+\w+\((\w+)[^()]*\)/.test(l) ? [k] : []));
    if (defs.length === 0) continue;
    const k = defs[Math.floor(random() * defs.length)]!;
    lines[k] = lines[k]!.replace(/\((\w+)([^()]*)\)/, (_, first: string, rest: string) => `(${first}${rest}, ${first})`);
  } else {
    // Before a line where a statement starts (so never inside brackets or a string), at its indentation.
    const starts = statementLines(text);
    if (starts.length === 0) continue;
    const at = starts[Math.floor(random() * starts.length)]!;
    const indent = /^[ ]*/.exec(lines[at]!)![0];
    lines.splice(at, 0, indent + STATEMENTS[Math.floor(random() * STATEMENTS.length)]!);
  }
  dropped.push(lines.join('\n'));
}
/** The 0-based lines where a statement starts, first on its line (tree-sitter's statements and definitions). */
function statementLines(text: string): number[] {
  const tree = parser.parse(text);
  const rows = new Set<number>();
  const cursor = tree.walk();
  const lines = text.split('\n');
  try {
    for (;;) {
      const type = cursor.nodeType;
      if (/(?:statement|definition)$/.test(type) && type !== 'decorated_definition') {
        const { row, column } = cursor.startPosition;
        if (column === /^[ ]*/.exec(lines[row] ?? '')![0].length) rows.add(row);
      }
      if (cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) if (!cursor.gotoParent()) return [...rows].sort((a, b) => a - b);
    }
  } finally {
    cursor.delete();
    tree.delete();
  }
}
const STATEMENT_ERRORS = /^(?:'return' outside function|from __future__ imports must occur at the beginning of the file|'break' outside loop|'continue' not properly in loop|'yield' outside function|'await' outside (?:async )?function|nonlocal declaration not allowed at module level|import \* only allowed at module level|duplicate argument '.*' in function definition|name '.*' is parameter and (?:global|nonlocal))$/;
for (let i = 0; i < dropped.length; i += BATCH) {
  const batch = dropped.slice(i, i + BATCH);
  const python = compileWithPython(batch);
  batch.forEach((source, k) => {
    const p = python[k]!;
    const checker = checkPythonRules(source);
    const claimed = !p.ok && p.errorClass === 'SyntaxError' && STATEMENT_ERRORS.test(p.message ?? '');
    count(`statements: python ${p.ok ? 'ok' : claimed ? 'a statement rule' : p.errorClass}`);
    if (p.ok && checker) problems.push({ source, python: p, checker, problem: 'false rejection: Python accepts it' });
    else if (claimed && (!checker || checker.message !== p.message || lineOf(source, checker.offset) !== p.line)) {
      problems.push({ source, python: p, checker, problem: `statement rule: Python says line ${p.line}: ${p.message}; checker ${checker ? `line ${lineOf(source, checker.offset)}: ${checker.message}` : 'accepts'}` });
    }
  });
}

// 4. Generated programs.
const programs = Array.from({ length: generated }, (_, i) => (i % 4 === 0 ? randomProgram(random) : mutateLayout(randomProgram(random), random)));
judgeAll('generated', programs);

for (const [k, v] of Object.entries(counts).sort()) console.log(`  ${k}: ${v}`);
if (problems.length) {
  console.log(`FAILED: ${problems.length} disagreement(s)`);
  for (const p of problems.slice(0, 10)) console.log(`  ${p.problem}: ${JSON.stringify(p.source).slice(0, 300)} checker: ${p.checker?.message}`);
  if (process.env.DUMP) writeFileSync(process.env.DUMP, JSON.stringify(problems, null, 1));
  process.exitCode = 1;
} else console.log('python-rules differential: no disagreement');
