// Pattern search and rewrite against ast-grep's own CLI (`ast-grep run -p`, npm @ast-grep/cli).
//
// Search: for every pattern of SEARCH_PATTERNS, the matches (file, start, end) of `ast-grep run -p` and of
// pycodemod's engine must be the same, except where pycodemod deliberately differs (README, "Compared
// with ast-grep"). The proof is mechanical: the matcher's emulation switches (AstGrepBehaviour) reproduce
// each ast-grep behaviour; with all of them on, the matches must be identical, and every difference of
// the default matching is attributed to the switch that removes it.
//
// Rewrite: for every pair of REWRITES, ast-grep's rewritten file and pycodemod's are compared: identical,
// or different in layout only (the same Python AST), or ast-grep's does not parse, or the trees differ
// (then the difference must come from a match difference or a precedence fix, and examples are printed).
//
// `npm run test:patterns-conformance [-- DIR]` runs it over the corpus (default: the standard library);
// test/patterns-conformance.test.ts runs it over the repository's own fixtures.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadPythonParser, type PythonParser } from '../../src/core/parser.js';
import { runEngine } from '../../src/core/engine.js';
import { defaultSettings } from '../../src/core/settings.js';
import { discoverFiles } from '../../src/runner/discover.js';
import { decodePythonSource } from '../../src/runner/read-source.js';
import { AST_GREP, compilePattern, type AstGrepBehaviour, type CompiledPattern } from '../../src/patterns/pattern.js';
import { findMatches } from '../../src/patterns/find.js';
import { parseRule } from '../../src/patterns/rule.js';
import { ruleTransform } from '../../src/patterns/rule-transform.js';
import { astGrepBinary } from '../helpers/ast-grep.js';

/** Calls, attributes, statements, decorators, and `$$$` in every list position. */
export const SEARCH_PATTERNS = [
  'print($$$A)',
  'print($A)',
  '$X.append($A)',
  '$X.assertEquals($$$A)',
  'isinstance($X, $T)',
  'len($X) == 0',
  '$A == None',
  'open($F)',
  'os.path.join($A, $$$REST)',
  '$X.format($$$A)',
  'super($$$A).__init__($$$B)',
  'raise $E from $C',
  'return None',
  'try:\n    $$$BODY\nexcept Exception:\n    $$$H',
  'if __name__ == "__main__":\n    $$$B',
  '@property\ndef $F(self):\n    $$$B',
  '@staticmethod\ndef $F($$$P):\n    $$$B',
  'def $F(self, $$$P):\n    $$$B',
  'def $F($$$P) -> None:\n    $$$B',
  'class $C(Exception):\n    $$$B',
  'lambda $$$P: $E',
  '[$X for $X in $Y]',
  'with open($F) as $H:\n    $$$B',
  'for $I in range(len($X)):\n    $$$B',
  '$A if $C else $B',
  'dict($$$KW)',
  'from $M import $$$N',
  'import $M',
  'assert $C, $M',
  'assert $C',
  '$X = $X + 1',
  'sorted($$$A, key=$K)',
  'getattr($O, $N, None)',
  'warnings.warn($$$A)',
  'await $X',
  'del $$$A',
  'type($X) == $T',
  '"%s" % $X',
  'global $$$N',
  '[$A, $$$REST]',
  '($A, $B)',
  '{"type": $T, $$$REST}',
  'foo($$$A, $B)',
  'return ($A)',
  '$A.$B($A)',
];

export const REWRITES: { pattern: string; rewrite: string }[] = [
  { pattern: '$X.assertEquals($$$A)', rewrite: '$X.assertEqual($$$A)' },
  { pattern: 'logging.warn($$$A)', rewrite: 'logging.warning($$$A)' },
  { pattern: '$X.assertRaisesRegexp($$$A)', rewrite: '$X.assertRaisesRegex($$$A)' },
  { pattern: 'os.getcwdu()', rewrite: 'os.getcwd()' },
  { pattern: '$A == None', rewrite: '$A is None' },
  { pattern: 'len($X) == 0', rewrite: 'not $X' },
  { pattern: 'dict()', rewrite: '{}' },
  { pattern: '$D.has_key($K)', rewrite: '$K in $D' },
  { pattern: 'isinstance($X, $A) or isinstance($X, $B)', rewrite: 'isinstance($X, ($A, $B))' },
  { pattern: 'open($F).read()', rewrite: 'Path($F).read_text()' },
  { pattern: '$X = lambda: $R', rewrite: 'def $X():\n    return $R' },
];

