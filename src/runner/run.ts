// run(): discover files -> process each (in path order) -> FileResult values. Never prints, never exits.
import { join, resolve } from 'node:path';
import { loadPythonParser } from '../core/parser.js';
import { pluginFilesOf, pluginOrigin, type PluginModule } from '../plugins/load.js';
import { Configurations, type RunConfig } from './configs.js';
import type { ConfigData, TransformRef } from './workers/protocol.js';
import type { Settings, TargetVersion } from '../core/settings.js';
import type { AnyTransform } from '../core/types.js';
import { builtinTransforms } from '../../transforms/index.js';
import { comparePaths, DEFAULT_EXCLUDE, discoverFiles, forceExcluded, type DiscoveryProblem } from './discover.js';
import ignore, { type Ignore } from 'ignore';
import { statSync, unlinkSync } from 'node:fs';
import { ruleOf } from '../patterns/rule-transform.js';
import type { RuleDefinition } from '../patterns/rule.js';
import type { FileResult } from './file-result.js';
import { relativePosix, toPosix } from './posix-paths.js';
import { FileCache } from './cache/file-cache.js';
import { cacheKey, uncacheable } from './cache/key.js';
import { schedule, workerCount } from './workers/schedule.js';
import { isUserCode, limitUserCode, userCodeClock } from './user-code.js';
import { isBuiltIn } from '../core/built-in.js';
import { noted } from './workers/note-progress.js';
import { UsageError } from '../core/errors.js';
import { addToSummary, emptySummary, type RunSummary } from './summary.js';
import { changedFiles } from './git-changes.js';
import { shardOf, type Shard, type ShardInfo } from './shard.js';

export interface RunOptions {
  /** Files and folders (default: the current folder). */
  paths?: string[];
  cwd?: string;
  /** Apply the changes in place. */
  write?: boolean;
  /** Transform ids to run instead of the default set (`ALL`: every transform). */
  select?: string[];
  /** Transform ids to run besides the selected (or default) ones. */
  extendSelect?: string[];
  ignore?: string[];
  exclude?: string[];
  extendExclude?: string[];
  /** Apply the excludes to files named explicitly too (skipped as `excluded`): for pre-commit, which names every file. */
  forceExclude?: boolean;
  /**
   * Only the files changed since this git revision (`git diff --name-only REV`: committed, staged and
   * unstaged changes, renamed files under their new name) and the untracked files git does not ignore.
   */
  since?: string;
  /** Only this shard of the files (`{ index: 2, count: 4 }`: the second of four; see shard.ts). */
  shard?: Shard;
  targetVersion?: TargetVersion;
  lineLength?: number;
  /** Skip files larger than this many bytes (0: no limit); overrides `max-file-size` in the config. */
  maxFileSize?: number;
  /** Parse every file and report every syntax error (`check-syntax` in the config); see Settings. */
  checkSyntax?: boolean;
  /** --config FILE; --isolated ignores config files. */
  config?: string;
  isolated?: boolean;
  /**
   * Use these transforms instead of the built-in ones (pass `[...builtinTransforms, mine]` to add to them).
   * Objects loaded with `loadPlugins()` run in worker threads and are cached; other objects run in-process
   * (`stats.inProcessReason`) and turn the cache off unless they declare a `cacheKey`.
   */
  transforms?: readonly AnyTransform[];
  /**
   * Plugin modules to load besides the built-ins (the CLI's `-t`): paths or globs relative to `cwd`, each
   * default-exporting a transform or an array of them. They run in workers and are cached like built-ins.
   */
  plugins?: readonly string[];
  /**
   * Run exactly `transforms`: the config's selection, plugins and rules do not apply (its other settings
   * do). `pycodemod search` and `rewrite` run their one pattern this way.
   */
  exactly?: boolean;
  /** Called once per file, in sorted path order, as results become available. */
  onResult?: (result: FileResult) => void;
  /** Keep every result in the returned report (default true; false keeps memory flat on huge runs). */
  collectResults?: boolean;
  /**
   * Worker threads (default: the available cores, fewer for small runs; 1: one). Built-ins and pattern rules
   * run on the main thread when one thread is all the run gets; plugins always run in a worker thread (which
   * can be stopped: `fileTimeout`). Transform objects a worker cannot load by path (not built-in, not loaded
   * as plugins) run on the main thread instead, under the same time limit.
   */
  jobs?: number;
  /**
   * With workers and built-ins alone, the main thread takes its share of the files too (`-j N`: N-1
   * workers; one V8 isolate fewer to load and compile the engine in). Default false; the CLI turns it on
   * for its runs, after which the process ends: a file stopped on the main thread (node:vm's timeout may
   * interrupt tree-sitter's WebAssembly mid-change) cannot leave a damaged parser to a later parse in the
   * same process, as interactive review's or a library caller's would be.
   */
  shareMainThread?: boolean;
  /**
   * Skip files unchanged since a run that found nothing to change in them (default false for the library,
   * the CLI turns it on; `--no-cache` turns it off).
   */
  cache?: boolean;
  /** Where the cache lives (default: `.pycodemod_cache` in the project root). */
  cacheDir?: string;
  /** The caller prints diffs: compute them in the workers (FileResult `hunks`). */
  diff?: boolean;
  /**
   * Seconds a file may take before it is stopped and failed (a transform stuck in an endless loop), default
   * 60; 0: no limit. Applies to user code (plugins, transform objects) however the run is split, to whole
   * files in worker threads, and to the files the main thread takes beside workers; the built-ins and
   * pattern rules of a run with one thread (on the main thread alone) are not timed.
   */
  fileTimeout?: number;
  /** Called after each result is emitted: `done` of `total` files (for a progress display). */
  onProgress?: (done: number, total: number) => void;
  /** Called once the files and their configurations are known, before any is read (interactive review maps results back to them). */
  onPrepared?: (prepared: PreparedRun) => void;
}

