// The scheduler: walks the sorted file list, answers what it can from the cache, hands the rest out in
// chunks to whoever asks (worker threads, or the main thread itself with --jobs 1: jscodeshift's pull
// model) and emits results strictly in path order through a reorder buffer.
//
// Memory stays flat: files are planned lazily, at most WINDOW files ahead of the next result to emit,
// so however large the repository, at most a window of results (and no source text but theirs) is held.
// A worker asking for work while the window is full waits until the slow file ahead of it is done.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ParserInitError } from '../../core/errors.js';
import { callWithin, isTimeout, overtimeMessage } from '../../core/time-limit.js';
import type { FileResult } from '../file-result.js';
import type { FileCache } from '../cache/file-cache.js';
import type { FromMain, ToMain, WorkerInit } from './protocol.js';
import { runTask, type FileTask, type TaskContext, type TaskOutcome } from './task.js';

export interface ScheduleInput {
  /** Absolute paths, sorted. */
  files: readonly string[];
  display: (abs: string) => string;
  /** Worker threads to use; 0 runs everything in-process, on the main thread. */
  workers: number;
  /**
   * With workers: the main thread takes files too, one at a time between its messages. Each thread is its
   * own V8 isolate that loads and compiles the engine and transforms again, so `-j N` as N-1 workers and the
   * main thread costs one isolate less than N workers. Only for the built-ins (a pattern rule's or a
   * plugin's files always go to a worker). A file keeps the workers' time limit there (node:vm's timeout);
   * a file stopped or crashed on the main thread fails as in a worker, and the main thread takes no more
   * files (the parser's state may be half-changed): a worker takes its place.
   */
  mainThreadShare?: boolean;
  /** The configuration (index) of each file, by position in `files`. */
  configOf: readonly number[];
  /** The cache of each configuration (absent: no cache). */
  caches?: readonly (FileCache | undefined)[];
  /** A result decided before reading (discovery's problems): the file is not read. */
  preset?: (abs: string, display: string) => FileResult | undefined;
  /** The run's configuration as data, for workers. */
  init: WorkerInit;
  /**
   * The in-process context (--jobs 1 with built-ins only, or transforms that cannot cross threads, or the
   * main thread's share). With `progress`, each transform notes its runs there as in a worker (note-progress.ts).
   */
  local: (progress?: Int32Array) => Promise<TaskContext>;
  /** Called once per file, in order. */
  emit: (r: FileResult) => void;
  /**
   * With workers: stop a file that takes longer than this (ms; an endless loop in a transform), fail it,
   * and go on with a fresh worker. In-process, the caller limits the transforms it does not trust (time-limit.ts).
   */
  fileTimeoutMs?: number;
  /** The transform a stopped file was in: configuration index and transform position -> id and plugin file. */
  describeTransform?: (config: number, position: number) => { id: string; file?: string } | undefined;
}

export interface ScheduleStats {
  /** Worker threads started (0: everything ran in-process, or nothing needed parsing). */
  workers: number;
  /** Files read and run through the engine. */
  processed: number;
  /** Files answered by the cache (by stat, or by content hash). */
  cacheHits: number;
}

/** The default for --jobs: the cores this process may use. */
export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

/**
 * How many workers a run gets: at most what helps. The work is CPU-bound, so never more threads than the
 * cores this process may use (`-j 1000` on 2 cores gets 2; each thread costs its own parser and heap),
 * never more than the files, and with the default, small runs stay in-process.
 */
export function workerCount(jobs: number | undefined, files: number, cores = defaultJobs()): number {
  const wanted = Math.min(jobs ?? cores, cores);
  // Starting a worker costs about as much as parsing a few dozen files (module load + WASM): with the
  // default, a run that small is done sooner on the main thread alone.
  const cap = jobs === undefined ? Math.ceil(files / 24) : files;
  return Math.max(1, Math.min(wanted, cap));
}

interface Executor {
  send(tasks: FileTask[]): void;
  close(): Promise<void>;
  /** A worker's progress (see WorkerInit.progress), when files have a time limit. */
  progress?: Int32Array;
}

