// `npm run test:faults`: fault injection. Kills `pycodemod --write` runs with SIGKILL at random moments over
// a copy of real code, and checks what a user would find afterwards:
//   - every file is entirely its old content or entirely its new content (hashed against both versions),
//     no file is missing and no stray file appeared except the tool's temp files;
//   - the next `--write` run (not killed) finishes the job: every file is then the new version, and no
//     temp file (`.*.pycodemod-tmp`, in the project or in the cache folder) is left.
// "New" is what an uninterrupted `--write` makes of the same copy (the reference run).
//
//   npm run test:faults -- [--seed N] [--budget SECONDS] [--files N] [--small N] [--min-iterations N] [--keep]
//
// Besides `--files` real files from the corpus, `--small` tiny files that each need a change: with little to
// parse, writing is a large share of the run, so more kills land between a temp file's creation and its rename.
// The seed fixes the sample of files and every kill moment and option; a failure prints it, so the
// failing iteration can be replayed. Each iteration varies --jobs (1 or 2) and the cache (on or off), so
// kills also land in the middle of worker writes and of the cache's own save.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../helpers/random-edits.js';
import { pythonFiles, takeFlag } from '../corpus/corpus-files.js';

const root = findRoot(dirname(fileURLToPath(import.meta.url)));
const BIN = join(root, 'dist', 'src', 'bin.js');
const TEMP = /\.pycodemod-tmp$/;

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'pycodemod') return dir;
    if (dirname(dir) === dir) throw new Error('faults: the pycodemod package root was not found');
  }
}

const log = (s: string) => process.stderr.write(`${s}\n`);
const sha1 = (path: string) => createHash('sha1').update(readFileSync(path)).digest('hex');

/** Every file under `dir` (relative paths), temp files and the cache folder included. */
function listAll(dir: string, base = dir, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const abs = join(dir, entry.name);
    if (entry.isDirectory()) listAll(abs, base, out);
    else out.push(relative(base, abs));
  }
  return out;
}

function buildCorpus(dest: string): void {
  if (existsSync(join(dest, 'stdlib'))) return;
  const script = join(root, '..', 'shared', 'corpus', 'build-corpus.sh');
  if (!existsSync(script)) throw new Error(`faults: no corpus at ${dest} and ${script} not found`);
  const r = spawnSync('bash', [script, dest], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0 || !existsSync(join(dest, 'stdlib'))) throw new Error(`faults: ${script} failed (exit ${r.status})`);
}

interface Options {
  seed: number;
  budgetS: number;
  files: number;
  small: number;
  minIterations: number;
  keep: boolean;
}

function parseArgs(argv: string[]): Options {
  const args = [...argv];
  const keep = args.includes('--keep');
  const seed = Number(takeFlag(args, '--seed') ?? Math.floor(Math.random() * 2 ** 31));
  const budgetS = Number(takeFlag(args, '--budget') ?? 75);
  const files = Number(takeFlag(args, '--files') ?? 100);
  const small = Number(takeFlag(args, '--small') ?? 300);
  const minIterations = Number(takeFlag(args, '--min-iterations') ?? 6);
  const rest = args.filter((a) => a !== '--keep');
  if (rest.length || ![seed, budgetS, files, small, minIterations].every(Number.isFinite)) throw new Error(`faults: bad arguments: ${argv.join(' ')}`);
  return { seed, budgetS, files, small, minIterations, keep };
}

/** `n` files spread over the corpus (the seed picks them), copied with their folders into `dest`. */
function sample(corpus: string, n: number, random: () => number, dest: string): string[] {
  const all = pythonFiles(corpus).filter((p) => statSync(p).size < 200_000);
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  const picked = all.slice(0, n).map((p) => relative(corpus, p)).sort();
  for (const rel of picked) {
    mkdirSync(dirname(join(dest, rel)), { recursive: true });
    cpSync(join(corpus, rel), join(dest, rel));
  }
  return picked;
}

/** Tiny files that each need a change (a mutable default, a print): cheap to parse, so writes weigh more. */
function smallFiles(n: number, dest: string): string[] {
  const out: string[] = [];
  mkdirSync(join(dest, 'small'), { recursive: true });
  for (let i = 0; i < n; i++) {
    const rel = join('small', `m${String(i).padStart(4, '0')}.py`);
    writeFileSync(join(dest, rel), `def f${i}(x=[]):\n    print("item", x)\n    return x\n`);
    out.push(rel);
  }
  return out;
}

function pycodemodArgs(jobs: number, cache: boolean): string[] {
  return [BIN, '--write', '--isolated', '-q', '--jobs', String(jobs), ...(cache ? [] : ['--no-cache']), '.'];
}

