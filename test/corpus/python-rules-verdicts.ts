// Per corpus file, three verdicts side by side: tree-sitter's parse, the Python-rules checker
// (src/core/python-rules.ts) and python3's compile(). Prints the files the checker rejects although
// tree-sitter accepts them (by rule), every false rejection (python3 compiles the file) and every file
// python3 rejects that both tree-sitter and the checker let through (grouped by Python's message), and the
// checker's time next to the parse's. `npx tsx test/corpus/python-rules-verdicts.ts [CORPUS] [--list]`
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadPythonParser } from '../../src/core/parser.js';
import { checkPythonRules, describeViolation } from '../../src/core/python-rules.js';
import { decodePythonSource } from '../../src/runner/read-source.js';
import { compileWithPython } from '../helpers/python-compile.js';
import { pythonFiles } from './corpus-files.js';

const args = process.argv.slice(2);
const list = args.includes('--list');
const corpus = args.find((a) => !a.startsWith('--')) ?? join(process.env.TMPDIR ?? '/tmp', 'pycodemod-corpus');

/** The message without what varies by file (names, numbers, line references). */
function rule(message: string): string {
  return message.replace(/`[^`]*`/g, (m) => (/^`(except|raise|print|exec|<>|ur|0777|10L)/.test(m) ? m : '`…`')).replace(/(?<!Python )\b\d+\b/g, 'N');
}

async function main(): Promise<void> {
  const parser = await loadPythonParser();
  const paths = pythonFiles(corpus);
  const files: { path: string; text: string }[] = [];
  let undecodable = 0;
  for (const path of paths) {
    const decoded = decodePythonSource(readFileSync(path));
    if (decoded.ok) files.push({ path: relative(corpus, path), text: decoded.text });
    else undecodable++;
  }
  let parseCpu = 0;
  let checkCpu = 0;
  const rows = files.map(({ path, text }) => {
    let t = process.cpuUsage();
    const tree = parser.parse(text);
    const treeOk = !tree.rootNode.hasError;
    tree.delete();
    let u = process.cpuUsage(t);
    parseCpu += u.user + u.system;
    t = process.cpuUsage();
    const v = checkPythonRules(text);
    u = process.cpuUsage(t);
    checkCpu += u.user + u.system;
    return { path, treeOk, checker: v ? describeViolation(v) : undefined, checkerLine: v ? text.slice(0, v.offset).split(/\r\n|\r|\n/).length : undefined };
  });
  const python = files.flatMap((_, i) => (i % 1000 === 0 ? compileWithPython(files.slice(i, i + 1000).map((f) => f.text)) : []));

  const byRule = new Map<string, string[]>();
  const falseRejections: string[] = [];
  const wrongLine: string[] = [];
  const missed = new Map<string, string[]>();
  const treeRejects = { pythonOk: [] as string[], pythonRejects: 0 };
  rows.forEach((r, i) => {
    const p = python[i]!;
    if (!r.treeOk) {
      if (p.ok) treeRejects.pythonOk.push(r.path);
      else treeRejects.pythonRejects++;
      return;
    }
    if (r.checker) {
      if (p.ok) falseRejections.push(`${r.path}: ${r.checker}`);
      else if (p.line !== r.checkerLine) wrongLine.push(`${r.path}: checker line ${r.checkerLine}, python3 line ${p.line} (${p.errorClass}: ${p.message})`);
      const key = rule(r.checker);
      byRule.set(key, [...(byRule.get(key) ?? []), `${r.path}:${r.checkerLine}  [python3: ${p.ok ? 'ok' : `${p.errorClass}: ${p.message}, line ${p.line}`}]`]);
    } else if (!p.ok) {
      const key = `${p.errorClass}: ${rule(p.message ?? '')}`;
      missed.set(key, [...(missed.get(key) ?? []), `${r.path}:${p.line}`]);
    }
  });

  const rejected = [...byRule.values()].reduce((n, v) => n + v.length, 0);
  console.log(`${files.length} files read (${undecodable} not UTF-8 / undecodable, left out)`);
  console.log(`tree-sitter rejects ${rows.filter((r) => !r.treeOk).length}: python3 rejects ${treeRejects.pythonRejects} of them, compiles ${treeRejects.pythonOk.length} (${treeRejects.pythonOk.join(', ')})`);
  console.log(`tree-sitter accepts ${rows.filter((r) => r.treeOk).length}; the checker rejects ${rejected} of them:`);
  for (const [k, v] of [...byRule].sort((a, b) => b[1].length - a[1].length)) {
    console.log(`  ${v.length}  ${k}`);
    if (list) for (const f of v) console.log(`        ${f}`);
  }
  console.log(`false rejections (python3 compiles the file): ${falseRejections.length}${falseRejections.map((f) => `\n  ${f}`).join('')}`);
  console.log(`rejected on another line than python3's first error: ${wrongLine.length}${wrongLine.map((f) => `\n  ${f}`).join('')}`);
  const missedCount = [...missed.values()].reduce((n, v) => n + v.length, 0);
  console.log(`python3 rejects, tree-sitter and the checker accept: ${missedCount}`);
  for (const [k, v] of [...missed].sort((a, b) => b[1].length - a[1].length)) console.log(`  ${v.length}  ${k}${list || v.length <= 3 ? `: ${v.join(', ')}` : ''}`);
  console.log(`CPU, one thread: tree-sitter parse ${(parseCpu / 1e6).toFixed(2)} s, checker ${(checkCpu / 1e6).toFixed(2)} s (${((100 * checkCpu) / parseCpu).toFixed(1)}% of the parse)`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
