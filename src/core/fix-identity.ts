// What makes two fixes "the same fix" across runs of the fix loop, for interactive review: a rejected fix
// must stay rejected when the loop re-runs without it (its neighbours' fixes shift offsets, a fix deferred
// to a later pass is recomputed on re-indented text), and in the next `-i` run over the same tree, where
// fixes the user accepted last time are now part of the file (a print fix no longer needs to add
// `import logging`, so its edits differ).
//
// So the identity is not offsets, nor the edit text: it is the transform, its message (which names the
// change: "print() -> logger.info()"), and the code on the line where the problem is, indentation left out.
// Fixes that share all three in one file (`print(1); print(1)`) are numbered in the order they were
// reported, counting every fix the transforms reported, kept or not, so the numbering does not depend on
// what was rejected.
import { createHash } from 'node:crypto';

export interface FixIdentityInput {
  transformId: string;
  message: string;
  /** The text the fix was reported on, and where the problem is in it. */
  source: string;
  offset: number;
}

/** Numbers the fixes of one collection (one pass) that would otherwise share an identity. */
export class FixIdentities {
  private readonly seen = new Map<string, number>();

  identify(input: FixIdentityInput): string {
    const lineStart = input.source.lastIndexOf('\n', input.offset - 1) + 1;
    let lineEnd = input.source.indexOf('\n', input.offset);
    if (lineEnd === -1) lineEnd = input.source.length;
    const line = input.source.slice(lineStart, lineEnd).trim();
    const hash = createHash('sha1').update(`${input.transformId}\0${input.message}\0${line}`).digest('hex').slice(0, 20);
    const n = this.seen.get(hash) ?? 0;
    this.seen.set(hash, n + 1);
    return `${input.transformId}:${hash}${n ? `#${n}` : ''}`;
  }
}