export async function schedule(input: ScheduleInput): Promise<ScheduleStats> {
  const { files } = input;
  const cacheOf = (config: number) => input.caches?.[config];
  const stats: ScheduleStats = { workers: 0, processed: 0, cacheHits: 0 };
  const parallel = input.workers > 0;
  const threads = input.workers + (parallel && input.mainThreadShare ? 1 : 0);
  const chunkSize = parallel ? Math.max(1, Math.min(32, Math.ceil(files.length / (threads * 16)))) : 16;
  const window = Math.max(256, chunkSize * threads * 8);

  const ready = new Map<number, FileResult>();
  let cursor = 0;
  let nextEmit = 0;
  const pending: FileTask[] = [];

  /** Plans files (cache lookups) until a chunk's worth needs a worker or the window is full. */
  const plan = () => {
    while (pending.length < chunkSize && cursor < files.length && cursor < nextEmit + window) {
      const index = cursor++;
      const path = files[index]!;
      const display = input.display(path);
      const preset = input.preset?.(path, display);
      if (preset) {
        ready.set(index, preset);
        continue;
      }
      const config = input.configOf[index]!;
      const looked = cacheOf(config)?.lookup(path, display);
      if (looked?.hit) {
        ready.set(index, looked.hit);
        stats.cacheHits++;
      } else pending.push({ index, path, display, expectHash: looked?.expectHash, config });
    }
  };
  const flush = () => {
    for (let r = ready.get(nextEmit); r !== undefined; r = ready.get(nextEmit)) {
      ready.delete(nextEmit++);
      input.emit(r);
    }
  };
  /**
   * Plans and emits until a chunk is ready for a worker, the list is exhausted, or nothing moves.
   * Emitting cache hits moves the window, which may let planning go on: stopping after one round would
   * park a worker with nothing in flight anywhere (a deadlock once a window fills with hits).
   */
  const advance = () => {
    for (;;) {
      const before = cursor;
      plan();
      flush();
      if (pending.length >= chunkSize || cursor >= files.length || cursor === before) return;
    }
  };
  const accept = (task: FileTask, o: TaskOutcome) => {
    let result = o.result;
    const cache = cacheOf(task.config);
    if (!result) {
      result = cache && o.stamp ? cache.confirm(task.path, o.stamp, task.display) : undefined;
      stats.cacheHits++;
      // The entry vanished between lookup and answer: cannot happen with one scheduler per cache.
      if (!result) throw new Error(`cache entry for ${task.display} disappeared`);
    } else {
      stats.processed++;
      cache?.record(task.path, o.stamp, o.hash, result);
    }
    ready.set(o.index, result);
  };

  // Everything the cache can answer before the first miss needs no worker at all.
  advance();
  if (pending.length === 0 && cursor >= files.length) return stats;

  return new Promise<ScheduleStats>((resolvePromise, rejectPromise) => {
    let settled = false;
    const idle: Executor[] = [];
    const inflight = new Map<Executor, FileTask[]>();
    const executors: Executor[] = [];

    const finish = (err?: unknown) => {
      if (settled) return;
      settled = true;
      void Promise.all(executors.map((e) => e.close())).then(
        () => (err ? rejectPromise(err) : resolvePromise(stats)),
        () => (err ? rejectPromise(err) : resolvePromise(stats)),
      );
    };
    /** Give work to an executor that asked for it, or park it until the window moves. */
    const feed = (ex: Executor) => {
      if (settled) return;
      advance();
      if (pending.length > 0) {
        const tasks = pending.splice(0, chunkSize);
        inflight.set(ex, tasks);
        ex.send(tasks);
        return;
      }
      idle.push(ex);
      if (cursor >= files.length && inflight.size === 0) {
        flush();
        finish();
      }
    };
    /** One file done: accepted at once (a worker stopped later in its chunk loses nothing). */
    const outcome = (ex: Executor, o: TaskOutcome) => {
      const tasks = inflight.get(ex) ?? [];
      const at = tasks.findIndex((t) => t.index === o.index);
      if (at < 0) return; // already given up on (the worker was stopped)
      const [task] = tasks.splice(at, 1);
      try {
        accept(task!, o);
        flush();
      } catch (err) {
        finish(err);
      }
    };
    const done = (ex: Executor) => {
      // Every file of the chunk has sent its outcome before `done`; one that did not would stall the
      // reorder buffer, so it fails instead.
      for (const t of inflight.get(ex) ?? []) {
        stats.processed++;
        ready.set(t.index, { kind: 'failed', path: t.display, cause: 'transform', error: { message: 'internal error: no result from the worker' } });
      }
      inflight.delete(ex);
      flush();
      if (settled) return;
      // The window may have moved: parked executors get another chance first.
      for (const waiting of idle.splice(0)) if (!settled) feed(waiting);
      if (!settled) feed(ex);
    };
    const retire = (ex: Executor) => {
      const i = executors.indexOf(ex);
      if (i >= 0) executors.splice(i, 1);
      const at = idle.indexOf(ex);
      if (at >= 0) idle.splice(at, 1);
    };
    /**
     * A file ran past the time limit: its worker is stopped, the file fails (never written: the transform
     * did not finish), the rest of the worker's chunk goes back in line, and a fresh worker takes over.
     */
    const overtime = (ex: Executor, index: number, position: number, config: number) => {
      const tasks = inflight.get(ex) ?? [];
      inflight.delete(ex);
      retire(ex);
      void ex.close();
      const t = position > 0 ? input.describeTransform?.(config, position - 1) : undefined;
      for (const task of tasks.slice().reverse()) {
        if (task.index !== index) {
          pending.unshift(task);
          continue;
        }
        stats.processed++;
        ready.set(task.index, {
          kind: 'failed',
          path: task.display,
          cause: 'transform',
          ...(t ? { transformId: t.id } : {}),
          // The same words as a transform stopped on the main thread, and the plugin named as for any failure.
          error: { message: `${overtimeMessage(input.fileTimeoutMs ?? 0, t?.id)}${t?.file ? ` (plugin: ${t.file})` : ''}` },
        });
      }
      flush();
      start();
    };
    /** A worker died with work in hand: those files fail, a replacement takes over the rest. */
    let respawns = 0;
    const crashed = (ex: Executor, message: string) => {
      const tasks = inflight.get(ex);
      inflight.delete(ex);
      retire(ex);
      for (const t of tasks ?? [])
        ready.set(t.index, { kind: 'failed', path: t.display, cause: 'transform', error: { message: `worker crashed: ${message}` } });
      stats.processed += tasks?.length ?? 0;
      flush();
      if (respawns++ > input.workers * 4) {
        finish(new Error(`pycodemod workers keep crashing: ${message}`));
        return;
      }
      if (cursor < files.length || pending.length > 0) start();
      else if (inflight.size === 0) finish();
    };

    const start = (onMainThread = !parallel) => {
      const ex: Executor = !onMainThread
        ? spawnWorker(input.init, !!input.fileTimeoutMs, {
            ready: () => feed(ex),
            outcome: (o) => outcome(ex, o),
            done: () => done(ex),
            initError: (err) => finish(err),
            crash: (message) => {
              if (!settled) crashed(ex, message);
            },
          })
        : localExecutor(
            input.local,
            {
              ready: () => feed(ex),
              outcome: (o) => outcome(ex, o),
              done: () => done(ex),
              initError: (err) => finish(err),
              // Beside workers, the main thread fails like one and retires; alone, the run cannot go on.
              crash: (message) => (parallel ? !settled && crashed(ex, message) : finish(new Error(message))),
              overtime: (index) => overtime(ex, index, Atomics.load(ex.progress!, 1), Atomics.load(ex.progress!, 2)),
            },
            parallel ? input.fileTimeoutMs : undefined,
          );
      executors.push(ex);
      if (!onMainThread) stats.workers++;
    };
    if (!parallel || input.mainThreadShare) start(true);
    // (A replacement for a crashed or stopped worker is a worker again: start() with no argument.)
    for (let i = 0; i < (parallel ? Math.min(input.workers, files.length) : 0); i++) start();

    // The watchdog: a worker on the same file for longer than the limit is stopped.
    if (parallel && input.fileTimeoutMs) {
      const limit = input.fileTimeoutMs;
      const seen = new Map<Executor, { task: number; since: number }>();
      const timer = setInterval(() => {
        if (settled) return clearInterval(timer);
        const now = Date.now();
        for (const ex of executors) {
          const task = ex.progress ? Atomics.load(ex.progress, 0) : 0;
          const last = seen.get(ex);
          if (task <= 0 || last?.task !== task) seen.set(ex, { task, since: now });
          else if (now - last.since > limit) {
            seen.delete(ex);
            // Claimed, unless the worker has claimed the file's write first (it then finishes the file):
            // a file is never both written and reported stopped.
            if (Atomics.compareExchange(ex.progress!, 0, task, -1) !== task) continue;
            overtime(ex, task - 1, Atomics.load(ex.progress!, 1), Atomics.load(ex.progress!, 2));
          }
        }
      }, Math.min(1000, Math.max(50, limit / 4)));
      timer.unref();
    }
  });
}

