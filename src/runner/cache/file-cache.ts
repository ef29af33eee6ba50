// The result cache (Ruff's model): a file whose bytes, configuration, transforms and tool version are the
// same as in a run that found nothing to change is not parsed again; its result is replayed from here.
//
// Layout: <cache dir>/<tool version>/<config key>.json, one JSON map per configuration (the key covers
// settings, transforms and code, see key.ts), from the file's path relative to the project root to
//   [size, mtimeMs, ctimeMs, sha1 of the bytes, stat-trusted, last-seen day, result without path].
// One read and one write per run keeps it fast; the whole map for 10,000 files is ~1.5 MB of JSON.
//
// Lookup: when size, mtime and ctime all match a "trusted" entry the file is not even read (a run of
// nothing but cache hits starts no worker and reads no source). Otherwise, when an entry exists, the
// worker reads the file anyway and compares the content hash: equal bytes are still a hit (a `touch`,
// a fresh checkout). An entry is stat-trusted only when the file had not been modified for 2 s when it
// was stat'ed, so an edit within the filesystem's timestamp granularity is never mistaken for "the same
// file" (git's "racy clean" problem).
//
// Only results that depend on nothing but those inputs are kept: unchanged files (with their skips, so
// `-v` prints the same), syntax errors, and files skipped for their encoding or a skip-file comment.
// Beyond what the issue asks (Ruff replays its diagnostics the same way): in a dry run or --check, a file
// that WOULD change is kept too, its rewritten text in a blob file (<key>.blobs/<sha1 of the text>) so
// the map stays small; a warm dry run then reads the source and the blob and parses nothing. With
// --write such entries are ignored (the worker must write the file) and dropped once the file changed.
// A missing, unreadable or corrupt cache file is an empty cache; failing to write one is ignored.
// Known limit (shared with Ruff): results that depend on the file system beyond the file itself are keyed
// only by the top-level names in the src roots (key.ts); a deeper layout change (a new __init__.py above a
// file) needs --no-cache once.
import { existsSync, lstatSync, mkdirSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyDelta, type FileResult, type TextDelta } from '../file-result.js';
import { relativePosix } from '../posix-paths.js';
import { CACHE_FORMAT, hashText } from './key.js';
import { decodePythonSource } from '../read-source.js';
import { VERSION } from '../../core/version.js';
import { readRegularFile } from '../../core/regular-file.js';
import { UsageError } from '../../core/errors.js';
import { isEntry, type Entry } from './entry-shape.js';
import { isStaleTemp, isTempName, tempPathFor } from '../write-file.js';

/** What a worker learned about a file's identity before reading it. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  /** When the stat was taken (ms since the epoch). */
  at: number;
}

type Changed = Extract<FileResult, { kind: 'changed' }>;
/**
 * A would-be change, stored without its texts: `before` is the file itself; `after` is `before` with the
 * `delta`'s replacements made or, without a delta, is in the blob file `blob`. `blob` is the hash of `after`
 * either way.
 */
export type CachedChange = Omit<Changed, 'path' | 'before' | 'after' | 'written'> & { blob: string };
/** A cached result is a result without its path (the display path depends on the cwd). */
export type CachedResult = Exclude<DistributiveOmit<FileResult, 'path'>, { kind: 'changed' }> | CachedChange;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;


const RACY_MS = 2000;
const FORGET_AFTER_DAYS = 30;
const today = () => Math.floor(Date.now() / 86_400_000);

export function isCacheable(r: FileResult): boolean {
  return (
    r.kind === 'unchanged' ||
    (r.kind === 'failed' && r.cause === 'syntax-error') ||
    (r.kind === 'skipped' && (r.reason === 'encoding' || r.reason === 'skip-file'))
  );
}

export function withPath(r: Exclude<CachedResult, CachedChange>, path: string): FileResult {
  const result = { ...r, path } as FileResult;
  if (result.kind === 'unchanged') result.cached = true;
  return result;
}

