// Atomic in-place writes: a temp file in the same folder, the original mode, then rename — and only
// when the file on disk still holds exactly the bytes that were read.
import { chmodSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

export type WriteOutcome = { ok: true } | { ok: false; reason: 'changed-on-disk' | 'io'; detail: string };

export function writeFileAtomic(path: string, expectedBefore: Uint8Array, content: Uint8Array): WriteOutcome {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.pycodemod-tmp`);
  try {
    const { mode } = statSync(path);
    writeFileSync(tmp, content, { mode });
    chmodSync(tmp, mode); // writeFileSync's mode is masked by the umask
    if (!Buffer.from(readFileSync(path)).equals(Buffer.from(expectedBefore))) {
      unlinkSync(tmp);
      return { ok: false, reason: 'changed-on-disk', detail: 'the file changed on disk while it was being processed; not overwritten' };
    }
    renameSync(tmp, path);
    return { ok: true };
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      /* the temp file was never created */
    }
    return { ok: false, reason: 'io', detail: (err as Error).message };
  }
}
