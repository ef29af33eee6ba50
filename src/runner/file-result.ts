// What happened to one file: a value, printed by reporters at the edge.
import type { StructuredPatchHunk } from 'diff';
import type { AppliedEdit, Finding, Skip } from '../core/types.js';

/** Replacements [start, end, text] of a text, in order and not overlapping. */
export type TextDelta = [start: number, end: number, text: string][];

/** `text` with `delta`'s replacements made. */
export function applyDelta(text: string, delta: TextDelta): string {
  const parts: string[] = [];
  let at = 0;
  for (const [start, end, replacement] of delta) {
    parts.push(text.slice(at, start), replacement);
    at = end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

export type SkipReason =
  | 'excluded'
  | 'encoding'
  | 'unreadable'
  | 'skip-file'
  | 'changed-on-disk'
  /** --write: the file has no write permission (or not for this user); see write-file.ts. */
  | 'read-only'
  /** A symbolic link whose target is outside the project (see discover.ts). */
  | 'symlink'
  /** Found by a folder walk under a Python file name, but a FIFO, socket or device: never read. */
  | 'not-a-file'
  /** Larger than `max-file-size`: not read (see process-file.ts). */
  | 'too-large';

export type FileResult =
  | {
      kind: 'changed';
      path: string;
      before: string;
      after: string;
      edits: AppliedEdit[];
      skips: Skip[];
      /** Rule violations without a fix (report-only pattern rules, search matches); absent when none. */
      findings?: Finding[];
      /** Set by --write: whether the new text reached the disk. */
      written?: boolean;
      /** The file starts with a UTF-8 BOM (which `before` and `after` do not hold; it is written back). */
      bom?: true;
      /** The diff's hunks, when the run prints diffs (computed where the file was processed). */
      hunks?: StructuredPatchHunk[];
      /**
       * In a dry run: `after` as replacements in `before` ([start, end, text], in order), so the cache can
       * keep a would-be change without storing the whole new text.
       */
      delta?: TextDelta;
    }
  | { kind: 'unchanged'; path: string; skips: Skip[]; findings?: Finding[]; cached?: boolean }
  | { kind: 'skipped'; path: string; reason: SkipReason; detail: string }
  | {
      kind: 'failed';
      path: string;
      error: { message: string; line?: number; column?: number };
      /** 'syntax-error' when the input does not parse; otherwise a transform or I/O failure. */
      cause: 'syntax-error' | 'transform' | 'io';
      transformId?: string;
    };