export interface RunStats {
  /**
   * Worker threads started (0 when everything ran in-process or came from the cache). With built-ins
   * alone and `shareMainThread`, the main thread is one of the jobs: `-j N` starts N-1 workers.
   */
  workers: number;
  /** Files read and run through the engine (parsed). */
  processed: number;
  /** Files answered by the cache without parsing. */
  cacheHits: number;
  /** The cache folder (of the base configuration), when the cache was on. */
  cacheDir?: string;
  /** Why the cache was off although `cache: true` was asked for (a transform whose code cannot be known). */
  cacheOffReason?: string;
  /** Why no worker thread could be used although more than one job was allowed (a transform object no worker can load). */
  inProcessReason?: string;
  /** Temp files of an earlier, interrupted `--write` that this run removed. */
  staleTempsRemoved: number;
}

export interface RunReport {
  results: FileResult[];
  summary: RunSummary;
  /** The base configuration's file (files under another pyproject.toml use theirs: see `configs`). */
  configPath?: string;
  /** The ids of the transforms that ran, over every configuration. */
  transforms: string[];
  /** The base configuration's settings. */
  settings: Settings;
  /** Every configuration the run used: its file and its transforms. */
  configs: { path?: string; transforms: string[] }[];
  /** The transforms of `transforms` themselves (descriptions and docs: the rules of a SARIF report). */
  transformDefinitions: AnyTransform[];
  /** With `shard`: which results of the whole run this one holds (for `merge-reports`). */
  shard?: ShardInfo;
  stats: RunStats;
}

export interface PreparedRun {
  files: string[];
  missing: string[];
  /** Found but not processed (unreadable folders, FIFOs, links out of the project): run() reports them among the files, in path order. */
  problems: DiscoveryProblem[];
  /** Temp files an interrupted `--write` left behind (looked for only when writing). */
  staleTemps: string[];
  /** The configuration of each file (index into `configs`). */
  configOf: number[];
  configs: RunConfig[];
  base: RunConfig;
  cwd: string;
}

/** Config, plugins and selection for one file (the configuration the CLI's stdin mode and --explain-imports use). */
export async function resolveFileSettings(options: RunOptions, file: string) {
  const configs = await Configurations.create(options);
  const cwd = configs.cwd;
  const config = await configs.forFile(resolve(cwd, file));
  configs.checkSelection();
  return { cwd, config, settings: config.settings, transforms: config.transforms };
}

/** The base configuration's registry: built-ins (or `transforms`), `-t` plugins and the config's `plugins`. */
export async function resolveRegistry(options: RunOptions): Promise<RunConfig> {
  return (await Configurations.create(options)).baseConfig;
}

