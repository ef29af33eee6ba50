// Writing a rewritten file back without losing anything the file was: its bytes (only when the file on
// disk still holds exactly what was read), its mode, owner and group, its hard links and its symbolic link.
//
// - A symbolic link is written through: the new content goes to the file it points to, the link stays.
//   (Whether a link may be followed at all is decided at discovery: only into the project.)
// - A file nobody may write (no write bit, as after `chmod 444`), or that this user may not write, is
//   refused: replacing it by rename would succeed (renaming needs only the folder) and silently override
//   the protection.
// - The usual way is atomic: a temp file in the same folder, given the file's mode, owner and group, then
//   renamed over the file. Whoever reads the file sees the old or the new content, never a mix, and a kill
//   at any point leaves the old file (plus, at worst, a temp file the next run removes).
// - In place, when the rename would lose something: the file has other hard links (a rename would
//   detach this name from them), or the temp file cannot be given the file's owner and group (a user
//   rewriting a file they may write but do not own). The new content is fully prepared first, then
//   written over the old bytes through one descriptor and the file truncated to its new length. This is
//   not atomic: a reader (or a kill, a full disk) in the middle can see a mix. On a failed write the old
//   bytes are put back.
import {
  accessSync, closeSync, constants, fchmodSync, fchownSync, fstatSync, ftruncateSync, lstatSync, openSync, readSync,
  realpathSync, renameSync, unlinkSync, writeSync, type Stats,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileKind, readRegularFile } from '../core/regular-file.js';

export type WriteOutcome =
  | { ok: true; inPlace: boolean }
  | { ok: false; reason: 'changed-on-disk' | 'read-only' | 'io'; detail: string };

const CHANGED = 'the file changed on disk while it was being processed; not overwritten';

export function writeFileAtomic(path: string, expectedBefore: Uint8Array, content: Uint8Array): WriteOutcome {
  let target: string;
  let st: Stats;
  try {
    target = realpathSync(path);
    st = lstatSync(target);
  } catch (err) {
    return { ok: false, reason: 'io', detail: (err as Error).message };
  }
  if (!st.isFile()) return { ok: false, reason: 'io', detail: `is now ${fileKind(st)}, not a regular file; not written` };
  const readOnly = readOnlyReason(target, st);
  if (readOnly) return { ok: false, reason: 'read-only', detail: readOnly };
  if (st.nlink > 1) return writeInPlace(target, expectedBefore, content);
  return replaceByRename(target, st, expectedBefore, content);
}

/** Why the file must not be rewritten, if it must not. Root passes every access check, hence the mode test. */
function readOnlyReason(target: string, st: Stats): string | undefined {
  const mode = (st.mode & 0o7777).toString(8).padStart(4, '0');
  if ((st.mode & 0o222) === 0) return `the file is read-only (mode ${mode}); not rewritten (make it writable to apply the change)`;
  try {
    accessSync(target, constants.W_OK);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EROFS') return 'the file is on a read-only file system; not rewritten';
    return `this user may not write the file (owner uid ${st.uid}, mode ${mode}); not rewritten`;
  }
  return undefined;
}

function replaceByRename(target: string, st: Stats, expectedBefore: Uint8Array, content: Uint8Array): WriteOutcome {
  const tmp = tempPathFor(target);
  let fd: number | undefined;
  try {
    // 0600 until the file's own mode is set: no moment where others can read what the file hides.
    fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
    writeAll(fd, content);
    const made = fstatSync(fd);
    if (made.uid !== st.uid || made.gid !== st.gid) {
      try {
        fchownSync(fd, st.uid, st.gid);
      } catch {
        // Not root, and not the owner (or not in the group): a rename would give the file away. Write in place.
        closeSync(fd);
        fd = undefined;
        unlinkSync(tmp);
        return writeInPlace(target, expectedBefore, content);
      }
    }
    fchmodSync(fd, st.mode & 0o7777); // after fchown, which clears set-user-ID bits
    closeSync(fd);
    fd = undefined;
    if (!sameBytes(readRegularFile(target).bytes, expectedBefore)) {
      unlinkSync(tmp);
      return { ok: false, reason: 'changed-on-disk', detail: CHANGED };
    }
    renameSync(tmp, target);
    return { ok: true, inPlace: false };
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      /* never created, or already renamed */
    }
    return { ok: false, reason: 'io', detail: (err as Error).message };
  }
}

