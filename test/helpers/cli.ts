// Runs the CLI in-process against a temp folder and captures what it prints.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { main } from '../../src/cli.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(argv: string[], opts: { cwd: string; stdin?: string | Buffer; tty?: boolean; env?: Record<string, string> }): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (s) => {
      stdout += typeof s === 'string' ? s : Buffer.from(s).toString('utf8');
    },
    stderr: (s) => {
      stderr += s;
    },
    readStdin: async () => Buffer.from(opts.stdin ?? ''),
    cwd: opts.cwd,
    env: opts.env ?? {},
    stdoutIsTTY: opts.tty ?? false,
  });
  return { code, stdout, stderr };
}

/** A temp folder holding the given files (paths relative to it). */
export function tempProject(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pycodemod-test-'));
  for (const [rel, content] of Object.entries(files)) {
    const abs = join(dir, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
  return dir;
}
