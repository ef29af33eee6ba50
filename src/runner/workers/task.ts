// One file as a unit of work: the same function runs in worker threads and in-process (--jobs 1), so
// both modes give identical results. The worker reads (and, with --write, writes) the file itself;
// only the result travels back to the main thread.
import { FileTooLargeError, readFailure, readRegularFile } from '../../core/regular-file.js';
import type { PythonParser } from '../../core/parser.js';
import type { Settings } from '../../core/settings.js';
import type { AnyTransform } from '../../core/types.js';
import type { FileResult } from '../file-result.js';
import { fileTooLarge, processBytes } from '../process-file.js';
import { hashText } from '../cache/key.js';
import type { FileStamp } from '../cache/file-cache.js';

export interface FileTask {
  /** Position in the sorted file list: results are emitted in this order. */
  index: number;
  /** Absolute path. */
  path: string;
  /** Path as reports show it. */
  display: string;
  /** The cache knows this file by this content hash: equal bytes mean the cached result stands. */
  expectHash?: string;
  /** Its configuration: an index into TaskContext.configs (the nearest pyproject.toml's settings and transforms). */
  config: number;
}

export interface TaskOutcome {
  index: number;
  /** Absent when the bytes matched `expectHash` (a cache hit by content: nothing was parsed). */
  result?: FileResult;
  /** With caching on: the file's stat (taken before reading) and the hash of the bytes read. */
  stamp?: FileStamp;
  hash?: string;
}

/** What one configuration runs on its files. */
export interface ConfigContext {
  transforms: readonly AnyTransform[];
  settings: Settings;
  /** The plugin file of each plugin transform, by id: a failure it caused names the file. */
  pluginFiles?: ReadonlyMap<string, string>;
}

export interface TaskContext {
  parser: PythonParser;
  configs: readonly ConfigContext[];
  write: boolean;
  /** Hash the bytes (the cache is on). */
  hashing: boolean;
  /** Compute the diff hunks of a change. */
  diff: boolean;
  /** Called before each file's transforms run (starts the clock of time-limited transforms on the main thread). */
  startFile?: () => void;
  /** Runs the engine under the file time limit (the main thread's share beside workers); see `stopped`. */
  timed?: <T>(fn: () => T) => T;
  /** The error `timed` throws when the limit stops a file: it goes up to the caller, never into a result. */
  stopped?: (err: unknown) => boolean;
  /** Claims the write of the file being processed from the watchdog (a worker with a time limit; ProcessOptions.mayWrite). */
  mayWrite?: () => boolean;
}

export function runTask(task: FileTask, ctx: TaskContext): TaskOutcome {
  let bytes: Buffer;
  let stamp: FileStamp | undefined;
  try {
    // Non-blocking open and a type check on the descriptor: a file swapped for a FIFO since discovery
    // is reported, never waited on. The stat is taken before reading: if the file changes meanwhile, the
    // recorded stat is the older one, which can only cause a miss next time, never a false hit.
    // Over max-file-size: refused before it is read (its memory would be the run's undoing).
    const read = readRegularFile(task.path, ctx.configs?.[task.config]?.settings.maxFileSize);
    const st = read.stat;
    stamp = { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, at: Date.now() };
    bytes = read.bytes;
  } catch (err) {
    if (err instanceof FileTooLargeError) return { index: task.index, result: fileTooLarge(task.display, err.size, ctx.configs[task.config]!.settings)! };
    return { index: task.index, result: { kind: 'failed', path: task.display, cause: 'io', error: { message: `cannot read: ${readFailure(err)}` } } };
  }
  const hash = ctx.hashing ? hashText(bytes) : undefined;
  if (hash !== undefined && hash === task.expectHash) return { index: task.index, stamp, hash };
  let result: FileResult;
  try {
    const config = ctx.configs[task.config]!;
    ctx.startFile?.();
    result = processBytes(task.path, task.display, bytes, {
      parser: ctx.parser,
      write: ctx.write,
      diff: ctx.diff,
      transforms: config.transforms,
      settings: config.settings,
      timed: ctx.timed,
      mayWrite: ctx.mayWrite,
    });
    if (result.kind === 'failed' && config.pluginFiles?.size) result = namePlugins(result, config.pluginFiles);
  } catch (err) {
    if (ctx.stopped?.(err)) throw err;
    // The engine turns transform crashes into results; this is anything below it (the parser itself).
    result = { kind: 'failed', path: task.display, cause: 'transform', error: { message: `internal error: ${(err as Error).stack ?? String(err)}` } };
  }
  return ctx.hashing ? { index: task.index, result, stamp, hash } : { index: task.index, result };
}

/** A failure a plugin took part in names the plugin's file, so its author knows where to look. */
export function namePlugins(result: Extract<FileResult, { kind: 'failed' }>, pluginFiles: ReadonlyMap<string, string>): FileResult {
  const files = [...new Set((result.transformId ?? '').split(',').map((id) => pluginFiles.get(id)).filter((f) => f !== undefined))];
  if (files.length === 0) return result;
  return { ...result, error: { ...result.error, message: `${result.error.message} (plugin: ${files.join(', ')})` } };
}
