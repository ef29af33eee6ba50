// `npm run test:corpus`: the real-code gate. Builds the corpus (CPython's standard library and a set of
// Debian-packaged projects) with ../shared/corpus/build-corpus.sh, runs every transform (--select ALL) with --write on a
// copy, and fails when pycodemod broke anything Python can see:
//   - a file Python parses no longer parses;
//   - a file Python cannot parse was changed;
//   - an import disappeared or appeared (imported names per file, before vs after), other than what a transform
//     or an example pattern rule adds or frees on purpose: `logging` (print-to-logging); the typing names
//     modern-typing rewrites or moves (and `import typing` itself), `from collections.abc import X` for a
//     `from typing import X` that went, `collections.deque`/`defaultdict` where typing's Deque/DefaultDict were
//     imported; `from __future__ import annotations` (future-annotations); the example rules' own (below);
//   - a second run would change anything (and a cached third run must report the same as the second);
//   - a file Python parses was reported as failed (tree-sitter grammar gaps: known-parser-gaps.txt).
// Python's view comes from one python3 process over all files (an inline script below), twice.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { discoverFiles } from '../../src/runner/discover.js';
import { ABC_NAMES, REWRITTEN_NAMES } from '../../transforms/modern-typing/names.js';

const PYTHON_FACTS = String.raw`
# For every path listed in argv[1]: the sha1 of its bytes, whether Python's own parser accepts it, and
# the set of names it imports (anywhere in the file). One JSON object per line, in list order.
# One interpreter for the whole corpus: starting python3 per file would cost minutes.
import ast
import hashlib
import json
import sys
import warnings

warnings.simplefilter("ignore")  # invalid escape sequences and the like: not our business here


def imports(tree):
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                names.add(a.name + (" as " + a.asname if a.asname else ""))
        elif isinstance(node, ast.ImportFrom):
            base = "." * (node.level or 0) + (node.module or "")
            for a in node.names:
                names.add(base + ":" + a.name + (" as " + a.asname if a.asname else ""))
    return sorted(names)


with open(sys.argv[1], encoding="utf-8") as listing:
    paths = [line.rstrip("\n") for line in listing if line.strip()]
out = sys.stdout
for path in paths:
    with open(path, "rb") as f:
        data = f.read()
    fact = {"sha1": hashlib.sha1(data).hexdigest()}
    try:
        fact["imports"] = imports(ast.parse(data, filename=path))
        fact["parses"] = True
    except (SyntaxError, ValueError, UnicodeDecodeError, RecursionError, MemoryError) as e:
        fact["parses"] = False
        fact["error"] = type(e).__name__
    out.write(json.dumps(fact) + "\n")
`;

// modern-typing frees the typing names it rewrites (Optional, List...) and the module `typing` itself when all its
// uses were such names; it moves typing's aliases of collections.abc to `from collections.abc import`.
const DROPPABLE_TYPING = new Set([...REWRITTEN_NAMES, ...ABC_NAMES]);

/** An import the transforms may drop: a typing name modern-typing rewrites or moves, or `import typing [as t]`. */
function mayDrop(name: string): boolean {
  const m = /^(typing|typing_extensions)(?::(\w+))?(?: as \w+)?$/.exec(name);
  return !!m && (m[2] === undefined || DROPPABLE_TYPING.has(m[2]));
}

/** An import the transforms may add, given the file's imports before (`had`) and after (`has`). */
function mayAdd(name: string, had: ReadonlySet<string>, has: ReadonlySet<string>): boolean {
  if (/^logging($|[.: ])/.test(name) || name === '__future__:annotations') return true;
  // from typing import Sequence [as S] -> from collections.abc import Sequence [as S]
  const abc = /^collections\.abc:(\w+)((?: as \w+)?)$/.exec(name);
  if (abc) return ABC_NAMES.includes(abc[1]!) && had.has(`typing:${abc[1]}${abc[2]}`) && !has.has(`typing:${abc[1]}${abc[2]}`);
  const coll = /^collections:(deque|defaultdict)(?: as \w+)?$/.exec(name);
  if (coll) {
    const typingName = coll[1] === 'deque' ? 'Deque' : 'DefaultDict';
    return [...had].some((n) => n === `typing:${typingName}` || n === `typing_extensions:${typingName}` || /^typing(_extensions)?( as \w+)?$/.test(n) || n.startsWith(`typing:${typingName} as `));
  }
  return false;
}

interface Fact {
  sha1: string;
  parses: boolean;
  imports?: string[];
  error?: string;
}

interface JsonReport {
  files: { path: string; status: string; reason?: string; error: null | { message: string; line: number | null }; transform?: string }[];
  summary: { files: number; changed: number; unchanged: number; skipped: number; failed: number; skippedByReason: Record<string, number> };
}