/** Config, plugins, selection and discovery: everything decided before the first file is read. */
export async function prepareRun(options: RunOptions): Promise<PreparedRun> {
  const configs = await Configurations.create(options);
  const base = configs.baseConfig;
  const paths = (options.paths?.length ? options.paths : ['.']).map((p) => resolve(configs.cwd, p));
  const discovered = discoverFiles(paths, {
    root: base.settings.projectRoot,
    exclude: options.exclude ?? base.file.exclude,
    extendExclude: [...(base.file.extendExclude ?? []), ...(options.extendExclude ?? [])],
    findStaleTemps: options.write === true,
    forceExclude: options.forceExclude,
    only: options.since === undefined ? undefined : changedFiles(paths, options.since),
  });
  const found = await configs.forFiles(discovered.files);
  configs.checkSelection();
  // The walk applied the base configuration's excludes; a file under another configuration also obeys
  // that one's (relative to its folder), unless it was named on the command line (and not --force-exclude).
  const named = new Set(paths.filter(isFile));
  const files: string[] = [];
  const configOf: number[] = [];
  const problems = [...discovered.problems];
  discovered.files.forEach((file, i) => {
    const config = configs.all[found[i]!]!;
    if (config !== base && excludedBy(config, options, file)) {
      if (!named.has(file)) return;
      if (options.forceExclude) {
        problems.push(forceExcluded(file));
        return;
      }
    }
    files.push(file);
    configOf.push(config.index);
  });
  return {
    files,
    missing: discovered.missing,
    problems,
    staleTemps: discovered.staleTemps,
    configOf,
    configs: configs.all,
    base,
    cwd: configs.cwd,
  };
}

const excludeMatchers = new WeakMap<RunConfig, Ignore>();

