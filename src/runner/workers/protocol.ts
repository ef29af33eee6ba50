// Messages between the main thread and its workers (plain data only: structured clone).
import type { Settings } from '../../core/settings.js';
import type { RuleDefinition } from '../../patterns/rule.js';
import type { FileTask, TaskOutcome } from './task.js';

/** A transform named across threads: a built-in by id, a plugin's by id within its module, a pattern rule by its definition. */
export interface TransformRef {
  id: string;
  /** Index into WorkerInit.plugins; absent for a built-in. */
  plugin?: number;
  /** Index into WorkerInit.rules, for a pattern rule. */
  rule?: number;
}

/** One configuration (a pyproject.toml's settings and selection), sent once; tasks refer to it by index. */
export interface ConfigData {
  settings: Settings;
  transforms: TransformRef[];
}

/** workerData: everything a worker needs to rebuild the run's configuration. */
export interface WorkerInit {
  /** Plugin modules the configurations use: the built bundle each thread imports, and its source file for messages. */
  plugins: { bundle: string; file: string }[];
  /** Pattern rule definitions (data): each worker compiles them itself. */
  rules?: RuleDefinition[];
  configs: ConfigData[];
  write: boolean;
  hashing: boolean;
  /** Dry run with diffs: compute each change's hunks in the worker, off the main thread. */
  diff: boolean;
  /**
   * Set per worker when files have a time limit: the worker keeps [task index + 1 of the file it is on
   * (0: none), index + 1 of the transform running, its configuration] here, for the main thread's watchdog.
   */
  progress?: SharedArrayBuffer;
}

export type FromMain = { type: 'chunk'; tasks: FileTask[] } | { type: 'stop' };

export type ToMain =
  | { type: 'ready' }
  /** `parser`: the grammar failed to load (a broken install), else a bug. */
  | { type: 'init-error'; message: string; parser: boolean }
  /** One file done: sent at once, so nothing is lost if the worker is stopped later in its chunk. */
  | { type: 'outcome'; outcome: TaskOutcome }
  /** A finished chunk; also a request for the next one (pull model). */
  | { type: 'done' };