interface ExecutorEvents {
  ready(): void;
  outcome(o: TaskOutcome): void;
  done(): void;
  initError(err: Error): void;
  crash(message: string): void;
  /** The file `index` ran past the time limit on the main thread and was stopped. */
  overtime?(index: number): void;
}

/**
 * The main thread as an executor (--jobs 1, or its share beside workers): one file per macrotask, so the
 * workers' messages are answered between files and a worker asking for its next chunk waits for one file
 * at most. With `limitMs` (its share beside workers), each file runs under node:vm's timeout, the limit the
 * workers' watchdog applies, and the transform running is noted in `progress` to name it; a stopped or
 * crashed file ends the main thread's share.
 */
function localExecutor(context: (progress?: Int32Array) => Promise<TaskContext>, events: ExecutorEvents, limitMs?: number): Executor {
  let ctx: TaskContext | undefined;
  let closed = false;
  const progress = limitMs ? new Int32Array(3) : undefined;
  context(progress).then(
    (c) => {
      // Only the engine is timed (runTask, processBytes): a file is never stopped while being written.
      ctx = limitMs ? { ...c, timed: (fn) => callWithin(limitMs, fn), stopped: isTimeout } : c;
      events.ready();
    },
    (err: unknown) => events.initError(err instanceof Error ? err : new Error(String(err))),
  );
  return {
    progress,
    send(chunk) {
      // A copy: accepting an outcome takes its task out of the scheduler's in-flight list, `chunk`.
      const tasks = chunk.slice();
      const step = (i: number) => {
        if (closed) return;
        if (i === tasks.length) return events.done();
        const task = tasks[i]!;
        let outcome: TaskOutcome;
        try {
          outcome = runTask(task, ctx!);
        } catch (err) {
          if (limitMs) closed = true;
          if (limitMs && isTimeout(err)) events.overtime!(task.index);
          else events.crash(err instanceof Error ? err.message : String(err));
          return;
        }
        events.outcome(outcome);
        setImmediate(step, i + 1);
      };
      setImmediate(step, 0);
    },
    close: async () => {
      closed = true;
    },
  };
}

