// run(): discover files -> process each (in path order) -> FileResult values. Never prints, never exits.
import { relative, resolve, sep } from 'node:path';
import { loadPythonParser } from '../core/parser.js';
import type { Settings, TargetVersion } from '../core/settings.js';
import type { AnyTransform } from '../core/types.js';
import { builtinTransforms } from '../../transforms/index.js';
import { loadConfig } from '../config/load-config.js';
import { discoverFiles } from './discover.js';
import type { FileResult } from './file-result.js';
import { processFile } from './process-file.js';
import { selectTransforms } from './select.js';
import { addToSummary, emptySummary, type RunSummary } from './summary.js';

export interface RunOptions {
  /** Files and folders (default: the current folder). */
  paths?: string[];
  cwd?: string;
  /** Apply the changes in place. */
  write?: boolean;
  select?: string[];
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
}

export interface RunReport {
  results: FileResult[];
  summary: RunSummary;
  configPath?: string;
  transforms: string[];
  settings: Settings;
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
  const transforms = selectTransforms(all, options.select ?? config.select, options.ignore ?? config.ignore);
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
  const parser = await loadPythonParser();
  const summary = emptySummary();
  const results: FileResult[] = [];
  const emit = (r: FileResult) => {
    addToSummary(summary, r);
    if (options.collectResults !== false) results.push(r);
    options.onResult?.(r);
  };
  for (const missing of prepared.missing)
    emit({ kind: 'failed', path: missing, cause: 'io', error: { message: 'no such file or folder' } });
  for (const file of prepared.files) {
    emit(
      processFile(file, displayPath(prepared.cwd, file), {
        parser,
        transforms: prepared.transforms,
        settings: prepared.settings,
        write: options.write ?? false,
      }),
    );
  }
  return { results, summary, configPath: prepared.configPath, transforms: prepared.transforms.map((t) => t.id), settings: prepared.settings };
}
