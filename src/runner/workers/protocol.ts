// Messages between the main thread and its workers (plain data only: structured clone).
import type { Settings } from '../../core/settings.js';
import type { FileTask, TaskOutcome } from './task.js';

/** workerData: everything a worker needs to rebuild the run's configuration. */
export interface WorkerInit {
  transformIds: string[];
  settings: Settings;
  write: boolean;
  hashing: boolean;
  /** Dry run with diffs: compute each change's hunks in the worker, off the main thread. */
  diff: boolean;
}

export type FromMain = { type: 'chunk'; tasks: FileTask[] } | { type: 'stop' };

export type ToMain =
  | { type: 'ready' }
  /** `parser`: the grammar failed to load (a broken install), else a bug. */
  | { type: 'init-error'; message: string; parser: boolean }
  /** A finished chunk; also a request for the next one (pull model). */
  | { type: 'done'; outcomes: TaskOutcome[] };
