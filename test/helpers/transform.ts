// Running one built-in transform on a string, and running Python programs, for the transforms' tests.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinTransforms } from '../../transforms/index.js';
import { transformSourceWith } from '../../src/core/transform-source.js';

/** The output of transform `id` alone on `source`, and its skips as `line: reason`. */
export async function runTransform(id: string, source: string, options: Record<string, unknown> = {}, path = 'pkg/mod.py') {
  const transform = builtinTransforms.find((t) => t.id === id);
  if (!transform) throw new Error(`no transform ${id}`);
  const r = await transformSourceWith(source, { path, transforms: [transform], settings: { transformOptions: { [id]: options } } });
  if (r.kind !== 'ok') throw new Error(JSON.stringify(r));
  return {
    output: r.output,
    skips: r.skips.map((s) => `${s.line}: ${s.reason}`),
    messages: r.edits.filter((e) => e.transform === id).map((e) => `${e.line}: ${e.message}`),
  };
}

/** Runs a Python program (stderr merged into stdout, unbuffered); returns its output and exit status. */
export function runPython(source: string, args: string[] = []): { output: string; status: number | null } {
  const dir = mkdtempSync(join(tmpdir(), 'pycodemod-py-'));
  try {
    const file = join(dir, 'prog.py');
    writeFileSync(file, source);
    const r = spawnSync('sh', ['-c', 'exec python3 -u "$@" 2>&1', 'sh', file, ...args], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, PYTHONIOENCODING: 'utf-8' },
    });
    if (r.error) throw r.error;
    return { output: r.stdout.replaceAll(dir, '<dir>'), status: r.status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
