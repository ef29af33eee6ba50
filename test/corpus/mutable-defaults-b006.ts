// mutable-defaults against Ruff's B006 on real code.
//
//   npx tsx test/corpus/mutable-defaults-b006.ts [CORPUS] [--target py39] [--package NAME] [--show N] [--stress]
//
// --stress first turns every `=None` default of every `def` into `=[]`, so that every real function
// layout in the corpus (docstrings, comments, one-line bodies, decorators, annotations) is exercised.
//
// CORPUS defaults to /tmp/pycodemod-corpus (built by shared/corpus/build-corpus.sh). For every .py file:
// Ruff (B006 only) lists the mutable defaults it flags; pycodemod's mutable-defaults runs on the file.
// Every B006 hit must be either rewritten by us or reported as a skip with a reason ("missed" must be
// 0); every rewritten file must parse with python3; a second run must change nothing.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Node } from 'web-tree-sitter';
import { PositionEncoding, Workspace } from '@astral-sh/ruff-wasm-nodejs';
import mutableDefaults from '../../transforms/mutable-defaults/index.js';
import { transformSourceWith } from '../../src/core/transform-source.js';
import { loadPythonParser } from '../../src/core/parser.js';
import { LineIndex } from '../../src/core/text.js';
import type { TargetVersion } from '../../src/core/settings.js';
import { pythonFiles, takeFlag } from './corpus-files.js';

const args = process.argv.slice(2);
const target = (takeFlag(args, '--target') ?? 'py39') as TargetVersion;
const onlyPackage = takeFlag(args, '--package');
const show = Number(takeFlag(args, '--show') ?? 5);
const stress = args.includes('--stress');
if (stress) args.splice(args.indexOf('--stress'), 1);
const corpus = args[0] ?? '/tmp/pycodemod-corpus';


/** Offset (UTF-16) of a 1-based row/column from Ruff (UTF-16 columns). */
function offsetOf(lines: LineIndex, row: number, column: number): number {
  return lines.lineStart(row - 1) + column - 1;
}

interface RuffDiagnostic {
  code: string | null;
  start_location: { row: number; column: number };
}

const parser = await loadPythonParser();
const ws = new Workspace({ 'target-version': target, lint: { select: ['B006'] } }, PositionEncoding.Utf16);
const settings = { targetVersion: target };
const run = (source: string, path: string) => transformSourceWith(source, { path, transforms: [mutableDefaults], settings });

let files = 0;
let notPython3 = 0;
let hits = 0;
let rewritten = 0;
let skipped = 0;
let filesRewritten = 0;
let rewrittenNotB006 = 0;
const missed: string[] = [];
const extra: string[] = [];
const immutableButFlagged: string[] = [];
const notIdempotent: string[] = [];
const failed: string[] = [];
const reasons = new Map<string, number>();
const outDir = mkdtempSync(join(tmpdir(), 'md-b006-'));
const written = new Map<string, string>();

const packages = readdirSync(corpus).filter((d) => statSync(join(corpus, d)).isDirectory() && (!onlyPackage || d === onlyPackage)).sort();
for (const pkg of packages) {
  for (const file of pythonFiles(join(corpus, pkg))) {
    const rel = relative(corpus, file);
    let source = readFileSync(file, 'utf8');
    if (source.startsWith('\uFEFF')) source = source.slice(1);
    let tree = parser.parse(source);
    if (tree.rootNode.hasError) {
      tree.delete();
      continue;
    }
    if (stress) {
      source = noneDefaultsToLists(source, tree.rootNode);
      tree.delete();
      tree = parser.parse(source);
    }
    let all: RuffDiagnostic[];
    try {
      all = ws.check(source) as RuffDiagnostic[];
    } catch {
      all = [{ code: 'invalid-syntax', start_location: { row: 1, column: 1 } }];
    }
    if (all.some((d) => d.code === 'invalid-syntax' || d.code === null)) {
      // Not Python 3 (lib2to3's Python 2 test data): tree-sitter accepts more than Python does.
      notPython3++;
      tree.delete();
      continue;
    }
    files++;
    const diagnostics = all.filter((d) => d.code === 'B006');
    const result = await run(source, rel);
    if (result.kind !== 'ok') {
      failed.push(`${rel}: ${result.kind} ${'message' in result ? result.message : ''}`);
      tree.delete();
      continue;
    }
    const lines = new LineIndex(source);
    const skipAt = new Map(result.skips.map((s) => [s.offset, s.reason]));
    // The functions we rewrote, and the parameter names each message lists.
    const fixedParams = new Set<string>();
    for (const e of result.edits) {
      const at = offsetOf(lines, e.line, [...source.slice(lines.lineStart(e.line - 1))].slice(0, e.column - 1).join('').length + 1);
      const func = enclosing(tree.rootNode.descendantForIndex(at), 'function_definition');
      for (const m of e.message.matchAll(/`([^`]+)`/g)) if (func) fixedParams.add(`${func.startIndex}:${m[1]}`);
    }
    let fileRewrites = 0;
    for (const d of diagnostics) {
      hits++;
      const at = offsetOf(lines, d.start_location.row, d.start_location.column);
      const param = enclosingParam(tree.rootNode.descendantForIndex(at));
      const func = param?.parent?.parent;
      const name = param ? (param.childForFieldName('name') ?? param.namedChild(0))?.text : undefined;
      const reason = param ? skipAt.get(param.startIndex) : undefined;
      if (reason) {
        skipped++;
        const key = reason.replace(/`[^`]*`/g, '`…`');
        reasons.set(key, (reasons.get(key) ?? 0) + 1);
      } else if (func && name && fixedParams.has(`${func.startIndex}:${name}`)) {
        rewritten++;
        fileRewrites++;
      } else missed.push(`${rel}:${d.start_location.row}:${d.start_location.column}`);
    }
    if (fixedParams.size > fileRewrites) {
      rewrittenNotB006 += fixedParams.size - fileRewrites;
      const flagged = new Set(diagnostics.map((d) => {
        const param = enclosingParam(tree.rootNode.descendantForIndex(offsetOf(lines, d.start_location.row, d.start_location.column)));
        return param ? `${param.parent!.parent!.startIndex}:${(param.childForFieldName('name') ?? param.namedChild(0))!.text}` : '';
      }));
      for (const key of fixedParams) if (!flagged.has(key)) extra.push(`${rel}:${lines.position(Number(key.split(':')[0])).line} ${key.split(':')[1]}`);
    }
    for (const d of diagnostics) {
      const param = enclosingParam(tree.rootNode.descendantForIndex(offsetOf(lines, d.start_location.row, d.start_location.column)));
      const reason = param && skipAt.get(param.startIndex);
      if (reason && /promises no mutation/.test(reason)) immutableButFlagged.push(`${rel}:${d.start_location.row} ${param.text}`);
    }
    tree.delete();
    if (result.output !== source) {
      filesRewritten++;
      const name = `${written.size}.py`;
      writeFileSync(join(outDir, name), result.output);
      written.set(name, rel);
      const again = await run(result.output, rel);
      if (again.kind !== 'ok' || again.output !== result.output) notIdempotent.push(rel);
    }
  }
}

