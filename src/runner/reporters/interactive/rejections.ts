// Fixes rejected in interactive review, remembered in the cache folder so that the next `-i` run over the
// same tree asks only about new fixes. One JSON file per cache folder, from the file's path (relative to the
// project root) to its rejections. Like the cache it is this machine's memory, not a setting: it is never
// read by non-interactive runs (use `# pycodemod: skip[id]` to keep code as it is for everyone).
// A missing or damaged file is an empty memory; failing to save it is reported, never fatal.
import { join, resolve, sep } from 'node:path';
import { readRegularFile } from '../../../core/regular-file.js';
import { relativePosix } from '../../posix-paths.js';
import { checkCacheDir, ensureCacheDir, writeAtomically } from '../../cache/file-cache.js';
import type { Rejection } from './file-review.js';

const FILE = 'review-rejections.json';
const FORMAT = 1;

export class RejectionStore {
  private files: Map<string, Rejection[]>;
  private dirty = false;

  private constructor(
    readonly dir: string,
    private readonly root: string,
  ) {
    this.files = load(join(dir, FILE));
  }

  /** The store in cache folder `dir`; paths are kept relative to `root` (the project root). */
  static open(dir: string, root: string): RejectionStore {
    checkCacheDir(dir);
    return new RejectionStore(dir, root);
  }

  private rel(abs: string): string {
    return relativePosix(this.root, abs);
  }

  get(abs: string): Rejection[] {
    return this.files.get(this.rel(abs)) ?? [];
  }

  set(abs: string, rejections: readonly Rejection[]): void {
    const key = this.rel(abs);
    const before = this.files.get(key) ?? [];
    if (sameKeys(before, rejections)) return;
    if (rejections.length) this.files.set(key, [...rejections]);
    else this.files.delete(key);
    this.dirty = true;
  }

  /** Forgets the rejections of files at or under `paths` (absolute); returns how many fixes and files. */
  forget(paths: readonly string[]): { fixes: number; files: number } {
    let fixes = 0;
    let files = 0;
    for (const [rel, list] of this.files) {
      const abs = resolve(this.root, rel);
      if (!paths.some((p) => abs === p || abs.startsWith(p.endsWith(sep) ? p : p + sep))) continue;
      fixes += list.length;
      files++;
      this.files.delete(rel);
      this.dirty = true;
    }
    return { fixes, files };
  }

  /** Writes the store when it changed. Throws when it cannot (the caller says so). */
  save(): void {
    if (!this.dirty) return;
    ensureCacheDir(this.dir);
    writeAtomically(join(this.dir, FILE), `${JSON.stringify({ format: FORMAT, files: Object.fromEntries(this.files) })}\n`);
    this.dirty = false;
  }
}

function sameKeys(a: readonly Rejection[], b: readonly Rejection[]): boolean {
  return a.length === b.length && a.every((r, i) => r.key === b[i]!.key);
}

function load(file: string): Map<string, Rejection[]> {
  const map = new Map<string, Rejection[]>();
  let data: unknown;
  try {
    data = JSON.parse(readRegularFile(file).bytes.toString('utf8'));
  } catch {
    return map;
  }
  const d = data as { format?: unknown; files?: unknown };
  if (d.format !== FORMAT || typeof d.files !== 'object' || d.files === null) return map;
  for (const [path, list] of Object.entries(d.files as Record<string, unknown>)) {
    if (!Array.isArray(list)) continue;
    const valid = list.filter(
      (r): r is Rejection => typeof r === 'object' && r !== null && typeof r.key === 'string' && typeof r.transform === 'string' && typeof r.message === 'string',
    );
    if (valid.length) map.set(path, valid);
  }
  return map;
}
