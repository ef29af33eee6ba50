// Conformance of group-imports with Ruff's I001 fix on real code.
//
//   npx tsx test/corpus/group-imports-conformance.ts [CORPUS] [--limit N] [--show N] [--package NAME]
//       [--option name=value ...] [--line-length N] [--target pyXY] [--scramble]
//
// --scramble reverses every run of one-line import statements first (same input to both tools), so
// that real names get sorted from a disorder rather than mostly confirmed as already sorted.
//
// --option sets a group-imports option (and the same Ruff isort setting) to check options on real code,
// e.g. --option force-sort-within-sections=true --option combine-as-imports=true.
//
// CORPUS defaults to /tmp/pycodemod-corpus (built by shared/corpus/build-corpus.sh): one folder per
// package, the package's importable tree inside. Every .py file is fixed by Ruff (I001 only, its fixes
// applied until stable, as `ruff check --fix` does) and by pycodemod's group-imports, with the same
// settings: line length 88, target py39, known-first-party = the package's own top-level names (none
// for the standard library, whose modules are the standard library). The two results are compared byte
// for byte. Also checked on every file: a second pycodemod run changes nothing; Ruff's output is left
// unchanged by pycodemod; no imported name and no comment disappears.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import groupImports from '../../transforms/group-imports/index.js';
import { transformSourceWith } from '../../src/core/transform-source.js';
import { loadPythonParser } from '../../src/core/parser.js';
import { ruffFix, ruffWorkspace } from './group-imports-ruff.js';
import { pythonFiles, takeFlag } from './corpus-files.js';

// Skip reasons of the binding guard (transforms/group-imports/safety.ts).
const BINDING_GUARD = /^sorting would /;

const args = process.argv.slice(2);
const limit = Number(takeFlag(args, '--limit') ?? Infinity);
const show = Number(takeFlag(args, '--show') ?? 3);
const onlyPackage = takeFlag(args, '--package');
const lineLength = Number(takeFlag(args, '--line-length') ?? 88);
const target = (takeFlag(args, '--target') ?? 'py39') as 'py39';
const options: Record<string, unknown> = {};
for (let v = takeFlag(args, '--option'); v !== undefined; v = takeFlag(args, '--option')) {
  const [k, raw] = v.split('=');
  options[k!] = raw === 'true' ? true : raw === 'false' ? false : /^-?\d+$/.test(raw!) ? Number(raw) : raw;
}
const scramble = args.includes('--scramble');
if (scramble) args.splice(args.indexOf('--scramble'), 1);
const corpus = args[0] ?? '/tmp/pycodemod-corpus';

/** Reverses each run of consecutive one-line import statements at any indentation. */
function scrambled(source: string): string {
  const lines = source.split('\n');
  const isSimple = (l: string) => /^\s*(import [\w., ]+|from [\w.]+ import [\w., *]+)\s*(#.*)?$/.test(l) && !l.includes(';');
  for (let i = 0; i < lines.length; ) {
    if (!isSimple(lines[i]!)) {
      i++;
      continue;
    }
    const indent = /^\s*/.exec(lines[i]!)![0];
    let j = i;
    while (j < lines.length && isSimple(lines[j]!) && /^\s*/.exec(lines[j]!)![0] === indent) j++;
    lines.splice(i, j - i, ...lines.slice(i, j).reverse());
    i = j;
  }
  return lines.join('\n');
}

function topLevelNames(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => (statSync(join(dir, n)).isDirectory() ? /^[A-Za-z_]\w*$/.test(n) : /^[A-Za-z_]\w*\.py$/.test(n)))
    .map((n) => n.replace(/\.py$/, ''));
}

/** The multiset of imported (module, name, asname) triples, to prove nothing was dropped. */
function importedNames(source: string, parser: Awaited<ReturnType<typeof loadPythonParser>>): Set<string> {
  const tree = parser.parse(source);
  const out = new Set<string>();
  for (const stmt of tree.rootNode.descendantsOfType(['import_statement', 'import_from_statement', 'future_import_statement'])) {
    if (!stmt) continue;
    const mod = stmt.type === 'future_import_statement' ? '__future__' : (stmt.childForFieldName('module_name')?.text ?? '');
    if (stmt.children.some((c) => c?.type === 'wildcard_import')) out.add(`${mod}|*`);
    for (const n of stmt.childrenForFieldName('name')) if (n) out.add(`${mod}|${n.text.replace(/\s+/g, ' ')}`);
  }
  tree.delete();
  return out;
}

/** Every comment's text (trimmed), to prove none was dropped. */
function commentTexts(source: string, parser: Awaited<ReturnType<typeof loadPythonParser>>): Set<string> {
  const tree = parser.parse(source);
  const out = new Set<string>();
  for (const c of tree.rootNode.descendantsOfType('comment')) if (c) out.add(c.text.trim());
  tree.delete();
  return out;
}

function firstDifference(a: string, b: string): string {
  const la = a.split('\n');
  const lb = b.split('\n');
  let i = 0;
  while (i < la.length && i < lb.length && la[i] === lb[i]) i++;
  const from = Math.max(0, i - 2);
  const ctx = (l: string[]) => l.slice(from, i + 4).map((x, k) => `${String(from + k + 1).padStart(5)}| ${x}`).join('\n');
  return `  ruff:\n${ctx(la)}\n  pycodemod:\n${ctx(lb)}`;
}

