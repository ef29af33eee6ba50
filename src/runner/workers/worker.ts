// A worker thread: loads the WASM grammar once, rebuilds each configuration's transforms (built-ins by
// id from the registry; plugins by importing the same built module the main thread loaded: functions
// cannot cross threads), then pulls chunks of files from the main thread until it is terminated.
// It never prints.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { loadPythonParser, type PythonParser } from '../../core/parser.js';
import { builtinTransforms } from '../../../transforms/index.js';
import type { AnyTransform } from '../../core/types.js';
import { enableSourceMaps, transformsOf } from '../../plugins/load.js';
import type { FromMain, ToMain, WorkerInit } from './protocol.js';
import { ruleTransform } from '../../patterns/rule-transform.js';
import { runTask, type ConfigContext, type TaskContext } from './task.js';
import { noted } from './note-progress.js';

async function start(port: MessagePort): Promise<void> {
  const post = (m: ToMain) => port.postMessage(m);
  const init = workerData as WorkerInit;
  let parser: PythonParser;
  try {
    parser = await loadPythonParser();
  } catch (err) {
    return post({ type: 'init-error', message: (err as Error).message, parser: true });
  }
  const progress = init.progress ? new Int32Array(init.progress) : undefined;
  let configs: ConfigContext[];
  try {
    configs = await rebuildConfigs(init, parser, progress);
  } catch (err) {
    return post({ type: 'init-error', message: (err as Error).message, parser: false });
  }
  const ctx: TaskContext = {
    parser,
    configs,
    write: init.write,
    hashing: init.hashing,
    diff: init.diff,
    // Under the watchdog: take the file back from it before writing (schedule.ts stops only what it claims).
    ...(progress ? { mayWrite: () => advance(progress, 0) } : {}),
  };
  port.on('message', (m: FromMain) => {
    if (m.type === 'stop') {
      port.close();
      return;
    }
    for (const task of m.tasks) {
      // Once the watchdog has claimed a file (-1), this worker is being stopped: it takes no other file
      // (the main thread has put them back in line). The swap makes the check and the move one step.
      if (progress && !advance(progress, task.index + 1)) return;
      post({ type: 'outcome', outcome: runTask(task, ctx) });
    }
    if (progress && !advance(progress, 0)) return;
    post({ type: 'done' });
  });
  post({ type: 'ready' });
}

/** Moves the worker's progress to `next` (a task index + 1, or 0: idle), unless the watchdog has claimed it. */
function advance(progress: Int32Array, next: number): boolean {
  const current = Atomics.load(progress, 0);
  if (current === -1 || Atomics.compareExchange(progress, 0, current, next) !== current) return false;
  Atomics.store(progress, 1, 0);
  return true;
}

async function rebuildConfigs(init: WorkerInit, parser: PythonParser, progress: Int32Array | undefined): Promise<ConfigContext[]> {
  // Pattern rules were compiled (and checked) on the main thread already: compiling again cannot fail.
  const rules = (init.rules ?? []).map((r) => ruleTransform(r, parser));
  const builtins = new Map(builtinTransforms.map((t) => [t.id, t]));
  if (init.plugins.length) enableSourceMaps();
  const plugins: Map<string, AnyTransform>[] = [];
  for (const p of init.plugins) {
    const namespace = (await import(pathToFileURL(p.bundle).href)) as Record<string, unknown>;
    plugins.push(new Map(transformsOf(namespace, p.file).map((t) => [t.id, t])));
  }
  return init.configs.map((c, ci) => ({
    settings: c.settings,
    pluginFiles: new Map(c.transforms.filter((ref) => ref.plugin !== undefined).map((ref) => [ref.id, init.plugins[ref.plugin!]!.file])),
    transforms: c.transforms.map((ref, k) => {
      const t = ref.rule !== undefined ? rules[ref.rule] : ref.plugin === undefined ? builtins.get(ref.id) : plugins[ref.plugin]?.get(ref.id);
      if (!t) throw new Error(`transform ${ref.id} is not in ${ref.plugin === undefined ? 'the registry' : init.plugins[ref.plugin]!.file}`);
      return noted(t, k, ci, progress);
    }),
  }));
}

if (!parentPort) throw new Error('pycodemod worker started outside a worker thread');
void start(parentPort);