export type Lookup =
  | { hit: FileResult }
  /** Not known by its stat: the worker must read it; when its hash equals `expectHash`, it is a hit. */
  | { hit?: undefined; expectHash?: string };

export class FileCache {
  private entries: Map<string, Entry>;
  private dirty = false;
  private readonly day = today();
  readonly file: string;
  private readonly blobs: string;

  private constructor(
    readonly dir: string,
    readonly root: string,
    key: string,
    /** Replay would-be changes (dry run, --check); false with --write. */
    private readonly replayChanges: boolean,
  ) {
    this.file = join(dir, VERSION, `${key}.json`);
    this.blobs = join(dir, VERSION, `${key}.blobs`);
    this.entries = load(this.file, key);
  }

  /** Throws a UsageError when `dir` exists and holds something other than a pycodemod cache. */
  static open(dir: string, root: string, key: string, options: { replayChanges?: boolean } = {}): FileCache {
    checkCacheDir(dir);
    return new FileCache(dir, root, key, options.replayChanges ?? false);
  }

  get size(): number {
    return this.entries.size;
  }

  private rel(abs: string): string {
    return relativePosix(this.root, abs);
  }

  /** A hit by stat alone, or what the worker needs to decide by content. */
  lookup(abs: string, displayPath: string): Lookup {
    const key = this.rel(abs);
    const entry = this.entries.get(key);
    if (!entry) return {};
    const cached = entry[6];
    if (cached.kind === 'changed') return this.replay(abs, key, entry, cached, displayPath);
    if (entry[4] === 1) {
      let st;
      try {
        st = statSync(abs);
      } catch {
        return {};
      }
      if (st.size === entry[0] && st.mtimeMs === entry[1] && st.ctimeMs === entry[2]) {
        this.touch(entry);
        return { hit: withPath(cached, displayPath) };
      }
    }
    return { expectHash: entry[3] };
  }

  /**
   * A would-be change. In a warm dry run (same stat, hunks cached) nothing is read: the diff prints from
   * the hunks, and the texts are read only if someone asks for them (the library API, or a reporter
   * without hunks). Otherwise the main thread reads the file, to know it by its hash, and the blob.
   */
  private replay(abs: string, key: string, entry: Entry, cached: CachedChange, displayPath: string): Lookup {
    if (!this.replayChanges) return {};
    const blob = join(this.blobs, cached.blob);
    const { delta } = cached;
    const afterOf = (before: string) => (delta ? rebuilt(before, delta, cached.blob) : readBlob(blob, cached.blob));
    let st;
    try {
      st = statSync(abs);
    } catch {
      return {};
    }
    const sameStat = entry[4] === 1 && st.size === entry[0] && st.mtimeMs === entry[1] && st.ctimeMs === entry[2];
    const { blob: _blob, delta: _delta, ...rest } = cached;
    if (sameStat && cached.hunks && (delta || existsSync(blob))) {
      this.touch(entry);
      let texts: { before: string; after: string } | undefined;
      const load = () => {
        if (texts) return texts;
        const before = decodedText(readRegularFile(abs).bytes, abs);
        return (texts = { before, after: afterOf(before) });
      };
      return {
        hit: {
          ...rest,
          path: displayPath,
          get before() {
            return load().before;
          },
          get after() {
            return load().after;
          },
        },
      };
    }
    let texts: { before: string; after: string };
    try {
      const bytes = readRegularFile(abs).bytes;
      if (!sameStat && hashText(bytes) !== entry[3]) return {};
      const before = decodedText(bytes, abs);
      texts = { before, after: afterOf(before) };
    } catch {
      return {};
    }
    if (!sameStat) {
      const at = Date.now();
      this.entries.set(key, [st.size, st.mtimeMs, st.ctimeMs, entry[3], trusted({ size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, at }), this.day, cached]);
      this.dirty = true;
    } else this.touch(entry);
    return { hit: { ...rest, path: displayPath, ...texts } };
  }

