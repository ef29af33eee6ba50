// The peer: Ruff's WebAssembly build checking the same files for B006 (mutable defaults), T201 (print)
// and I001 (unsorted imports). The WASM build has no threads: this is one thread, by construction.
// `node ruff-check.js FILELIST`
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

interface RuffWasm {
  Workspace: new (options: unknown, encoding: number) => { check(source: string): { code: string | null }[] };
  PositionEncoding: { Utf16: number };
}
const ruff = createRequire(import.meta.url)('@astral-sh/ruff-wasm-nodejs') as RuffWasm;

const files = readFileSync(process.argv[2]!, 'utf8').split('\n').filter(Boolean);
const workspace = new ruff.Workspace({ lint: { select: ['B006', 'T201', 'I001'] } }, ruff.PositionEncoding.Utf16);
const decoder = new TextDecoder('utf-8', { fatal: false });
const counts: Record<string, number> = {};
for (const f of files) {
  try {
    for (const d of workspace.check(decoder.decode(readFileSync(f)))) counts[d.code ?? 'syntax'] = (counts[d.code ?? 'syntax'] ?? 0) + 1;
  } catch {
    counts.error = (counts.error ?? 0) + 1;
  }
}
process.stderr.write(`${JSON.stringify(counts)}\n`);