export interface SearchResult {
  pattern: string;
  astGrep: number;
  pycodemod: number;
  /** Matches that differ with every emulation switch on: must be none. */
  unexplained: string[];
  /** Differences of the default matching, by the switch that removes them ('several': only all together). */
  differences: Record<string, number>;
  examples: string[];
}

export interface RewriteResult {
  pattern: string;
  rewrite: string;
  /** Files at least one tool changed. */
  files: number;
  identical: number;
  /** Same Python AST, different text (layout: indentation, line breaks). */
  layoutOnly: number;
  /** ast-grep's rewrite does not parse. */
  astGrepInvalid: number;
  /** Different ASTs: each with its reason. */
  different: Record<string, number>;
  /** pycodemod's rewrite does not parse (must never happen). */
  pycodemodInvalid: number;
  /** Files Python cannot parse before either rewrite (left out). */
  notPython: number;
  examples: string[];
}

interface Corpus {
  dir: string;
  /** Relative path -> text, for the files pycodemod reads (UTF-8). */
  texts: Map<string, string>;
  /** Files that start with a byte order mark: ast-grep's byte offsets count its 3 bytes. */
  bom: Set<string>;
}

export function loadCorpus(dir: string, files?: readonly string[]): Corpus {
  const abs = resolve(dir);
  const list = files ?? discoverFiles([abs], { root: abs }).files.map((f) => relative(abs, f));
  const texts = new Map<string, string>();
  const bom = new Set<string>();
  for (const rel of list) {
    const decoded = decodePythonSource(readFileSync(join(abs, rel)));
    const file = rel.split('\\').join('/');
    if (!decoded.ok) continue;
    texts.set(file, decoded.text);
    if (decoded.bom) bom.add(file);
  }
  return { dir: abs, texts, bom };
}

type Key = string; // `file:startByte-endByte`