/** A rough class for a difference, to group the sample. */
function classify(ruff: string, ours: string, source: string): string {
  if (ours === source) return 'pycodemod left the file unchanged (skip or bail-out)';
  if (ruff === source) return 'Ruff left the file unchanged';
  const la = ruff.split('\n');
  const lb = ours.split('\n');
  let i = 0;
  while (i < la.length && i < lb.length && la[i] === lb[i]) i++;
  const a = la[i] ?? '';
  const b = lb[i] ?? '';
  if (a.trim() === '' || b.trim() === '') return 'blank lines';
  if (/#/.test(a) || /#/.test(b)) return 'comment placement';
  if (/^\s*(from|import)\b/.test(a) && /^\s*(from|import)\b/.test(b)) return 'import order or section';
  return 'other';
}

async function main() {
  const parser = await loadPythonParser();
  const packages = readdirSync(corpus).filter((d) => statSync(join(corpus, d)).isDirectory() && (!onlyPackage || d === onlyPackage)).sort();
  let total = 0;
  let same = 0;
  let skippedSyntax = 0;
  let changedByRuff = 0;
  let deliberate = 0;
  const guarded: string[] = [];
  const problems: string[] = [];
  const kinds = new Map<string, { count: number; samples: string[] }>();
  const started = Date.now();
  for (const pkg of packages) {
    const dir = join(corpus, pkg);
    const firstParty = pkg === 'stdlib' ? [] : topLevelNames(dir);
    const ws = ruffWorkspace({ lineLength, targetVersion: target, options, knownFirstParty: firstParty });
    let pkgTotal = 0;
    let pkgSame = 0;
    for (const file of pythonFiles(dir)) {
      if (total >= limit) break;
      const rel = relative(corpus, file);
      let source = readFileSync(file, 'utf8');
      if (source.startsWith('\uFEFF')) source = source.slice(1);
      if (scramble) source = scrambled(source);
      const tree = parser.parse(source);
      const broken = tree.rootNode.hasError;
      tree.delete();
      const ruff = broken ? undefined : ruffFix(ws, source);
      if (ruff === undefined) {
        skippedSyntax++;
        continue;
      }
      const settings = {
        knownFirstParty: firstParty,
        src: [],
        projectRoot: '/nonexistent',
        targetVersion: target,
        lineLength,
        transformOptions: { 'group-imports': options },
      };
      const run = (text: string) => transformSourceWith(text, { path: relative(dir, file), transforms: [groupImports], settings });
      const first = await run(source);
      if (first.kind !== 'ok') {
        problems.push(`${rel}: ${first.kind} ${'message' in first ? first.message : ''}`);
        continue;
      }
      total++;
      pkgTotal++;
      const ours = first.output;
      if (ruff !== source) changedByRuff++;
      if (ours === ruff) {
        same++;
        pkgSame++;
      } else if (first.skips.some((k) => BINDING_GUARD.test(k.reason))) {
        // README difference 1: the binding guard left a block alone where sorting changes a name's meaning.
        deliberate++;
        pkgSame++;
        if (guarded.length < show) guarded.push(`${rel}: ${first.skips.find((k) => BINDING_GUARD.test(k.reason))!.reason}`);
      } else {
        const kind = classify(ruff, ours, source);
        const k = kinds.get(kind) ?? { count: 0, samples: [] };
        k.count++;
        if (k.samples.length < show) k.samples.push(`${rel}\n${firstDifference(ruff, ours)}`);
        kinds.set(kind, k);
      }
      const second = await run(ours);
      if (second.kind !== 'ok' || second.output !== ours) problems.push(`${rel}: a second run changed the file`);
      const onRuff = await run(ruff);
      if (onRuff.kind !== 'ok' || onRuff.output !== ruff) problems.push(`${rel}: changed a file Ruff had already sorted`);
      const before = importedNames(source, parser);
      const after = importedNames(ours, parser);
      for (const name of before) if (!after.has(name)) problems.push(`${rel}: import ${name} vanished`);
      if (ours !== source) {
        const kept = commentTexts(ours, parser);
        for (const c of commentTexts(source, parser)) if (!kept.has(c)) problems.push(`${rel}: comment ${JSON.stringify(c)} vanished`);
      }
    }
    console.log(`${pkg.padEnd(10)} ${pkgSame}/${pkgTotal} identical or deliberately different`);
  }
  const share = total === 0 ? 0 : (100 * (same + deliberate)) / total;
  console.log(
    `\nidentical to Ruff's I001 fix: ${same}/${total} files; with the ${deliberate} deliberate differences ` +
      `(blocks the binding guard left alone): ${share.toFixed(2)}%  (${skippedSyntax} files skipped: syntax errors)`,
  );
  for (const g of guarded) console.log(`  guard: ${g}`);
  console.log(`files Ruff's fix changed: ${changedByRuff}`);
  console.log(`time: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  for (const [kind, { count, samples }] of [...kinds].sort((a, b) => b[1].count - a[1].count)) {
    console.log(`\n== ${kind}: ${count} file(s)`);
    for (const s of samples) console.log(s + '\n');
  }
  if (problems.length) {
    console.log(`\n== problems (${problems.length})`);
    for (const p of problems.slice(0, 50)) console.log('  ' + p);
  }
  process.exitCode = share >= 99 && problems.length === 0 ? 0 : 1;
}

await main();
