// logging-format against Ruff on real code: every call whose message Ruff's preview G004 fix rewrites
// must be rewritten by logging-format too (or be listed here with logging-format's reason), and the
// calls logging-format rewrote must leave no G001/G002/G003/G004/G010 diagnostic behind.
//
//   npx tsx test/corpus/logging-format-vs-ruff.ts [--list] [--assume-logger-names] [DIR...]   (default /tmp/pycodemod-corpus)
//
// Exits 1 when a rewritten call still has a G diagnostic, a rewrite does not parse or a second run
// changes it. Ruff-only calls are listed (they are explained in the README, not failures).
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { PositionEncoding, Workspace } from '@astral-sh/ruff-wasm-nodejs';
import type { Node } from 'web-tree-sitter';
import { transformSourceWith } from '../../src/core/transform-source.js';
import { loadPythonParser } from '../../src/core/parser.js';
import { LineIndex } from '../../src/core/text.js';
import { builtinTransforms } from '../../transforms/index.js';
import { pythonFiles } from './corpus-files.js';

const ID = 'logging-format';
const G_RULES = ['G001', 'G002', 'G003', 'G004', 'G010'];
const args = process.argv.slice(2);
const list = args.includes('--list');
const settings = { transformOptions: { [ID]: { 'assume-logger-names': args.includes('--assume-logger-names') } } };
const dirs = args.filter((a) => !a.startsWith('--'));
if (dirs.length === 0) dirs.push('/tmp/pycodemod-corpus');
const transform = builtinTransforms.find((t) => t.id === ID)!;

interface RuffDiagnostic {
  code: string | null;
  start_location: { row: number; column: number };
  fix: unknown;
}

/** The line of the call that holds a diagnostic (Ruff points at the message, we at the call). */
function callLine(root: Node, index: LineIndex, row: number, column: number): number {
  const offset = index.lineStart(row - 1) + column - 1;
  for (let n: Node | null = root.descendantForIndex(offset, offset); n; n = n.parent) if (n.type === 'call' && n.startIndex < offset) return n.startPosition.row + 1;
  return row;
}

async function main() {
  const parser = await loadPythonParser();
  const preview = new Workspace({ preview: true, lint: { preview: true, select: ['G004'] } }, PositionEncoding.Utf16);
  const stable = new Workspace({ lint: { select: G_RULES } }, PositionEncoding.Utf16);
  let files = 0;
  let ruffFixes = 0;
  let ruffDiagnostics = 0;
  let ours = 0;
  let covered = 0;
  let leftOver = 0;
  let unstable = 0;
  const kinds = new Map<string, number>();
  const reasons = new Map<string, number>();
  const ruffOnly: string[] = [];
  const problems: string[] = [];
  for (const dir of dirs) {
    for (const file of pythonFiles(dir)) {
      const source = readFileSync(file, 'utf8');
      if (!source.includes('log')) continue;
      files++;
      const rel = relative(dir, file);
      const result = await transformSourceWith(source, { path: rel, transforms: [transform], settings });
      if (result.kind !== 'ok') continue;
      const oursLines = new Set(result.edits.filter((e) => e.transform === ID).map((e) => e.line));
      ours += oursLines.size;
      for (const e of result.edits) if (e.transform === ID) kinds.set(e.message, (kinds.get(e.message) ?? 0) + 1);
      const skipByLine = new Map<number, string>();
      for (const s of result.skips) {
        if (s.transformId !== ID) continue;
        skipByLine.set(s.line, s.reason);
        const key = s.reason.replace(/`[^`]*`/g, '`…`').replace(/\(line \d+\)|line \d+/g, 'line N');
        reasons.set(key, (reasons.get(key) ?? 0) + 1);
      }
      let diagnostics: RuffDiagnostic[] = [];
      try {
        diagnostics = preview.check(source) as RuffDiagnostic[];
      } catch {
        continue;
      }
      const tree = parser.parse(source);
      const index = new LineIndex(source);
      for (const d of diagnostics) {
        ruffDiagnostics++;
        if (!d.fix) continue;
        ruffFixes++;
        const line = callLine(tree.rootNode, index, d.start_location.row, d.start_location.column);
        if (oursLines.has(line)) covered++;
        else ruffOnly.push(`${rel}:${line}: ${skipByLine.get(line) ?? '(not a logging call logging-format sees)'}\n    ${source.split(/\r\n|\n|\r/)[line - 1]!.trim()}`);
      }
      tree.delete();
      if (result.output === source) continue;
      // Nothing left for Ruff on the calls we rewrote.
      const outIndex = result.output.split(/\r\n|\n|\r/);
      const after = await transformSourceWith(result.output, { path: rel, transforms: [transform], settings });
      if (after.kind !== 'ok' || after.output !== result.output) {
        unstable++;
        problems.push(`second run changes ${rel}`);
      }
      const outTree = parser.parse(result.output);
      if (outTree.rootNode.hasError) problems.push(`does not parse: ${rel}`);
      const outLines = new LineIndex(result.output);
      const rewrittenCalls = oursLines;
      for (const d of stable.check(result.output) as RuffDiagnostic[]) {
        if (!d.code || !G_RULES.includes(d.code)) continue;
        const line = callLine(outTree.rootNode, outLines, d.start_location.row, d.start_location.column);
        // Our edits keep line numbers (one call per line: the call's first line does not move).
        if (rewrittenCalls.has(line)) {
          leftOver++;
          problems.push(`${d.code} left on a rewritten call: ${rel}:${line}: ${outIndex[line - 1]?.trim()}`);
        }
      }
      outTree.delete();
    }
  }
  console.log(`files with "log": ${files}`);
  console.log(`logging-format rewrote ${ours} calls:`);
  for (const [k, n] of [...kinds].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(5)}  ${k}`);
  console.log(`Ruff G004 (preview): ${ruffDiagnostics} diagnostics, ${ruffFixes} with a fix; logging-format rewrites ${covered} of those; ${ruffOnly.length} only Ruff fixes`);
  console.log('top reasons logging-format left a call:');
  for (const [r, n] of [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${String(n).padStart(5)}  ${r}`);
  if (list || ruffOnly.length <= 40) for (const r of ruffOnly) console.log(`  ruff only: ${r}`);
  console.log(`must be zero: G diagnostics left on rewritten calls ${leftOver}, non-idempotent ${unstable}, problems ${problems.length}`);
  for (const p of problems.slice(0, 40)) console.log(`  ${p}`);
  process.exitCode = problems.length > 0 ? 1 : 0;
}

await main();
