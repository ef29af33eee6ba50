// Reading a file that must be a regular file. A plain readFileSync on a FIFO blocks until someone writes
// to it (forever, in a batch run), and a device can be endless. So the file is opened non-blocking
// (opening a FIFO's read end then returns at once), its type is checked on the open descriptor (so a file
// swapped for a FIFO between a check and the open is still caught), and only a regular file is read.
import { closeSync, constants, fstatSync, openSync, readFileSync, type Stats } from 'node:fs';

/** The error thrown for anything that is not a regular file; `code` says what it is instead. */
export class NotARegularFileError extends Error {
  readonly code = 'ENOTREG';
  constructor(
    readonly path: string,
    readonly kind: string,
  ) {
    super(`${path} is ${kind}, not a regular file`);
    this.name = 'NotARegularFileError';
  }
}

/** Thrown when the file is larger than the limit readRegularFile was given: nothing was read. */
export class FileTooLargeError extends Error {
  readonly code = 'ETOOLARGE';
  constructor(
    readonly path: string,
    readonly size: number,
  ) {
    super(`${path} is ${size} bytes, over the limit`);
    this.name = 'FileTooLargeError';
  }
}

/** "a FIFO (named pipe)", "a folder", ... for messages. */
export function fileKind(st: Stats): string {
  if (st.isFile()) return 'a regular file';
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

/**
 * The bytes of `path` and the stat taken on the open descriptor before reading. Throws the usual Node
 * errors (ENOENT, EACCES, ...), NotARegularFileError for FIFOs, sockets, devices and folders, and
 * FileTooLargeError for a file over `maxBytes` (when given and not 0).
 */
export function readRegularFile(path: string, maxBytes = 0): { bytes: Buffer; stat: Stats } {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new NotARegularFileError(path, fileKind(stat));
    if (maxBytes > 0 && stat.size > maxBytes) throw new FileTooLargeError(path, stat.size);
    return { bytes: readFileSync(fd), stat };
  } finally {
    closeSync(fd);
  }
}

/** readRegularFile's text, or undefined when the file does not exist (other failures throw). */
export function readRegularTextIfExists(path: string): string | undefined {
  try {
    return readRegularFile(path).bytes.toString('utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw err;
  }
}

/** A short reason for a failed read: "permission denied", "is a FIFO (named pipe), not a regular file", ... */
export function readFailure(err: unknown): string {
  if (err instanceof NotARegularFileError) return `is ${err.kind}, not a regular file (only regular files are read)`;
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOENT':
      return 'no such file or folder';
    case 'EISDIR':
      return 'is a folder';
    case 'ELOOP':
      return 'is a symbolic link that loops';
    default:
      return e.message ?? String(err);
  }
}