const started = performance.now();
const root = findRoot(dirname(fileURLToPath(import.meta.url)));
const MAX_LISTED = 30;

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'pycodemod') return dir;
    if (dirname(dir) === dir) throw new Error('corpus gate: the pycodemod package root was not found');
  }
}

function log(s: string): void {
  process.stderr.write(`${s}\n`);
}

/** In CI the shared folder is a copy beside the clone: always ../shared from the repository root. */
function buildCorpus(dest: string): void {
  const script = join(root, '..', 'shared', 'corpus', 'build-corpus.sh');
  if (!existsSync(script)) throw new Error(`corpus gate: ${script} not found (the shared folder sits beside the repository)`);
  const lists = '/var/lib/apt/lists';
  const empty = !existsSync(lists) || !readdirSync(lists).some((f) => f.endsWith('_Packages') || f.includes('_Packages.'));
  if (empty) {
    log('corpus gate: apt package lists are empty; running apt-get update');
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  }
  const r = spawnSync('bash', [script, dest], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`corpus gate: ${script} failed (exit ${r.status})`);
  if (!existsSync(join(dest, 'stdlib'))) throw new Error('corpus gate: the corpus has no stdlib folder');
}

// Python's compiler on the files given (argv: paths): the rules ast.parse does not apply (`from __future__`
// imports that are not first, `return` outside a function, ...). One JSON object per line: null, or the error.
const PYTHON_COMPILE = String.raw`
import json, sys, warnings
warnings.simplefilter("ignore")
for path in sys.argv[1:]:
    with open(path, "rb") as f:
        data = f.read()
    try:
        compile(data, path, "exec", dont_inherit=True)
        print("null")
    except (SyntaxError, ValueError, RecursionError, MemoryError) as e:
        print(json.dumps(type(e).__name__ + ": " + str(getattr(e, "msg", e))))
`;

/** For each path: what Python's compiler rejects it with, or null when it compiles. */
function pythonCompiles(paths: readonly string[]): (string | null)[] {
  if (paths.length === 0) return [];
  const r = spawnSync('python3', ['-c', PYTHON_COMPILE, ...paths], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`corpus gate: python3 failed: ${r.stderr}`);
  return r.stdout.trim().split('\n').map((l) => JSON.parse(l) as string | null);
}

function pythonFacts(listFile: string): Fact[] {
  const r = spawnSync('python3', ['-c', PYTHON_FACTS, listFile], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`corpus gate: python3 failed: ${r.stderr}`);
  return r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Fact);
}

/**
 * The gate's configuration: the defaults (as `--isolated`: the project root is the corpus copy) plus the
 * example pattern rules of examples/rules, so rules face real code too. Written into the copy's root.
 */
function gateConfig(copy: string): string {
  const path = join(copy, 'pycodemod-gate.toml');
  writeFileSync(path, `# pycodemod's corpus gate: default settings and the example pattern rules.\nrule-dirs = [${JSON.stringify(join(root, 'examples', 'rules', 'rules'))}]\n`);
  return path;
}

// Imports the example rules add or remove on purpose (collections-abc, datetime-utcnow; typing-text).
const RULE_IMPORTS_ADDED = /^collections\.abc$|^datetime:timezone( as \w+)?$/;
const RULE_IMPORTS_REMOVED = /^typing:Text$/;