/** Runs to the end: exit code and wall time. */
function runToEnd(cwd: string, jobs: number, cache: boolean): { code: number | null; ms: number; stderr: string } {
  const t = performance.now();
  const r = spawnSync(process.execPath, pycodemodArgs(jobs, cache), { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  return { code: r.status, ms: performance.now() - t, stderr: r.stderr };
}

/** Starts a run and SIGKILLs it after `ms` (unless it finished first). */
function runAndKill(cwd: string, jobs: number, cache: boolean, ms: number): Promise<{ killed: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, pycodemodArgs(jobs, cache), { cwd, stdio: 'ignore' });
    let killed = false;
    const timer = setTimeout(() => {
      killed = child.kill('SIGKILL');
    }, ms);
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      resolve({ killed: killed && signal === 'SIGKILL' });
    });
  });
}

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  if (!existsSync(BIN)) throw new Error('faults: build first (npm run build)');
  const corpus = process.env.PYCODEMOD_CORPUS ?? join(process.env.TMPDIR ?? '/tmp', 'pycodemod-corpus');
  buildCorpus(corpus);
  const random = seededRandom(opts.seed);
  const work = mkdtempSync(join(tmpdir(), 'pycodemod-faults-'));
  const pristine = join(work, 'pristine');
  const files = [...sample(corpus, opts.files, random, pristine), ...smallFiles(opts.small, pristine)].sort();
  log(
    `faults: seed ${opts.seed}, ${opts.files} corpus files and ${opts.small} small ones, budget ${opts.budgetS} s ` +
      `(replay: npm run test:faults -- --seed ${opts.seed} --files ${opts.files} --small ${opts.small})`,
  );

  // The reference: what an uninterrupted run makes of the same copy.
  const reference = join(work, 'reference');
  cpSync(pristine, reference, { recursive: true });
  const ref = runToEnd(reference, 2, false);
  if (ref.code !== 0 && ref.code !== 1) throw new Error(`faults: the reference run exited ${ref.code}: ${ref.stderr}`);
  const oldHash = new Map(files.map((f) => [f, sha1(join(pristine, f))]));
  const newHash = new Map(files.map((f) => [f, sha1(join(reference, f))]));
  const changing = files.filter((f) => oldHash.get(f) !== newHash.get(f)).length;
  log(`faults: the reference run changed ${changing} of ${files.length} files in ${(ref.ms / 1000).toFixed(2)} s`);
  if (changing === 0) throw new Error('faults: the sample needs no change: nothing to interrupt');

  const problems: string[] = [];
  const started = performance.now();
  const stats = { iterations: 0, killed: 0, midWrite: 0, tempsLeft: 0, tempsRemoved: 0 };
  const target = join(work, 'target');
  while (stats.iterations < opts.minIterations || performance.now() - started < opts.budgetS * 1000) {
    const i = ++stats.iterations;
    const jobs = random() < 0.5 ? 1 : 2;
    const cache = random() < 0.5;
    // Mostly after start-up (node, the grammar) and before the end, where the writes are.
    const delay = Math.floor(ref.ms * (0.1 + random() * 0.95));
    const where = `iteration ${i} (seed ${opts.seed}, --jobs ${jobs}, cache ${cache ? 'on' : 'off'}, kill after ${delay} ms)`;
    rmSync(target, { recursive: true, force: true });
    cpSync(pristine, target, { recursive: true });

    const { killed } = await runAndKill(target, jobs, cache, delay);
    if (killed) stats.killed++;
    // After the kill: each file old or new, nothing lost, nothing but temp files (and the cache) added.
    const present = listAll(target);
    const extra = present.filter((p) => !oldHash.has(p) && !TEMP.test(p) && !p.startsWith('.pycodemod_cache/'));
    if (extra.length) problems.push(`${where}: unexpected files after the kill: ${extra.slice(0, 5).join(', ')}`);
    let written = 0;
    for (const f of files) {
      if (!existsSync(join(target, f))) {
        problems.push(`${where}: ${f} is missing after the kill`);
        continue;
      }
      const h = sha1(join(target, f));
      if (h !== oldHash.get(f) && h !== newHash.get(f)) problems.push(`${where}: ${f} is neither the old nor the new version after the kill`);
      else if (h !== oldHash.get(f)) written++;
    }
    if (killed && written > 0 && written < changing) stats.midWrite++;
    const temps = present.filter((p) => TEMP.test(p));
    if (temps.length) stats.tempsLeft++;

    // The next run finishes the job and removes what the killed one left.
    const next = runToEnd(target, jobs, cache);
    if (next.code !== ref.code) problems.push(`${where}: the next run exited ${next.code}, the reference ${ref.code}: ${next.stderr.slice(0, 400)}`);
    for (const f of files) if (sha1(join(target, f)) !== newHash.get(f)) problems.push(`${where}: ${f} is not the new version after the next run`);
    const leftover = listAll(target).filter((p) => TEMP.test(p));
    if (leftover.length) problems.push(`${where}: temp files left after the next run: ${leftover.slice(0, 5).join(', ')}`);
    else stats.tempsRemoved += temps.length;
    if (problems.length) break;
  }

  const secs = ((performance.now() - started) / 1000).toFixed(1);
  log(
    `faults: ${stats.iterations} iterations in ${secs} s: ${stats.killed} runs killed, ${stats.midWrite} of them with some files ` +
      `written and some not, ${stats.tempsLeft} left temp files (${stats.tempsRemoved} removed by the next run)`,
  );
  // A kill lands among the writes about half the time: none in 20 iterations means the timing is off.
  if (problems.length === 0 && stats.midWrite === 0) {
    const message = 'no kill landed while files were being written: this run proved little (raise --budget or --files)';
    if (stats.iterations >= 20) problems.push(message);
    else log(`faults: warning: ${message}`);
  }
  if (problems.length) {
    for (const p of problems.slice(0, 30)) log(`FAIL ${p}`);
    log(`faults: ${problems.length} problem${problems.length === 1 ? '' : 's'}; work folder ${opts.keep ? 'kept' : 'removed'}: ${work}`);
    if (!opts.keep) rmSync(work, { recursive: true, force: true });
    return 1;
  }
  if (!opts.keep) rmSync(work, { recursive: true, force: true });
  log('faults: every file was entirely old or entirely new after each kill, and no temp file outlived the next run');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    log((err as Error).stack ?? String(err));
    process.exit(2);
  },
);