function spawnWorker(init: WorkerInit, watched: boolean, events: ExecutorEvents): Executor {
  const { url, execArgv } = workerEntry();
  const progress = watched ? new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT) : undefined;
  const worker = new Worker(url, { workerData: progress ? { ...init, progress } : init, execArgv });
  let closing = false;
  let dead = false;
  const died = (message: string) => {
    if (closing || dead) return;
    dead = true;
    events.crash(message);
  };
  worker.on('message', (m: ToMain) => {
    if (m.type === 'ready') events.ready();
    else if (m.type === 'outcome') events.outcome(m.outcome);
    else if (m.type === 'done') events.done();
    else if (m.type === 'init-error') events.initError(m.parser ? new ParserInitError(m.message) : new Error(m.message));
  });
  worker.on('error', (err: Error) => died(err.message));
  worker.on('exit', (code) => died(`exited with code ${code}`));
  return {
    ...(progress ? { progress: new Int32Array(progress) } : {}),
    send(tasks) {
      worker.postMessage({ type: 'chunk', tasks } satisfies FromMain);
    },
    async close() {
      closing = true;
      await worker.terminate();
    },
  };
}

/**
 * The worker's entry module. Built code (dist/**.js) starts worker.js beside this file. Run from the
 * TypeScript sources (vitest, tsx) there is no .js sibling: a tiny bootstrap registers tsx's loader
 * inside the new thread, then imports worker.ts, so tests exercise the real worker code, never a stale build.
 */
function workerEntry(): { url: URL; execArgv: string[] } {
  const self = import.meta.url;
  // Flags like --cpu-prof reach the workers; loader flags of the test runner do not.
  const execArgv = process.execArgv.filter((a) => /^--(cpu-prof|heap-prof|max-old-space-size|stack-size)/.test(a));
  if (self.endsWith('.js')) return { url: new URL('./worker.js', self), execArgv };
  const entry = new URL('./worker.ts', self).href;
  const code = `import { register } from ${JSON.stringify(tsxApi())};\nregister();\nawait import(${JSON.stringify(entry)});\n`;
  return { url: new URL(`data:text/javascript,${encodeURIComponent(code)}`), execArgv };
}

function tsxApi(): string {
  try {
    return import.meta.resolve('tsx/esm/api');
  } catch {
    // Some test runners do not implement import.meta.resolve: read tsx's export map ourselves.
    const pkg = createRequire(import.meta.url).resolve('tsx/package.json');
    const exportsMap = JSON.parse(readFileSync(pkg, 'utf8')).exports['./esm/api'].import.default as string;
    return pathToFileURL(join(dirname(pkg), exportsMap)).href;
  }
}