/** Overwrite through one descriptor (keeps the inode: hard links, owner, group, mode, ACLs). Not atomic. */
function writeInPlace(target: string, expectedBefore: Uint8Array, content: Uint8Array): WriteOutcome {
  let fd: number;
  try {
    fd = openSync(target, constants.O_RDWR | constants.O_NONBLOCK);
  } catch (err) {
    return { ok: false, reason: 'io', detail: (err as Error).message };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { ok: false, reason: 'io', detail: `is now ${fileKind(st)}, not a regular file; not written` };
    if (!sameBytes(readAll(fd, st.size), expectedBefore)) return { ok: false, reason: 'changed-on-disk', detail: CHANGED };
    try {
      writeAll(fd, content);
      ftruncateSync(fd, content.length);
    } catch (err) {
      // A full disk while growing the file: put the old bytes back (they fit where they were).
      try {
        writeAll(fd, expectedBefore);
        ftruncateSync(fd, expectedBefore.length);
      } catch {
        return { ok: false, reason: 'io', detail: `${(err as Error).message}; the file could not be restored and may be damaged` };
      }
      return { ok: false, reason: 'io', detail: `${(err as Error).message}; the file was left as it was` };
    }
    return { ok: true, inPlace: true };
  } catch (err) {
    return { ok: false, reason: 'io', detail: (err as Error).message };
  } finally {
    closeSync(fd);
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at, at);
}

function readAll(fd: number, size: number): Buffer {
  const buf = Buffer.alloc(size + 1); // one more: a file that grew since fstat is not "the same"
  let got = 0;
  for (let n = 1; n > 0 && got < buf.length; got += n) n = readSync(fd, buf, got, buf.length - got, got);
  return buf.subarray(0, got);
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length));

// ---- Temp files: `.<name>.<pid>.<8 hex>.pycodemod-tmp` beside the file ----

const TEMP_SUFFIX = '.pycodemod-tmp';
const TEMP_NAME = /^\..*\.(\d+)\.[0-9a-f]{8}\.pycodemod-tmp$/;
/** File names are limited to 255 bytes on every common file system. */
const NAME_MAX = 255;
/** A temp file of a live process (or of this one) is left alone until it is this old. */
const LIVE_TEMP_MAX_AGE_MS = 10 * 60_000;

export function tempPathFor(target: string): string {
  const tail = `.${process.pid}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`;
  // A long file name would make the temp name too long (ENAMETOOLONG): keep only the start of it.
  let name = basename(target);
  while (Buffer.byteLength(`.${name}${tail}`) > NAME_MAX) name = [...name].slice(0, -1).join('');
  return join(dirname(target), `.${name}${tail}`);
}

export function isTempName(name: string): boolean {
  return name.endsWith(TEMP_SUFFIX) && TEMP_NAME.test(name);
}

/**
 * A temp file this tool left behind: its process is gone (killed mid-write), or it is too old to belong to
 * a write in progress (its pid was reused). Only regular files with the exact temp-name pattern qualify.
 */
export function isStaleTemp(path: string, now = Date.now()): boolean {
  const m = TEMP_NAME.exec(basename(path));
  if (!m) return false;
  let st: Stats;
  try {
    st = lstatSync(path);
  } catch {
    return false;
  }
  if (!st.isFile()) return false;
  const pid = Number(m[1]);
  if (pid !== process.pid && !processAlive(pid)) return true;
  return now - st.mtimeMs > LIVE_TEMP_MAX_AGE_MS;
}

function processAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false; // kill(0) would signal our own process group
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, belongs to someone else
  }
}
