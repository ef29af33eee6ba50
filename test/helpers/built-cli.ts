// Running the built `pycodemod` bin in a child process: for what an in-process test cannot do safely
// (a FIFO would block the test's own thread), and as another user (root passes every permission check,
// so read-only files, unreadable folders and ownership are tested as an unprivileged user).
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chownSync, existsSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'dist', 'src', 'bin.js');

/** Builds dist/ when a bare checkout has none (CI builds through `npm ci`'s prepare script). */
export function ensureBuilt(): void {
  if (existsSync(BIN)) return;
  const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed: ${r.stdout}${r.stderr}`);
}

export interface BinRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Killed by the timeout: the run hung. */
  timedOut: boolean;
}

function result(r: SpawnSyncReturns<string>): BinRun {
  const timedOut = (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', timedOut };
}

/** The built CLI as the current user, killed after `timeoutMs` (a hang is a result, not a stuck test). */
export function runBin(args: string[], opts: { cwd: string; timeoutMs?: number; input?: string }): BinRun {
  return result(spawnSync(process.execPath, [BIN, ...args], { cwd: opts.cwd, encoding: 'utf8', timeout: opts.timeoutMs ?? 30_000, input: opts.input, killSignal: 'SIGKILL' }));
}

/** The unprivileged user the permission tests run as (nobody). */
export const UNPRIVILEGED = { uid: 65534, gid: 65534 };

/**
 * How to run a command as an unprivileged user here: directly when the tests already run as one, else
 * through setpriv or runuser (as root). `reason` says why it is impossible, for a visible skip.
 */
export const unprivileged: { prefix: string[] | undefined; reason?: string; uid: number; gid: number } = (() => {
  const uid = process.getuid?.() ?? 0;
  if (uid !== 0) return { prefix: [], uid, gid: process.getgid?.() ?? uid };
  ensureBuilt();
  const candidates: string[][] = [
    ['setpriv', `--reuid=${UNPRIVILEGED.uid}`, `--regid=${UNPRIVILEGED.gid}`, '--clear-groups'],
    ['runuser', '-u', 'nobody', '--'],
  ];
  const tried: string[] = [];
  for (const prefix of candidates) {
    const r = spawnSync(prefix[0]!, [...prefix.slice(1), process.execPath, BIN, '--version'], { encoding: 'utf8', cwd: '/' });
    if (r.status === 0) return { prefix, ...UNPRIVILEGED };
    tried.push(`${prefix[0]}: ${(r.error?.message ?? r.stderr.trim()) || `exit ${r.status}`}`);
  }
  return { prefix: undefined, reason: `cannot run as an unprivileged user (${tried.join('; ')})`, ...UNPRIVILEGED };
})();

/** The built CLI as the unprivileged user. Only call when `unprivileged.prefix` is set. */
export function runBinUnprivileged(args: string[], opts: { cwd: string; timeoutMs?: number }): BinRun {
  const prefix = unprivileged.prefix!;
  const [cmd, ...rest] = prefix.length ? prefix : [process.execPath];
  const argv = prefix.length ? [...rest, process.execPath, BIN, ...args] : [BIN, ...args];
  return result(spawnSync(cmd!, argv, { cwd: opts.cwd, encoding: 'utf8', timeout: opts.timeoutMs ?? 30_000, killSignal: 'SIGKILL' }));
}

/** Hands a temp project to the unprivileged user (files and folders), so it can work there. */
export function giveToUnprivileged(dir: string): void {
  if ((process.getuid?.() ?? 0) !== 0) return;
  const walk = (p: string) => {
    chownSync(p, unprivileged.uid, unprivileged.gid);
    if (lstatSync(p).isDirectory()) for (const name of readdirSync(p)) walk(join(p, name));
  };
  walk(dir);
}
