// The print-to-logging corpus check: run the transform over every file of a real-world corpus and
// report what it did and whether the results hold up.
//
//   npx tsx test/corpus/print-to-logging-check.ts [--include-main] [CORPUS_DIR]   (default /tmp/pycodemod-corpus)
//
// --include-main also rewrites `__main__` code: more prints, a harder test of the must-be-zero counts.
// Reports print calls seen, rewritten (share), skipped by reason; and must-be-zero counts: rewritten
// files python3 cannot parse, files a second run changes, and Ruff logging diagnostics (G001-G004,
// G010, LOG015) on the lines of the new calls. Exits 1 when a must-be-zero count is not zero.
// --dump FILE writes every rewrite and skip (file, line, message or reason), one per line, so two
// versions of the transform can be compared with diff.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { diffLines } from 'diff';
import { PositionEncoding, Workspace } from '@astral-sh/ruff-wasm-nodejs';
import { transformSourceWith } from '../../src/core/transform-source.js';
import { loadPythonParser } from '../../src/core/parser.js';
import { builtinTransforms } from '../../transforms/index.js';
import { pythonFiles } from './corpus-files.js';

const ID = 'print-to-logging';
// The logging rules, plus Ruff's checks that placeholders and arguments agree in number.
const RUFF_RULES = ['G001', 'G002', 'G003', 'G004', 'G010', 'LOG015', 'PLE1205', 'PLE1206'];
const args = process.argv.slice(2);
const includeMain = args.includes('--include-main');
const dumpAt = args.indexOf('--dump');
const dumpFile = dumpAt >= 0 ? args[dumpAt + 1] : undefined;
const corpus = args.find((a, i) => !a.startsWith('--') && i !== dumpAt + 1) ?? '/tmp/pycodemod-corpus';
const settings = { transformOptions: { [ID]: { 'include-main': includeMain } } };
const transform = builtinTransforms.find((t) => t.id === ID)!;


/** 1-based line numbers of `after` that are not in `before`. */
function addedLines(before: string, after: string): Set<number> {
  const added = new Set<number>();
  let line = 1;
  for (const part of diffLines(before, after)) {
    const count = part.count ?? 0;
    if (part.added) for (let i = 0; i < count; i++) added.add(line + i);
    if (!part.removed) line += count;
  }
  return added;
}

/** Print calls in a source, counted the way the transform sees them. */
function countPrints(parser: Awaited<ReturnType<typeof loadPythonParser>>, source: string): { calls: number; statements: number } {
  if (!source.includes('print')) return { calls: 0, statements: 0 };
  const tree = parser.parse(source);
  try {
    const calls = tree.rootNode
      .descendantsOfType('call')
      .filter((c) => c?.childForFieldName('function')?.type === 'identifier' && c.childForFieldName('function')!.text === 'print').length;
    return { calls, statements: tree.rootNode.descendantsOfType('print_statement').length };
  } finally {
    tree.delete();
  }
}