function pycodemod(args: string[], cwd: string): JsonReport {
  const bin = join(root, 'dist', 'src', 'bin.js');
  // Every transform and every example rule, the ones off by default too: all of them must hold up on real code.
  const config = gateConfig(cwd);
  const r = spawnSync(process.execPath, [bin, '--config', config, '--select', 'ALL', '--format', 'json', ...args, '.'], { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`corpus gate: pycodemod ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as JsonReport;
}

function main(): number {
  if (!existsSync(join(root, 'dist', 'src', 'bin.js'))) throw new Error('corpus gate: build first (npx tsc -p .)');
  const source = process.env.PYCODEMOD_CORPUS ?? join(process.env.TMPDIR ?? '/tmp', 'pycodemod-corpus');
  buildCorpus(source);
  const work = mkdtempSync(join(tmpdir(), 'pycodemod-gate-'));
  const copy = join(work, 'corpus');
  try {
    cpSync(source, copy, { recursive: true, filter: (p) => !p.includes('.pycodemod_cache') });
    const files = discoverFiles([copy], { root: copy }).files;
    const rel = (abs: string) => relative(copy, abs);
    const listFile = join(work, 'files.txt');
    writeFileSync(listFile, files.join('\n'));
    log(`corpus gate: ${files.length} files in ${source}`);

    const before = pythonFacts(listFile);
    const first = pycodemod(['--write'], copy);
    const after = pythonFacts(listFile);
    const second = pycodemod(['--check', '--no-cache'], copy);
    const third = pycodemod(['--check'], copy);

    const gaps = new Set(
      readFileSync(join(root, 'test', 'corpus', 'known-parser-gaps.txt'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')),
    );
    const problems: string[] = [];
    const status = new Map(first.files.map((f) => [f.path, f]));
    // Failed although Python's parser accepts them: a problem unless Python's compiler rejects them too.
    const failedButParses: { abs: string; problem: string }[] = [];
    files.forEach((abs, i) => {
      const path = rel(abs);
      const b = before[i]!;
      const a = after[i]!;
      const changed = a.sha1 !== b.sha1;
      if (b.parses && !a.parses) problems.push(`${path}: parsed before, no longer parses (${a.error})`);
      if (!b.parses && changed) problems.push(`${path}: Python cannot parse it, yet it was changed`);
      if (b.parses && a.parses) {
        const had = new Set(b.imports);
        const has = new Set(a.imports);
        const gone = [...had].filter((n) => !has.has(n) && !mayDrop(n) && !RULE_IMPORTS_REMOVED.test(n));
        const added = [...has].filter((n) => !had.has(n) && !mayAdd(n, had, has) && !RULE_IMPORTS_ADDED.test(n));
        if (gone.length) problems.push(`${path}: imports disappeared: ${gone.join(', ')}`);
        if (added.length) problems.push(`${path}: unexpected imports added: ${added.join(', ')}`);
      }
      const r = status.get(path);
      if (!r) problems.push(`${path}: missing from pycodemod's report`);
      else if (r.status === 'failed' && b.parses && !(r.error?.message === 'syntax error' && gaps.has(path)))
        failedButParses.push({ abs, problem: `${path}: Python parses it, pycodemod failed: ${r.error?.message.split('\n')[0]}${r.transform ? ` [${r.transform}]` : ''}` });
      if (r?.status === 'changed' && !changed) problems.push(`${path}: reported changed but its bytes are the same`);
      if (r && r.status !== 'changed' && changed) problems.push(`${path}: changed on disk but reported ${r.status}`);
    });
    const compiled = pythonCompiles(failedButParses.map((f) => f.abs));
    failedButParses.forEach((f, i) => {
      if (compiled[i] === null) problems.push(f.problem);
    });
    const compilerRejects = compiled.filter((c) => c !== null).length;
    for (const f of second.files) if (f.status === 'changed') problems.push(`${f.path}: a second run changes it again`);
    if (JSON.stringify(second.files) !== JSON.stringify(third.files)) {
      const diff = second.files.find((f, i) => JSON.stringify(f) !== JSON.stringify(third.files[i]));
      problems.push(`cached run differs from uncached run (first at ${diff?.path ?? 'file count'})`);
    }

    const s = first.summary;
    const failedBy: Record<string, number> = {};
    for (const f of first.files) {
      if (f.status !== 'failed') continue;
      const cause = f.error?.message.startsWith('syntax error') ? 'syntax-error' : (f.transform ?? 'other');
      failedBy[cause] = (failedBy[cause] ?? 0) + 1;
    }
    const pythonCannot = before.filter((f) => !f.parses).length;
    const fmt = (o: Record<string, number>) => Object.entries(o).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
    log(
      [
        `files:    ${s.files} (Python cannot parse ${pythonCannot}; ${compilerRejects} more failed that only Python's compiler rejects)`,
        `changed:  ${s.changed}`,
        `unchanged: ${s.unchanged}`,
        `skipped:  ${s.skipped} (${fmt(s.skippedByReason)})`,
        `failed:   ${s.failed} (${fmt(failedBy)})`,
        `second run: ${second.summary.changed} would change; cached third run ${JSON.stringify(second.files) === JSON.stringify(third.files) ? 'identical' : 'DIFFERS'}`,
        `seconds:  ${((performance.now() - started) / 1000).toFixed(1)}`,
      ].join('\n'),
    );
    if (problems.length) {
      log(`corpus gate: FAILED, ${problems.length} problem(s):`);
      for (const p of problems.slice(0, MAX_LISTED)) log(`  ${p}`);
      if (problems.length > MAX_LISTED) log(`  ... and ${problems.length - MAX_LISTED} more`);
      return 1;
    }
    log('corpus gate: passed');
    return 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

try {
  process.exitCode = main();
} catch (err) {
  log((err as Error).message);
  process.exitCode = 2;
}
