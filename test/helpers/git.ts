// git apply on a plain folder (not a repository: paths are taken relative to it), for patch tests.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

export function gitApply(dir: string, patch: string, options: { check?: boolean } = {}): { ok: boolean; stderr: string } {
  const r = spawnSync('git', ['apply', ...(options.check ? ['--check'] : []), '-'], { cwd: dir, input: patch, encoding: 'utf8' });
  return { ok: r.status === 0, stderr: r.stderr };
}

/** A copy of a folder in a new temp folder (the cache folder left out). */
export function copyTree(dir: string): string {
  const to = mkdtempSync(join(tmpdir(), 'pycodemod-copy-'));
  cpSync(dir, to, { recursive: true, filter: (src) => !src.includes('.pycodemod_cache') });
  return to;
}

/** Every file under `dir` (relative path -> bytes), the cache folder left out. */
export function treeBytes(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const abs = join(d, name);
      if (name === '.pycodemod_cache') continue;
      if (statSync(abs).isDirectory()) walk(abs);
      else out.set(relative(dir, abs), readFileSync(abs));
    }
  };
  walk(dir);
  return out;
}
