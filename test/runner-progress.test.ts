// The progress bar: only for a terminal on stderr, never with --format json or -q, never on stdout.
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { ProgressBar, wantsProgress } from '../src/runner/reporters/progress.js';
import { tempProject } from './helpers/cli.js';

async function cli(argv: string[], cwd: string, stderrIsTTY: boolean) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (s) => void (stdout += typeof s === 'string' ? s : Buffer.from(s).toString()),
    stderr: (s) => void (stderr += s),
    readStdin: async () => Buffer.alloc(0),
    cwd,
    env: {},
    stdoutIsTTY: false,
    stderrIsTTY,
    stderrColumns: 80,
    progressDelayMs: 0, // show it at once, so that its absence means something
  });
  return { code, stdout, stderr };
}

const files = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`m${String(i).padStart(2, '0')}.py`, 'def f(x=[]):\n    return x\n']));

describe('progress bar', { timeout: 60_000 }, () => {
  it('draws on a terminal stderr and erases itself; stdout is untouched', async () => {
    const dir = tempProject(files);
    const r = await cli(['--no-cache', '--jobs', '1'], dir, true);
    expect(r.stderr).toMatch(/\r\[[#-]+\] \d+\/30 files {2}\d+ files\/s {2}ETA \d+s\x1b\[K/);
    expect(r.stderr).toMatch(/\r\x1b\[K30 files would be changed/);
    expect(r.stdout).not.toMatch(/\r|files\/s/);
  });

  it('never draws when stderr is not a terminal, with --format json, or with -q', async () => {
    const dir = tempProject(files);
    for (const [argv, tty] of [[[], false], [['--format', 'json'], true], [['-q'], true], [['--check'], false]] as const) {
      const r = await cli(['--no-cache', ...argv], dir, tty);
      expect(r.stderr + r.stdout).not.toMatch(/\r|files\/s|\x1b\[K/);
    }
  });

  it('stays hidden for the first second, then shows done/total, rate and ETA', () => {
    let now = 0;
    let out = '';
    const bar = new ProgressBar({ write: (s) => void (out += s), now: () => now, columns: 80 });
    bar.update(1, 100);
    now = 500;
    bar.update(10, 100);
    expect(out).toBe('');
    now = 2000;
    bar.update(40, 100);
    expect(out).toBe('\r[################------------------------] 40/100 files  20 files/s  ETA 3s\x1b[K');
    now = 2050;
    bar.update(41, 100); // throttled: at most ten redraws a second
    expect(out.split('\r').length).toBe(2);
    bar.update(100, 100);
    expect(out.endsWith('\r\x1b[K')).toBe(true);
  });

  it('is wanted only by a human watching stderr', () => {
    expect(wantsProgress({ stderrIsTTY: true, json: false, quiet: false })).toBe(true);
    expect(wantsProgress({ stderrIsTTY: false, json: false, quiet: false })).toBe(false);
    expect(wantsProgress({ stderrIsTTY: true, json: true, quiet: false })).toBe(false);
    expect(wantsProgress({ stderrIsTTY: true, json: false, quiet: true })).toBe(false);
  });
});
