// run(): discover files -> process each (in path order) -> FileResult values. Never prints, never exits.
import { join, relative, resolve, sep } from 'node:path';
import { loadPythonParser } from '../core/parser.js';
import type { Settings, TargetVersion } from '../core/settings.js';
import type { AnyTransform } from '../core/types.js';
import { builtinTransforms } from '../../transforms/index.js';
import { loadConfig } from '../config/load-config.js';
import { discoverFiles } from './discover.js';
import type { FileResult } from './file-result.js';
import { FileCache } from './cache/file-cache.js';
import { cacheKey, uncacheable } from './cache/key.js';
import { schedule, workerCount } from './workers/schedule.js';
import { selectTransforms } from './select.js';
import { addToSummary, emptySummary, type RunSummary } from './summary.js';

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
  targetVersion?: TargetVersion;
  lineLength?: number;
  /** --config FILE; --isolated ignores config files. */
  config?: string;
  isolated?: boolean;
  /** Use these transforms instead of the built-in ones (library users' own transforms). */
  transforms?: readonly AnyTransform[];
  /** Called once per file, in sorted path order, as results become available. */
  onResult?: (result: FileResult) => void;
  /** Keep every result in the returned report (default true; false keeps memory flat on huge runs). */
  collectResults?: boolean;
  /**
   * Worker threads (default: the available cores, fewer for small runs; 1 runs in-process). Transforms
   * given in `transforms` that are not the built-in ones always run in-process: functions cannot cross threads.
   */
  jobs?: number;
  /**
   * Skip files unchanged since a run that found nothing to change in them (default false for the library,
   * the CLI turns it on; `--no-cache` turns it off).
   */
  cache?: boolean;
  /** Where the cache lives (default: `.pycodemod_cache` in the project root). */
  cacheDir?: string;
  /** The caller prints diffs: compute them in the workers (FileResult `hunks`). */
  diff?: boolean;
  /** Called after each result is emitted: `done` of `total` files (for a progress display). */
  onProgress?: (done: number, total: number) => void;
}

export interface RunStats {
  /** Worker threads started (0 when everything ran in-process or came from the cache). */
  workers: number;
  /** Files read and run through the engine (parsed). */
  processed: number;
  /** Files answered by the cache without parsing. */
  cacheHits: number;
  /** The cache folder, when the cache was on. */
  cacheDir?: string;
  /** Why the cache was off although `cache: true` was asked for (a transform whose code cannot be known). */
  cacheOffReason?: string;
}

export interface RunReport {
  results: FileResult[];
  summary: RunSummary;
  configPath?: string;
  transforms: string[];
  settings: Settings;
  stats: RunStats;
}

export interface PreparedRun {
  files: string[];
  missing: string[];
  transforms: AnyTransform[];
  settings: Settings;
  configPath?: string;
  cwd: string;
}

/** Config and selection: flags override the config file. */
export function resolveRunSettings(options: RunOptions) {
  const cwd = resolve(options.cwd ?? process.cwd());
  const all = options.transforms ?? builtinTransforms;
  const config = loadConfig({ cwd, configFile: options.config, isolated: options.isolated, transforms: all, paths: options.paths });
  const settings: Settings = { ...config.settings };
  if (options.targetVersion) settings.targetVersion = options.targetVersion;
  if (options.lineLength) settings.lineLength = options.lineLength;
  const transforms = selectTransforms(all, {
    select: options.select ?? config.select,
    extendSelect: [...(config.extendSelect ?? []), ...(options.extendSelect ?? [])],
    ignore: options.ignore ?? config.ignore,
  });
  return { cwd, config, settings, transforms };
}

/** Config, selection and discovery: everything decided before the first file is read. */
export function prepareRun(options: RunOptions): PreparedRun {
  const { cwd, config, settings, transforms } = resolveRunSettings(options);
  const discovered = discoverFiles((options.paths?.length ? options.paths : ['.']).map((p) => resolve(cwd, p)), {
    root: settings.projectRoot,
    exclude: options.exclude ?? config.exclude,
    extendExclude: [...(config.extendExclude ?? []), ...(options.extendExclude ?? [])],
  });
  return { files: discovered.files, missing: discovered.missing, transforms, settings, configPath: config.path, cwd };
}

export function displayPath(cwd: string, abs: string): string {
  const rel = relative(cwd, abs);
  return (rel === '' ? abs : rel).split(sep).join('/');
}

export async function run(options: RunOptions = {}): Promise<RunReport> {
  const prepared = prepareRun(options);
  const { settings, transforms } = prepared;
  const summary = emptySummary();
  const results: FileResult[] = [];
  const total = prepared.missing.length + prepared.files.length;
  let done = 0;
  const emit = (r: FileResult) => {
    addToSummary(summary, r);
    if (options.collectResults !== false) results.push(r);
    options.onResult?.(r);
    options.onProgress?.(++done, total);
  };
  for (const missing of prepared.missing)
    emit({ kind: 'failed', path: missing, cause: 'io', error: { message: 'no such file or folder' } });

  // Only registry transforms can be named to a worker; anyone else's run on the main thread.
  const builtin = transforms.every((t) => builtinTransforms.includes(t));
  // A transform whose code the key cannot cover would replay results of other code: no cache then.
  const cacheOffReason = options.cache ? uncacheable(transforms) : undefined;
  const cacheDir = options.cache && !cacheOffReason ? resolve(prepared.cwd, options.cacheDir ?? join(settings.projectRoot, '.pycodemod_cache')) : undefined;
  const cache = cacheDir ? FileCache.open(cacheDir, settings.projectRoot, cacheKey({ transforms, settings, cacheDir }), { replayChanges: !options.write }) : undefined;
  const write = options.write ?? false;
  const stats = await schedule({
    files: prepared.files,
    display: (abs) => displayPath(prepared.cwd, abs),
    workers: builtin ? workerCount(options.jobs, prepared.files.length) : 1,
    cache,
    init: { transformIds: transforms.map((t) => t.id), settings, write, hashing: cache !== undefined, diff: options.diff ?? false },
    local: async () => ({ parser: await loadPythonParser(), transforms, settings, write, hashing: cache !== undefined, diff: options.diff ?? false }),
    emit,
  });
  cache?.save();
  return {
    results,
    summary,
    configPath: prepared.configPath,
    transforms: transforms.map((t) => t.id),
    settings,
    stats: { ...stats, cacheDir, ...(cacheOffReason ? { cacheOffReason } : {}) },
  };
}