function excludedBy(config: RunConfig, options: RunOptions, file: string): boolean {
  let matcher = excludeMatchers.get(config);
  if (!matcher) {
    matcher = ignore().add([...(options.exclude ?? config.file.exclude ?? DEFAULT_EXCLUDE), ...(config.file.extendExclude ?? []), ...(options.extendExclude ?? [])]);
    excludeMatchers.set(config, matcher);
  }
  const rel = relativePosix(config.settings.projectRoot, file);
  return !rel.startsWith('..') && matcher.ignores(rel);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export function displayPath(cwd: string, abs: string): string {
  return relativePosix(cwd, abs) || toPosix(abs);
}

/** Seconds a file may take before it is stopped (RunOptions.fileTimeout). */
export const DEFAULT_FILE_TIMEOUT = 60;

/**
 * RunOptions.fileTimeout in milliseconds (0: no limit); a negative or non-number value is a usage error,
 * naming `flag` (the CLI's `--file-timeout`).
 */
export function fileTimeoutMs(seconds: number | undefined, flag = 'fileTimeout'): number {
  const s = seconds ?? DEFAULT_FILE_TIMEOUT;
  if (!(typeof s === 'number' && Number.isFinite(s) && s >= 0)) throw new UsageError(`${flag} must be a number of seconds (0: no limit), got ${seconds}`);
  return s * 1000;
}

export async function run(options: RunOptions = {}): Promise<RunReport> {
  const prepared = await prepareRun(options);
  options.onPrepared?.(prepared);
  const { configs, base } = prepared;
  const summary = emptySummary();
  const results: FileResult[] = [];
  // What discovery could not process is reported in path order, among the files (never read: no config needed).
  const problems = new Map(prepared.problems.map((p) => [p.path, p]));
  const merged = problems.size ? mergeProblems(prepared.files, prepared.configOf, problems.keys(), base.index) : prepared;
  // The whole run's results are the missing paths, then the files in path order; a shard keeps its part.
  const { missing, files, configOf, shard } = options.shard
    ? takeShard(options.shard, prepared.missing, merged.files, merged.configOf, (abs) => displayPath(prepared.cwd, abs))
    : { missing: prepared.missing, files: merged.files, configOf: merged.configOf, shard: undefined };
  const total = missing.length + files.length;
  let done = 0;
  const emit = (r: FileResult) => {
    addToSummary(summary, r);
    if (options.collectResults !== false) results.push(r);
    options.onResult?.(r);
    options.onProgress?.(++done, total);
  };
  for (const path of missing) emit({ kind: 'failed', path, cause: 'io', error: { message: 'no such file or folder' } });

  // The configurations some file uses (the base one too when there are no files, for the report): those
  // of the whole run, so that every shard's report lists the same transforms.
  const used = new Set(prepared.configOf);
  if (used.size === 0) used.add(base.index);
  const active = configs.filter((c) => used.has(c.index));
  const everyTransform = active.flatMap((c) => c.transforms);
  const usedHere = options.shard ? new Set(configOf) : used;

  // Workers load built-ins by id and plugins by module; any other object can only run here.
  const remote = workerConfigs(configs);
  const jobs = workerCount(options.jobs, files.length);
  const inProcessReason = jobs > 1 && 'reason' in remote ? remote.reason : undefined;
  const limitMs = fileTimeoutMs(options.fileTimeout);
  // Only a worker thread can be stopped from outside, so a plugin always gets at least one, whatever -j
  // says or however small the run (its start-up is paid only when a file misses the cache). Built-ins
  // and rules alone stay on the main thread when one thread is all the run gets: pre-commit on a few
  // files starts fast.
  const userCode = everyTransform.some(isUserCode);
  const threads = 'reason' in remote ? 0 : jobs > 1 ? jobs : userCode && limitMs > 0 ? 1 : 0;
  // Built-ins alone, when the caller asks: the main thread is one of the `jobs` (one V8 isolate fewer to
  // start and compile the engine in; schedule.ts). A pattern rule's or a plugin's files stay in workers.
  const mainThreadShare = (options.shareMainThread ?? false) && threads > 1 && everyTransform.every(isBuiltIn);
  // A transform whose code the key cannot cover would replay results of other code: no cache then.
  const cacheOffReason = options.cache ? uncacheable(everyTransform) : undefined;
  const write = options.write ?? false;
  const caches = options.cache && !cacheOffReason ? openCaches(configs, usedHere, options, prepared.cwd) : undefined;
  const staleTempsRemoved = removeStaleTemps(prepared.staleTemps);
  const stats = await schedule({
    files,
    configOf,
    preset: problems.size ? (abs, display) => problemResult(problems.get(abs), display) : undefined,
    display: (abs) => displayPath(prepared.cwd, abs),
    workers: mainThreadShare ? threads - 1 : threads,
    mainThreadShare,
    caches,
    init: { ...('reason' in remote ? { plugins: [], rules: [], configs: [] } : remote), write, hashing: caches !== undefined, diff: options.diff ?? false },
    local: async (progress) => {
      // User code that must run here (objects no worker can load) gets the time limit on this thread.
      const clock = userCode ? userCodeClock(limitMs) : undefined;
      return {
        parser: await loadPythonParser(),
        configs: configs.map((c, ci) => ({
          // With `progress` (the main thread's share beside workers), a stopped file names its transform.
          transforms: limitUserCode(c.transforms, clock).map((t, k) => noted(t, k, ci, progress)),
          settings: c.settings,
          pluginFiles: pluginFilesOf(c.transforms),
        })),
        write,
        hashing: caches !== undefined,
        diff: options.diff ?? false,
        ...(clock ? { startFile: () => clock.start() } : {}),
      };
    },
    emit,
    fileTimeoutMs: limitMs,
    describeTransform: (config, position) => {
      if ('reason' in remote) return undefined;
      const ref = remote.configs[config]?.transforms[position];
      return ref && { id: ref.id, file: ref.plugin === undefined ? undefined : remote.plugins[ref.plugin]?.file };
    },
  });
  for (const cache of new Set(caches)) cache?.save();
  const definitions = new Map<string, AnyTransform>();
  for (const t of everyTransform) if (!definitions.has(t.id)) definitions.set(t.id, t);
  return {
    results,
    summary,
    configPath: base.path,
    transforms: [...definitions.keys()],
    settings: base.settings,
    configs: active.map((c) => ({ path: c.path, transforms: c.transforms.map((t) => t.id) })),
    transformDefinitions: [...definitions.values()],
    ...(shard ? { shard } : {}),
    stats: {
      ...stats,
      cacheDir: caches?.[base.index]?.dir ?? caches?.find((c) => c)?.dir,
      staleTempsRemoved,
      ...(cacheOffReason ? { cacheOffReason } : {}),
      ...(inProcessReason ? { inProcessReason } : {}),
    },
  };
}

/**
 * The configurations as data a worker can rebuild: built-ins by id, plugins by the module they came
 * from. A transform object that is neither cannot cross threads: the reason says which, and how to fix it.
 */
function workerConfigs(
  configs: readonly RunConfig[],
): { plugins: { bundle: string; file: string }[]; rules: RuleDefinition[]; configs: ConfigData[] } | { reason: string } {
  const modules: PluginModule[] = [];
  const rules: RuleDefinition[] = [];
  const data: ConfigData[] = [];
  const strangers = new Set<string>();
  for (const c of configs) {
    const refs: TransformRef[] = [];
    for (const t of c.transforms) {
      if (builtinTransforms.includes(t)) {
        refs.push({ id: t.id });
        continue;
      }
      // A pattern rule is data: the worker compiles the same definition.
      const rule = ruleOf(t);
      if (rule) {
        let i = rules.indexOf(rule);
        if (i < 0) i = rules.push(rule) - 1;
        refs.push({ id: t.id, rule: i });
        continue;
      }
      const origin = pluginOrigin(t);
      if (!origin) {
        strangers.add(t.id);
        continue;
      }
      let i = modules.indexOf(origin);
      if (i < 0) i = modules.push(origin) - 1;
      refs.push({ id: t.id, plugin: i });
    }
    data.push({ settings: c.settings, transforms: refs });
  }
  if (strangers.size > 0)
    return {
      reason:
        `ran in-process: transform ${[...strangers].join(', ')} is an object passed in \`transforms\`, which a worker thread cannot load ` +
        '(functions cannot cross threads); load it by path with `plugins: [file]` or `loadPlugins([file])` to use workers',
    };
  return { plugins: modules.map((m) => ({ bundle: m.bundle, file: m.file })), rules, configs: data };
}

/** One cache per configuration with files in this run, in its project root (or --cache-dir); one instance per file. */
function openCaches(configs: readonly RunConfig[], used: ReadonlySet<number>, options: RunOptions, cwd: string): (FileCache | undefined)[] {
  const open = new Map<string, FileCache>();
  return configs.map((c) => {
    if (!used.has(c.index)) return undefined;
    const dir = resolve(cwd, options.cacheDir ?? join(c.settings.projectRoot, '.pycodemod_cache'));
    const key = cacheKey({ transforms: c.transforms, settings: c.settings, cacheDir: dir });
    const id = `${dir}\0${key}`;
    let cache = open.get(id);
    if (!cache) {
      cache = FileCache.open(dir, c.settings.projectRoot, key, { replayChanges: !options.write });
      open.set(id, cache);
    }
    return cache;
  });
}

/** The results of one shard: each goes by the hash of its path as reported; positions are in the whole run. */
function takeShard(shard: Shard, missing: readonly string[], files: readonly string[], configOf: readonly number[], display: (abs: string) => string) {
  const positions: number[] = [];
  // A missing path is reported as given (absolute): its shard goes by its path from the run's folder, the
  // same on every machine.
  const keptMissing = missing.filter((path, i) => shardOf(display(path), shard.count) === shard.index && positions.push(i));
  const keptFiles: string[] = [];
  const keptConfigOf: number[] = [];
  files.forEach((file, i) => {
    if (shardOf(display(file), shard.count) !== shard.index) return;
    keptFiles.push(file);
    keptConfigOf.push(configOf[i]!);
    positions.push(missing.length + i);
  });
  const info: ShardInfo = { ...shard, total: missing.length + files.length, positions };
  return { missing: keptMissing, files: keptFiles, configOf: keptConfigOf, shard: info };
}

function mergeProblems(files: readonly string[], configOf: readonly number[], problems: Iterable<string>, base: number) {
  const all = [...files.map((f, i) => [f, configOf[i]!] as const), ...[...problems].map((p) => [p, base] as const)];
  all.sort((a, b) => comparePaths(a[0], b[0]));
  return { files: all.map((e) => e[0]), configOf: all.map((e) => e[1]) };
}

function problemResult(problem: DiscoveryProblem | undefined, display: string): FileResult | undefined {
  if (!problem) return undefined;
  if (problem.kind === 'skipped') return { kind: 'skipped', path: display, reason: problem.reason, detail: problem.detail };
  return { kind: 'failed', path: display, cause: 'io', error: { message: problem.message } };
}

/** A killed `--write` can leave `.NAME.PID.HEX.pycodemod-tmp` files; the next write run removes them. */
function removeStaleTemps(paths: readonly string[]): number {
  let removed = 0;
  for (const p of paths) {
    try {
      unlinkSync(p);
      removed++;
    } catch {
      /* gone already, or not ours to remove */
    }
  }
  return removed;
}
