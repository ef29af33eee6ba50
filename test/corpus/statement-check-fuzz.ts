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
import { pythonFiles, takeFlag } from './corpus-files.js';
import { randomEdits, seededRandom } from '../helpers/random-edits.js';

const args = process.argv.slice(2);
const editsPerFile = Number(takeFlag(args, '--edits') ?? 20);
const seed = Number(takeFlag(args, '--seed') ?? 1);
const pythonSample = Number(takeFlag(args, '--python') ?? 0);
const dir = args[0];
if (!dir) throw new Error('usage: statement-check-fuzz.ts CORPUS [--edits N] [--seed S]');

const random = seededRandom(seed);

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
    for (let n = 0; n < editsPerFile; n++) {
      const edits = randomEdits(source, random);
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
