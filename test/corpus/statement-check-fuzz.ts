// Fuzzes the engine's statement check on real files: random line and character edits, each judged by the
// check and by a full parse. The check may say "not proven" for anything, but whenever it says "parses"
// the full parse must agree. With --python N, up to N proven rewrites are also compiled by python3, which
// is stricter than tree-sitter (indentation, empty blocks): how often does that judge disagree?
// `npx tsx test/corpus/statement-check-fuzz.ts CORPUS [--edits N] [--seed S] [--python N]`
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyFixes } from '../../src/core/applier.js';
import { loadPythonParser } from '../../src/core/parser.js';
import { rewrittenStatementsParse } from '../../src/core/statement-check.js';
import type { Edit } from '../../src/core/types.js';
import { pythonFiles, takeFlag } from './corpus-files.js';

const args = process.argv.slice(2);
const editsPerFile = Number(takeFlag(args, '--edits') ?? 20);
let seed = Number(takeFlag(args, '--seed') ?? 1);
const pythonSample = Number(takeFlag(args, '--python') ?? 0);
const dir = args[0];
if (!dir) throw new Error('usage: statement-check-fuzz.ts CORPUS [--edits N] [--seed S]');

/** A small deterministic generator (mulberry32), so a failure can be replayed with its seed. */
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

// Pieces that make or break Python: indentation, headers, brackets, quotes, statements, blank lines.
const PIECES = [
  '\n', '    ', '\t', 'pass\n', 'x = 1\n', '    x = 1\n', 'if x:\n', '    if x:\n', ')', '(', '"', "'''", '#', ':', '',
  'else:\n', '    elif x:\n', 'except E:\n', '    finally:\n', 'case 1:\n', '@d\n', '    @d\n', '\\\n', 'x = \\\n', 'x = (\n', '"""\n',
];

function randomEdit(source: string, lineStarts: number[]): Edit {
  const kind = random();
  const line = Math.floor(random() * lineStarts.length);
  const start = lineStarts[line]!;
  const end = lineStarts[line + 1] ?? source.length;
  if (kind < 0.3) return { start, end: start, text: pick(PIECES) }; // insert at a line start
  if (kind < 0.5) return { start, end, text: '' }; // delete a line
  if (kind < 0.7) return { start, end, text: source.slice(start, end).replace(/^\s*/, pick(['', '    ', '        ', '\t'])) }; // re-indent
  const at = start + Math.floor(random() * Math.max(1, end - start));
  return { start: at, end: Math.min(source.length, at + Math.floor(random() * 3)), text: pick(PIECES) }; // inside a line
}

async function main(): Promise<void> {
  const parser = await loadPythonParser();
  let trials = 0;
  let proven = 0;
  let wrong = 0;
  const sampleDir = mkdtempSync(join(tmpdir(), 'pycodemod-fuzz-'));
  let sampled = 0;
  for (const path of pythonFiles(dir!)) {
    const source = readFileSync(path, 'utf8');
    const tree = parser.parse(source);
    if (tree.rootNode.hasError) {
      tree.delete();
      continue;
    }
    const lineStarts = [0];
    for (let i = source.indexOf('\n'); i !== -1 && i + 1 < source.length; i = source.indexOf('\n', i + 1)) lineStarts.push(i + 1);
    for (let n = 0; n < editsPerFile; n++) {
      const edits = Array.from({ length: 1 + Math.floor(random() * 3) }, () => randomEdit(source, lineStarts));
      const fixes = edits.map((e) => ({ transformId: 'fuzz', message: '', offset: e.start, edits: [e] }));
      const result = applyFixes(source, fixes);
      if (result.applied.length === 0) continue;
      trials++;
      if (!rewrittenStatementsParse(parser, tree, source, result.output, result.edits)) continue;
      proven++;
      const full = parser.parse(result.output);
      if (full.rootNode.hasError) {
        wrong++;
        if (wrong <= 5) process.stderr.write(`WRONG ${path}: ${JSON.stringify(result.edits)}\n`);
      }
      full.delete();
      if (sampled < pythonSample && random() < 0.2) writeFileSync(join(sampleDir, `${sampled++}.py`), result.output);
    }
    tree.delete();
  }
  process.stdout.write(`${trials} rewrites, ${proven} proven by the statement check, ${wrong} of those do not parse\n`);
  if (sampled > 0) {
    const script = 'import sys,glob\nbad=[f for f in glob.glob(sys.argv[1]+"/*.py") if not ok(f)]\nprint(len(bad), "rejected by python3:", *bad[:5])';
    const ok = 'def ok(f):\n  try:\n    compile(open(f,encoding="utf-8").read(), f, "exec", dont_inherit=True); return True\n  except SyntaxError: return False\n';
    const r = spawnSync('python3', ['-c', ok + script, sampleDir], { encoding: 'utf8' });
    process.stdout.write(`${sampled} proven rewrites compiled by python3: ${r.stdout.trim() || r.stderr.trim()}\n`);
  }
  if (!process.env.KEEP) rmSync(sampleDir, { recursive: true, force: true });
  if (wrong > 0) process.exitCode = 1;
}

void main();