function astGrepMatches(corpus: Corpus, pattern: string, binary: string): Set<Key> {
  const r = spawnSync(binary, ['run', '-l', 'python', '-p', pattern, '--json=stream', '.'], { cwd: corpus.dir, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`ast-grep failed on ${JSON.stringify(pattern)}: ${r.stderr}`);
  const out = new Set<Key>();
  for (const line of r.stdout.split('\n')) {
    if (!line) continue;
    const m = JSON.parse(line) as { file: string; range: { byteOffset: { start: number; end: number } } };
    const file = m.file.replace(/^\.\//, '').split('\\').join('/');
    if (corpus.texts.has(file)) out.add(`${file}:${m.range.byteOffset.start}-${m.range.byteOffset.end}`);
  }
  return out;
}

/** Runs `visit` on every parsed file (trees that do not parse are reported once and skipped). */
function eachTree(corpus: Corpus, parser: PythonParser, visit: (file: string, text: string, tree: ReturnType<PythonParser['parse']>) => void): Set<string> {
  const broken = new Set<string>();
  for (const [file, text] of corpus.texts) {
    const tree = parser.parse(text);
    try {
      if (tree.rootNode.hasError) broken.add(file);
      else visit(file, text, tree);
    } finally {
      tree.delete();
    }
  }
  return broken;
}

function byteKey(corpus: Corpus, file: string, text: string, start: number, end: number): Key {
  const bom = corpus.bom.has(file) ? 3 : 0;
  const b = (o: number) => bom + Buffer.byteLength(text.slice(0, o));
  return `${file}:${b(start)}-${b(end)}`;
}

export async function compareSearch(corpus: Corpus, patterns: readonly string[], binary: string): Promise<{ results: SearchResult[]; brokenFiles: number }> {
  const parser = await loadPythonParser();
  const settings = defaultSettings(corpus.dir);
  const switches = Object.keys(AST_GREP) as (keyof AstGrepBehaviour)[];
  const compiled = patterns.map((p, i) => ({
    text: p,
    // The default matching through the real rule transform (what `search` runs)...
    transform: { ...ruleTransform(parseRule({ id: 'pattern', pattern: p }, 'conformance'), parser), id: `p${i}` },
    // ...and the emulations: all switches, and each alone.
    all: compilePattern(p, parser, { astGrep: AST_GREP }),
    single: switches.map((s) => compilePattern(p, parser, { astGrep: { [s]: true } })),
  }));
  const query = (q: string) => parser.query(q);
  const collect = (p: CompiledPattern, file: string, text: string, root: ReturnType<PythonParser['parse']>['rootNode'], into: Set<Key>) => {
    if (p.anchors.some((a) => !text.includes(a.word))) return;
    for (const m of findMatches(p, root, text, query, { qualifiedName: () => undefined })) into.add(byteKey(corpus, file, text, m.node.startIndex, m.node.endIndex));
  };

  // Pass 1, every file: the default matching (through the engine, exactly as a search runs) and the full emulation.
  const ours = patterns.map(() => new Set<Key>());
  const compat = patterns.map(() => new Set<Key>());
  const broken = eachTree(corpus, parser, (file, text, tree) => {
    compiled.forEach((c, i) => collect(c.all, file, text, tree.rootNode, compat[i]!));
  });
  for (const [file, text] of corpus.texts) {
    if (broken.has(file)) continue;
    const outcome = runEngine({ path: file, source: text, transforms: compiled.map((c) => c.transform), settings, parser });
    // A file pycodemod does not accept as Python 3 (a Python 2 `print x`, bad indentation) is left out
    // as one that does not parse: pycodemod reports it as a syntax error instead of searching it.
    if (outcome.kind !== 'ok') {
      broken.add(file);
      continue;
    }
    for (const f of outcome.findings) ours[Number(f.transformId.slice(1))]!.add(byteKey(corpus, file, text, f.offset, f.end));
  }
  const theirs = compiled.map((c) => {
    const t = astGrepMatches(corpus, c.text, binary);
    for (const k of t) if (broken.has(fileOf(k))) t.delete(k);
    return t;
  });
  for (const set of compat) for (const k of set) if (broken.has(fileOf(k))) set.delete(k);

  // Pass 2, only the files where the default matching differs: which switch alone removes each difference.
  const differing = compiled.map((_, i) => [...symmetricDifference(theirs[i]!, ours[i]!)]);
  const files = new Set(differing.flatMap((keys) => keys.map(fileOf)));
  const singles = patterns.map(() => switches.map(() => new Set<Key>()));
  eachTree({ ...corpus, texts: new Map([...corpus.texts].filter(([f]) => files.has(f))) }, parser, (file, text, tree) => {
    compiled.forEach((c, i) => {
      if (!differing[i]!.some((k) => fileOf(k) === file)) return;
      c.single.forEach((p, s) => collect(p, file, text, tree.rootNode, singles[i]![s]!));
    });
  });

  const results = compiled.map((c, i): SearchResult => {
    const t = theirs[i]!;
    const unexplained = [...symmetricDifference(t, compat[i]!)];
    const differences: Record<string, number> = {};
    const examples: string[] = [];
    for (const k of differing[i]!) {
      const fixedBy = switches.filter((_, s) => singles[i]![s]!.has(k) === t.has(k));
      const kind = fixedBy[0] ?? (compat[i]!.has(k) === t.has(k) ? 'several' : 'unexplained');
      differences[kind] = (differences[kind] ?? 0) + 1;
      if (examples.length < 3) examples.push(`${t.has(k) ? 'ast-grep only' : 'pycodemod only'} [${kind}] ${show(corpus, k)}`);
    }
    return { pattern: c.text, astGrep: t.size, pycodemod: ours[i]!.size, unexplained, differences, examples };
  });
  return { results, brokenFiles: broken.size };
}

const fileOf = (k: Key) => k.slice(0, k.lastIndexOf(':'));

function symmetricDifference(a: Set<Key>, b: Set<Key>): Set<Key> {
  const out = new Set<Key>();
  for (const k of a) if (!b.has(k)) out.add(k);
  for (const k of b) if (!a.has(k)) out.add(k);
  return out;
}

function show(corpus: Corpus, key: Key): string {
  const at = key.lastIndexOf(':');
  const file = key.slice(0, at);
  const [start, end] = key.slice(at + 1).split('-').map(Number) as [number, number];
  const bytes = Buffer.from((corpus.bom.has(file) ? '\uFEFF' : '') + corpus.texts.get(file)!);
  return `${file}@${start}: ${JSON.stringify(bytes.subarray(start, Math.min(end, start + 80)).toString())}`;
}

// One python3 for every comparison: does each text parse, and what is its AST?
const AST_DUMP = String.raw`
import ast, json, sys, warnings
warnings.simplefilter("ignore")
for line in sys.stdin:
    if not line.strip():
        continue
    text = json.loads(line)
    try:
        print(json.dumps(ast.dump(ast.parse(text))))
    except Exception:
        print(json.dumps(None))
`;

function astDumps(texts: string[]): (string | null)[] {
  if (texts.length === 0) return [];
  const r = spawnSync('python3', ['-c', AST_DUMP], { input: texts.map((t) => JSON.stringify(t)).join('\n') + '\n', encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  return r.stdout.trim().split('\n').map((l) => JSON.parse(l) as string | null);
}

export async function compareRewrites(corpus: Corpus, rewrites: readonly { pattern: string; rewrite: string }[], binary: string): Promise<RewriteResult[]> {
  const parser = await loadPythonParser();
  const settings = defaultSettings(corpus.dir);
  const results: RewriteResult[] = [];
  for (const { pattern, rewrite } of rewrites) {
    const work = mkdtempSync(join(tmpdir(), 'pycodemod-conformance-'));
    try {
      // ast-grep rewrites a copy in place (-U); pycodemod's engine rewrites the texts in memory.
      for (const file of corpus.texts.keys()) cpSync(join(corpus.dir, file), join(work, file), { recursive: true });
      const r = spawnSync(binary, ['run', '-l', 'python', '-p', pattern, '-r', rewrite, '-U', '.'], { cwd: work, encoding: 'utf8', maxBuffer: 1 << 30 });
      if (r.status !== 0 && r.status !== 1) throw new Error(`ast-grep rewrite failed: ${r.stderr}`);
      const transform = ruleTransform(parseRule({ id: 'pattern', pattern, rewrite }, 'conformance'), parser);
      const searchOnly = compilePattern(pattern, parser);
      const compatOnly = compilePattern(pattern, parser, { astGrep: AST_GREP });
      const changed: { file: string; before: string; theirs: string; ours: string; refused: boolean }[] = [];
      for (const [file, before] of corpus.texts) {
        const theirs = readFileSync(join(work, file), 'utf8');
        const outcome = runEngine({ path: file, source: before, transforms: [transform], settings, parser });
        // (ast-grep rewrote the file's bytes, byte order mark included: compare like with like.)
        const bom = corpus.bom.has(file) ? '\uFEFF' : '';
        const ours = bom + (outcome.kind === 'ok' ? outcome.output : before);
        if (theirs !== bom + before || ours !== bom + before) changed.push({ file, before: bom + before, theirs, ours, refused: outcome.kind !== 'ok' });
      }
      const dumps = astDumps(changed.flatMap((c) => [c.theirs, c.ours, c.before]));
      const result: RewriteResult = { pattern, rewrite, files: changed.length, identical: 0, layoutOnly: 0, astGrepInvalid: 0, different: {}, pycodemodInvalid: 0, notPython: 0, examples: [] };
      changed.forEach((c, i) => {
        const theirs = dumps[3 * i];
        const ours = dumps[3 * i + 1];
        // A file Python cannot parse as it is (Python 2 test data) proves nothing either way.
        if (dumps[3 * i + 2] === null) return void result.notPython++;
        if (ours === null) result.pycodemodInvalid++;
        if (c.theirs === c.ours) return void result.identical++;
        const example = (kind: string) => {
          if (result.examples.filter((e) => e.startsWith(`[${kind}]`)).length < 2) result.examples.push(`[${kind}] ${c.file}: ${firstDifference(c.theirs, c.ours)}`);
        };
        if (theirs === null) {
          example('ast-grep does not parse');
          return void result.astGrepInvalid++;
        }
        if (theirs === ours) {
          example('layout only');
          return void result.layoutOnly++;
        }
        // (A file tree-sitter-python cannot parse, though Python can: pycodemod reports it, changes nothing.)
        const reason = c.refused ? 'file pycodemod reports as a syntax error' : differenceReason(c, searchOnly, compatOnly, parser);
        result.different[reason] = (result.different[reason] ?? 0) + 1;
        example(reason);
      });
      results.push(result);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  return results;
}

/**
 * Why two rewrites of a file mean different things: the tools matched different code (see the search
 * differences), pycodemod parenthesized for precedence, pycodemod also rewrote matches nested in a match
 * (ast-grep rewrites once), or pycodemod left a match alone (a comment it would drop; a one-line body).
 */
function differenceReason(c: { before: string; theirs: string; ours: string }, pattern: CompiledPattern, compat: CompiledPattern, parser: PythonParser): string {
  const tree = parser.parse(c.before);
  try {
    const q = (t: string) => parser.query(t);
    const key = (m: { node: { startIndex: number; endIndex: number } }) => `${m.node.startIndex}-${m.node.endIndex}`;
    const mine = findMatches(pattern, tree.rootNode, c.before, q, { qualifiedName: () => undefined }).map(key);
    const theirs = findMatches(compat, tree.rootNode, c.before, q, { qualifiedName: () => undefined }).map(key);
    if (mine.join() !== theirs.join()) return 'matched different code';
    const nested = findMatches(pattern, tree.rootNode, c.before, q, { qualifiedName: () => undefined });
    if (nested.some((m, i) => nested.some((o, j) => i !== j && o.node.startIndex <= m.node.startIndex && m.node.endIndex <= o.node.endIndex)))
      return 'nested matches (pycodemod rewrites them too)';
    if (c.ours === c.before) return 'left alone by pycodemod (see -v: a comment it would drop, a rewrite that would not parse)';
    const parens = (s: string) => (s.match(/\(/g) ?? []).length;
    if (parens(c.ours) > parens(c.theirs)) return 'precedence (pycodemod adds parentheses)';
    return 'other';
  } finally {
    tree.delete();
  }
}

function firstDifference(a: string, b: string): string {
  const al = a.split('\n');
  const bl = b.split('\n');
  for (let i = 0; i < Math.max(al.length, bl.length); i++)
    if (al[i] !== bl[i]) return `line ${i + 1}: ast-grep ${JSON.stringify(al[i] ?? '')} / pycodemod ${JSON.stringify(bl[i] ?? '')}`;
  return 'no line differs';
}

export function formatSearch(results: readonly SearchResult[]): string {
  const total = (f: (r: SearchResult) => number) => results.reduce((n, r) => n + f(r), 0);
  const kinds: Record<string, number> = {};
  for (const r of results) for (const [k, n] of Object.entries(r.differences)) kinds[k] = (kinds[k] ?? 0) + n;
  const lines = results.map((r) => {
    const diffs = Object.entries(r.differences).map(([k, n]) => `${k} ${n}`).join(', ');
    return `${JSON.stringify(r.pattern).padEnd(48)} ast-grep ${String(r.astGrep).padStart(6)}  pycodemod ${String(r.pycodemod).padStart(6)}${diffs ? `  (${diffs})` : ''}${r.unexplained.length ? `  UNEXPLAINED ${r.unexplained.length}` : ''}`;
  });
  lines.push(
    `${results.length} patterns; matches: ast-grep ${total((r) => r.astGrep)}, pycodemod ${total((r) => r.pycodemod)}; ` +
      `differences by kind: ${Object.entries(kinds).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}; unexplained: ${total((r) => r.unexplained.length)}`,
  );
  return `${lines.join('\n')}\n`;
}

export function formatRewrites(results: readonly RewriteResult[]): string {
  return results
    .map((r) => {
      const diff = Object.entries(r.different).map(([k, n]) => `${k} ${n}`).join(', ');
      return `${JSON.stringify(r.pattern)} -> ${JSON.stringify(r.rewrite)}: ${r.files - r.notPython} files, identical ${r.identical}, layout only ${r.layoutOnly}, ast-grep does not parse ${r.astGrepInvalid}${diff ? `, different: ${diff}` : ''}${r.pycodemodInvalid ? `, PYCODEMOD DOES NOT PARSE ${r.pycodemodInvalid}` : ''}`;
    })
    .join('\n') + '\n';
}

async function main(): Promise<number> {
  const binary = astGrepBinary();
  if (!binary) throw new Error('ast-grep is not installed (npm ci installs @ast-grep/cli)');
  const arg = process.argv[2];
  const dir = arg ?? join(process.env.PYCODEMOD_CORPUS ?? join(process.env.TMPDIR ?? '/tmp', 'pycodemod-corpus'), 'stdlib');
  if (!existsSync(dir)) throw new Error(`no corpus at ${dir} (npm run test:corpus builds it)`);
  const started = performance.now();
  const corpus = loadCorpus(dir);
  process.stderr.write(`patterns conformance: ${corpus.texts.size} files in ${dir}\n`);
  const { results, brokenFiles } = await compareSearch(corpus, SEARCH_PATTERNS, binary);
  process.stdout.write(formatSearch(results));
  process.stdout.write(`(files pycodemod reports as syntax errors, left out: ${brokenFiles})\n`);
  for (const r of results) for (const e of r.examples) process.stdout.write(`  ${e}\n`);
  const rewrites = await compareRewrites(corpus, REWRITES, binary);
  process.stdout.write(formatRewrites(rewrites));
  for (const r of rewrites) for (const e of r.examples) process.stdout.write(`  ${e}\n`);
  process.stderr.write(`seconds: ${((performance.now() - started) / 1000).toFixed(1)}\n`);
  const failed = results.some((r) => r.unexplained.length > 0) || rewrites.some((r) => r.pycodemodInvalid > 0 || (r.different.other ?? 0) > 0);
  return failed ? 1 : 0;
}

// Run as a script (not when the vitest test imports it).
if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  main().then(
    (code) => (process.exitCode = code),
    (err: Error) => {
      process.stderr.write(`${err.stack ?? err.message}\n`);
      process.exitCode = 2;
    },
  );
}
