// A worker thread: loads the WASM grammar once, looks the selected transforms up in the registry (they
// arrive as ids: functions cannot cross threads), then pulls chunks of files from the main thread
// until it is terminated. It never prints.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { loadPythonParser, type PythonParser } from '../../core/parser.js';
import { builtinTransforms } from '../../../transforms/index.js';
import type { AnyTransform } from '../../core/types.js';
import type { FromMain, ToMain, WorkerInit } from './protocol.js';
import { runTask, type TaskContext } from './task.js';

async function start(port: MessagePort): Promise<void> {
  const post = (m: ToMain) => port.postMessage(m);
  const init = workerData as WorkerInit;
  const byId = new Map(builtinTransforms.map((t) => [t.id, t]));
  const transforms: AnyTransform[] = [];
  for (const id of init.transformIds) {
    const t = byId.get(id);
    if (!t) return post({ type: 'init-error', message: `transform ${id} is not in the registry`, parser: false });
    transforms.push(t);
  }
  let parser: PythonParser;
  try {
    parser = await loadPythonParser();
  } catch (err) {
    return post({ type: 'init-error', message: (err as Error).message, parser: true });
  }
  const ctx: TaskContext = { parser, transforms, settings: init.settings, write: init.write, hashing: init.hashing, diff: init.diff };
  port.on('message', (m: FromMain) => {
    if (m.type === 'stop') port.close();
    else post({ type: 'done', outcomes: m.tasks.map((t) => runTask(t, ctx)) });
  });
  post({ type: 'ready' });
}

if (!parentPort) throw new Error('pycodemod worker started outside a worker thread');
void start(parentPort);