async function main() {
  const parser = await loadPythonParser();
  const ruff = new Workspace({ lint: { select: RUFF_RULES } }, PositionEncoding.Utf16);
  const outDir = mkdtempSync(join(tmpdir(), 'ptl-corpus-'));
  const reasons = new Map<string, number>();
  const written: { file: string; original: string; source: string }[] = [];
  let files = 0;
  let syntaxErrors = 0;
  let failed = 0;
  let seenCalls = 0;
  let seenStatements = 0;
  let rewritten = 0;
  let skippedCalls = 0;
  let changedFiles = 0;
  let unstable = 0;
  let ruffHits = 0;
  const examples: string[] = [];
  const dump: string[] = [];

  for (const file of pythonFiles(corpus)) {
    files++;
    const rel = relative(corpus, file);
    const source = readFileSync(file, 'utf8');
    const counts = countPrints(parser, source);
    if (counts.calls === 0 && counts.statements === 0) continue;
    // Package trees are first-party-relative: the path inside the package is what the transform sees.
    const first = await transformSourceWith(source, { path: rel, transforms: [transform], settings });
    if (first.kind === 'syntax-error') {
      syntaxErrors++;
      continue;
    }
    if (first.kind === 'failed') {
      failed++;
      examples.push(`failed: ${rel}: ${first.message.split('\n')[0]}`);
      continue;
    }
    seenCalls += counts.calls;
    seenStatements += counts.statements;
    rewritten += first.edits.filter((e) => e.transform === ID).length;
    for (const e of first.edits) if (e.transform === ID) dump.push(`${rel}:${e.line}\trewritten\t${e.message}`);
    for (const s of first.skips) {
      if (s.transformId !== ID) continue;
      dump.push(`${rel}:${s.line}\tskipped\t${s.reason}`);
      if (s.reason.startsWith('Python 2 print statement')) continue;
      skippedCalls++;
      reasons.set(s.reason, (reasons.get(s.reason) ?? 0) + 1);
    }
    if (first.output === source) continue;
    changedFiles++;
    const target = join(outDir, `${written.length}.py`);
    writeFileSync(target, first.output);
    written.push({ file: target, original: rel, source: file });

    const second = await transformSourceWith(first.output, { path: rel, transforms: [transform], settings });
    if (second.kind !== 'ok' || second.output !== first.output) {
      unstable++;
      examples.push(`second run changes: ${rel}`);
    }

    const added = addedLines(source, first.output);
    const diagnostics = ruff.check(first.output) as { code: string | null; message: string; start_location: { row: number } }[];
    for (const d of diagnostics) {
      if (!d.code || !RUFF_RULES.includes(d.code) || !added.has(d.start_location.row)) continue;
      ruffHits++;
      if (examples.length < 40) examples.push(`ruff ${d.code} ${rel}:${d.start_location.row}: ${first.output.split(/\r\n|\n|\r/)[d.start_location.row - 1]?.trim()}`);
    }
  }

  // One python3 process parses every rewritten file.
  // A file python3 cannot parse to begin with (test data for bad encodings, Python 2) does not count.
  const listFile = join(outDir, 'files.txt');
  writeFileSync(listFile, written.map((w) => `${w.source}\t${w.file}`).join('\n'));
  const py = spawnSync(
    'python3',
    [
      '-c',
      'import ast,sys\n' +
        'def ok(p):\n  try: ast.parse(open(p,"rb").read(), p); return None\n  except (SyntaxError, ValueError) as e: return e\n' +
        'for line in open(sys.argv[1]).read().split("\\n"):\n' +
        '  if not line: continue\n  src, out = line.split("\\t")\n' +
        '  if ok(src) is None and ok(out) is not None: print(out, ok(out))',
      listFile,
    ],
    { encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  const unparsable = py.stdout.split('\n').filter(Boolean);
  for (const line of unparsable.slice(0, 10)) {
    const index = Number(/(\d+)\.py/.exec(line)?.[1]);
    examples.push(`python3 cannot parse: ${written[index]?.original}: ${line}`);
  }
  rmSync(outDir, { recursive: true, force: true });

  const pct = (n: number, d: number) => (d === 0 ? '0.0' : ((100 * n) / d).toFixed(1));
  const lines = [
    `corpus: ${corpus} (${files} files)${includeMain ? ', include-main' : ''}`,
    `print() calls seen: ${seenCalls} (plus ${seenStatements} Python 2 print statements, reported)`,
    `rewritten: ${rewritten} (${pct(rewritten, seenCalls)}%), skipped: ${skippedCalls}`,
    `files changed: ${changedFiles}; not parsed by tree-sitter: ${syntaxErrors}; engine failures: ${failed}`,
    'top skip reasons:',
    ...[...reasons].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([r, n]) => `  ${String(n).padStart(6)}  ${r}`),
    `must be 0: python3 cannot parse ${unparsable.length}; second run changes ${unstable}; ruff ${RUFF_RULES.join('/')} on new lines ${ruffHits}`,
    ...examples.slice(0, 40).map((e) => `  ${e}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (dumpFile) writeFileSync(dumpFile, dump.length ? `${dump.join('\n')}\n` : '');
  if (unparsable.length || unstable || ruffHits || failed) process.exitCode = 1;
}

await main();