  /** The worker found the same bytes under a new stat: keep the entry, with the new stat. */
  confirm(abs: string, stamp: FileStamp, displayPath: string): FileResult | undefined {
    const key = this.rel(abs);
    const entry = this.entries.get(key);
    if (!entry || entry[6].kind === 'changed') return undefined;
    this.entries.set(key, [stamp.size, stamp.mtimeMs, stamp.ctimeMs, entry[3], trusted(stamp), this.day, entry[6]]);
    this.dirty = true;
    return withPath(entry[6] as Exclude<CachedResult, CachedChange>, displayPath);
  }

  /** Remember (or forget) a freshly computed result. */
  record(abs: string, stamp: FileStamp | undefined, contentHash: string | undefined, result: FileResult): void {
    const key = this.rel(abs);
    if (stamp && contentHash && isCacheable(result)) {
      const { path: _path, ...rest } = result;
      if (rest.kind === 'unchanged') delete rest.cached;
      this.entries.set(key, [stamp.size, stamp.mtimeMs, stamp.ctimeMs, contentHash, trusted(stamp), this.day, rest as CachedResult]);
      this.dirty = true;
    } else if (stamp && contentHash && result.kind === 'changed' && this.replayChanges && !result.written) {
      const blob = hashText(result.after);
      // The replacements alone when they rebuild the new text (no file to create per change); else a blob.
      const delta = result.delta && applyDelta(result.before, result.delta) === result.after ? result.delta : undefined;
      if (!delta) {
        try {
          mkdirSync(this.blobs, { recursive: true });
          writeAtomically(join(this.blobs, blob), result.after);
        } catch {
          this.entries.delete(key);
          return;
        }
      }
      const change: CachedChange = { kind: 'changed', edits: result.edits, skips: result.skips, blob, ...(delta ? { delta } : {}) };
      // The hunks too, when this run computed them: a warm dry run then prints without diffing again.
      if (result.hunks) change.hunks = result.hunks;
      if (result.bom) change.bom = true;
      this.entries.set(key, [stamp.size, stamp.mtimeMs, stamp.ctimeMs, contentHash, trusted(stamp), this.day, change]);
      this.dirty = true;
    } else if (this.entries.delete(key)) {
      this.dirty = true;
    }
  }

  private touch(entry: Entry): void {
    if (entry[5] !== this.day) {
      entry[5] = this.day;
      this.dirty = true;
    }
  }

  /** Writes the map (atomically) when something changed; never throws. */
  save(): void {
    if (!this.dirty) return;
    const entries: Record<string, Entry> = {};
    const blobs = new Set<string>();
    for (const [k, e] of this.entries) {
      if (this.day - e[5] > FORGET_AFTER_DAYS) continue;
      entries[k] = e;
      if (e[6].kind === 'changed') blobs.add(e[6].blob);
    }
    // Blobs no entry refers to any more (the file was fixed, or changed differently) go, and so do temp
    // files a killed run left (another run's temp file in flight is left alone: see isStaleTemp).
    try {
      for (const b of readdirSync(this.blobs))
        if (isTempName(b) ? isStaleTemp(join(this.blobs, b)) : !blobs.has(b)) unlinkSync(join(this.blobs, b));
    } catch {
      /* no blob folder */
    }
    try {
      ensureCacheDir(this.dir);
      mkdirSync(join(this.dir, VERSION), { recursive: true });
      for (const f of readdirSync(join(this.dir, VERSION))) if (isTempName(f) && isStaleTemp(join(this.dir, VERSION, f))) unlinkSync(join(this.dir, VERSION, f));
      writeAtomically(this.file, JSON.stringify({ format: CACHE_FORMAT, entries }));
      this.dirty = false;
    } catch {
      // A read-only checkout or a full disk: the run itself succeeded, the next one is simply cold.
    }
  }
}

function trusted(stamp: FileStamp): 0 | 1 {
  return stamp.at - stamp.mtimeMs > RACY_MS ? 1 : 0;
}