// python3 judges every rewritten file in one process.
const check = spawnSync(
  'python3',
  ['-c', 'import ast,os,sys\nd=sys.argv[1]\nfor n in sorted(os.listdir(d)):\n  try: ast.parse(open(os.path.join(d,n),"rb").read())\n  except SyntaxError as e: print(n, e)', outDir],
  { encoding: 'utf8' },
);
const unparsable = check.stdout.split('\n').filter(Boolean).map((l) => `${written.get(l.split(' ')[0]!)}: ${l}`);
rmSync(outDir, { recursive: true, force: true });

const list = (items: string[]) => items.slice(0, show).map((i) => `    ${i}`).join('\n');
console.log(`mutable-defaults vs Ruff B006 (target ${target}) on ${corpus}${onlyPackage ? ` (${onlyPackage})` : ''}${stress ? ', every `=None` def default made `=[]`' : ''}`);
console.log(`  files checked:               ${files} (${notPython3} more left out: not valid Python 3)`);
console.log(`  B006 hits:                   ${hits}`);
console.log(`  rewritten by us:             ${rewritten}`);
console.log(`  reported as skip by us:      ${skipped}`);
for (const [r, n] of [...reasons].sort((a, b) => b[1] - a[1])) console.log(`    ${String(n).padStart(4)}  ${r}`);
console.log(`  missed:                      ${missed.length}${missed.length ? `\n${list(missed)}` : ''}`);
console.log(`  also rewritten (no B006):    ${rewrittenNotB006}${extra.length ? `\n${list(extra)}` : ''}`);
if (immutableButFlagged.length) console.log(`  flagged by B006, immutable annotation for us:\n${list(immutableButFlagged)}`);
console.log(`  files rewritten:             ${filesRewritten}`);
console.log(`  files python3 cannot parse:  ${unparsable.length}${unparsable.length ? `\n${list(unparsable)}` : ''}`);
console.log(`  second run changes:          ${notIdempotent.length}${notIdempotent.length ? `\n${list(notIdempotent)}` : ''}`);
console.log(`  engine failures:             ${failed.length}${failed.length ? `\n${list(failed)}` : ''}`);
process.exitCode = missed.length || unparsable.length || notIdempotent.length || failed.length ? 1 : 0;

function enclosing(node: Node | null, type: string): Node | null {
  for (let n = node; n; n = n.parent) if (n.type === type) return n;
  return null;
}

function enclosingParam(node: Node | null): Node | null {
  for (let n = node; n; n = n.parent) if (n.type === 'default_parameter' || n.type === 'typed_default_parameter') return n;
  return null;
}

/** The source with every `=None` default of a `def` replaced by `=[]` (for --stress). */
function noneDefaultsToLists(source: string, root: Node): string {
  const values = root
    .descendantsOfType(['default_parameter', 'typed_default_parameter'])
    .map((p) => p?.childForFieldName('value'))
    .filter((v): v is Node => v?.type === 'none' && v.parent?.parent?.parent?.type === 'function_definition');
  let out = source;
  for (const v of values.reverse()) out = out.slice(0, v.startIndex) + '[]' + out.slice(v.endIndex);
  return out;
}
