// The parse-only floor: the same files, only read, decoded and parsed by web-tree-sitter, with the same
// number of worker threads pulling chunks as pycodemod uses. `node parse-only.js FILELIST JOBS`
import { readFileSync } from 'node:fs';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { loadPythonParser } from '../../src/core/parser.js';

const CHUNK = 32;

async function worker(): Promise<void> {
  const parser = await loadPythonParser();
  const port = parentPort!;
  const decoder = new TextDecoder('utf-8', { fatal: false });
  port.on('message', (paths: string[]) => {
    let nodes = 0;
    for (const p of paths) {
      const tree = parser.parse(decoder.decode(readFileSync(p)));
      nodes += tree.rootNode.hasError ? 1 : 0;
      tree.delete();
    }
    port.postMessage(nodes);
  });
  port.postMessage(0);
}

async function main(): Promise<void> {
  const [listFile, jobsArg] = process.argv.slice(2);
  const files = readFileSync(listFile!, 'utf8').split('\n').filter(Boolean);
  const jobs = Number(jobsArg ?? 1);
  let next = 0;
  let running = 0;
  await new Promise<void>((resolve) => {
    for (let i = 0; i < jobs; i++) {
      running++;
      const w = new Worker(new URL(import.meta.url), { workerData: 'parse-only' });
      w.on('message', () => {
        if (next < files.length) {
          w.postMessage(files.slice(next, next + CHUNK));
          next += CHUNK;
        } else {
          void w.terminate();
          if (--running === 0) resolve();
        }
      });
    }
  });
}

if (!isMainThread && workerData === 'parse-only') void worker();
else if (isMainThread) void main();
