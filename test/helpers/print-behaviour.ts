// Runs a program before and after print-to-logging with python3 and returns both outputs: the original
// as it is, the rewrite with the root logger printing bare messages to stdout (stderr merged into stdout,
// both unbuffered so the interleaving is kept). The same harness as print-to-logging-behaviour.test.ts.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

export const BARE_LOGGING =
  'import logging, runpy, sys\n' +
  'logging.basicConfig(format="%(message)s", level=logging.DEBUG, stream=sys.stdout)\n' +
  'runpy.run_path(sys.argv[1], run_name="__main__")\n';

let work: string | undefined;

/** python3 -u with stderr merged into stdout; the exit status and the output. */
export function runPython(args: string[]): { status: number | null; output: string } {
  const r = spawnSync('sh', ['-c', 'exec python3 -u "$@" 2>&1', 'sh', ...args], {
    cwd: (work ??= mkdtempSync(join(tmpdir(), 'ptl-holes-'))),
    env: { ...process.env, PYTHONIOENCODING: 'utf-8' },
  });
  if (r.error) throw r.error;
  return { status: r.status, output: r.stdout.toString('utf8') };
}

/** The outputs of `before` run plainly and `after` run under BARE_LOGGING. */
export function beforeAndAfter(name: string, before: string, after: string): { before: { status: number | null; output: string }; after: { status: number | null; output: string } } {
  work ??= mkdtempSync(join(tmpdir(), 'ptl-holes-'));
  const b = join(work, `before-${name}.py`);
  const a = join(work, `after-${name}.py`);
  writeFileSync(b, before);
  writeFileSync(a, after);
  return { before: runPython([b]), after: runPython(['-c', BARE_LOGGING, a]) };
}