function load(file: string, _key: string): Map<string, Entry> {
  try {
    const data = JSON.parse(readRegularFile(file).bytes.toString('utf8')) as { format?: unknown; entries?: unknown };
    if (data.format !== CACHE_FORMAT || typeof data.entries !== 'object' || data.entries === null) return new Map();
    const map = new Map<string, Entry>();
    for (const [k, e] of Object.entries(data.entries as Record<string, unknown>)) if (isEntry(e)) map.set(k, e);
    return map;
  } catch {
    return new Map();
  }
}

// The cache folder is the tool's own. Created by the tool, it gets a `.gitignore` that ignores everything
// in it and a CACHEDIR.TAG for backup tools; both would do damage in a folder of the user's files (git
// would ignore every new file, backups would skip the project), so they are never written into a folder
// the tool did not create. An existing folder is used only when it is empty or already a pycodemod cache
// (recognised by MARKER, or the CACHEDIR.TAG this tool writes); anything else is refused.
const MARKER = '.pycodemod-cache';
const TAG_SIGNATURE = 'Signature: 8a477f597d28d172789f06886806bc55';

/** Refuses a cache folder that holds anything but a pycodemod cache. A folder not there yet is fine. */
export function checkCacheDir(dir: string): void {
  let st;
  try {
    st = lstatSync(dir);
  } catch {
    return; // not there (it is created when the cache is saved), or not reachable (saving will fail quietly)
  }
  const hint = 'give --cache-dir a new or empty folder (pycodemod creates and owns it), or run with --no-cache';
  if (!st.isDirectory()) throw new UsageError(`the cache folder ${dir} is not a folder`, hint);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return; // unreadable: the cache is simply empty and saving it will fail quietly
  }
  if (names.length === 0 || isPycodemodCache(dir, names)) return;
  throw new UsageError(`the cache folder ${dir} holds other files and is not a pycodemod cache; refusing to use it`, hint);
}

function isPycodemodCache(dir: string, names: readonly string[]): boolean {
  if (names.includes(MARKER)) return true;
  if (!names.includes('CACHEDIR.TAG')) return false;
  try {
    return /created by pycodemod/.test(readRegularFile(join(dir, 'CACHEDIR.TAG')).bytes.toString('utf8'));
  } catch {
    return false;
  }
}

/** Creates the cache folder (with its .gitignore and CACHEDIR.TAG) or marks an empty one it was given. */
export function ensureCacheDir(dir: string): void {
  const created = mkdirSync(dir, { recursive: true }) !== undefined;
  if (!existsSync(join(dir, MARKER))) writeAtomically(join(dir, MARKER), '# This folder is a pycodemod cache; it can be deleted at any time.\n');
  if (!created) return;
  writeFileSync(join(dir, '.gitignore'), '# Automatically created by pycodemod.\n*\n');
  writeFileSync(join(dir, 'CACHEDIR.TAG'), `${TAG_SIGNATURE}\n# This file is a cache directory tag created by pycodemod.\n`);
}

/** Temp file + rename: a kill leaves the old file or the new one (and a temp file the next save removes). */
export function writeAtomically(path: string, data: string): void {
  const tmp = tempPathFor(path);
  try {
    writeFileSync(tmp, data, { flag: 'wx' });
    renameSync(tmp, path);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      /* never created */
    }
    throw err;
  }
}

/** A cached change's source text (it decoded when it was recorded; if it no longer does, that throws). */
function decodedText(bytes: Buffer, abs: string): string {
  const decoded = decodePythonSource(bytes);
  if (!decoded.ok) throw new Error(`${abs} can no longer be read as UTF-8`);
  return decoded.text;
}

/** The new text from the old and the replacements; its hash must be the one recorded. */
function rebuilt(before: string, delta: TextDelta, hash: string): string {
  const after = applyDelta(before, delta);
  if (hashText(after) !== hash) throw new Error('a cached result is damaged; run again with --no-cache');
  return after;
}

/** A blob is named by the hash of its text: one that no longer matches was damaged. */
function readBlob(path: string, hash: string): string {
  const text = readRegularFile(path).bytes.toString('utf8');
  if (hashText(text) !== hash) throw new Error(`the cached result ${path} is damaged; run again with --no-cache`);
  return text;
}
