// One file, start to end: decode, run the engine, (with --write) write. Returns a FileResult value;
// the same function runs in-process and inside worker threads.
import type { PythonParser } from '../core/parser.js';
import type { Settings } from '../core/settings.js';
import type { AnyTransform } from '../core/types.js';
import { runEngine } from '../core/engine.js';
import { formatByteSize } from '../core/byte-size.js';
import { diffHunks } from '../core/diff.js';
import { fileSkip } from '../core/suppression.js';
import type { FileResult } from './file-result.js';
import { decodePythonSource, encodePythonSource } from './read-source.js';
import { writeFileAtomic } from './write-file.js';

export interface ProcessOptions {
  parser: PythonParser;
  transforms: readonly AnyTransform[];
  settings: Settings;
  write: boolean;
  /** Compute the diff hunks of a change here (in the worker), so the printing thread does not. */
  diff?: boolean;
  /** Runs the engine under a time limit (the main thread's share of a run with workers). */
  timed?: <T>(fn: () => T) => T;
  /**
   * Asked right before writing: false when the file is being stopped (a worker's watchdog got there first),
   * and it must not be written. True claims the write: the watchdog then leaves the file to finish.
   */
  mayWrite?: () => boolean;
}

/** The result for a file over `max-file-size`, or undefined when the size is within it. */
export function fileTooLarge(displayPath: string, size: number, settings: Settings): FileResult | undefined {
  const limit = settings.maxFileSize;
  if (!limit || size <= limit) return undefined;
  return {
    kind: 'skipped',
    path: displayPath,
    reason: 'too-large',
    detail: `file is ${formatByteSize(size)}, over max-file-size (${formatByteSize(limit)}); not processed (raise \`max-file-size\` to include it)`,
  };
}

/** `path` is absolute; `displayPath` is what reports show (relative to the cwd). The caller read `bytes`. */
export function processBytes(path: string, displayPath: string, bytes: Uint8Array, options: ProcessOptions): FileResult {
  const tooLarge = fileTooLarge(displayPath, bytes.length, options.settings);
  if (tooLarge) return tooLarge;
  const decoded = decodePythonSource(bytes);
  if (!decoded.ok) return { kind: 'skipped', path: displayPath, reason: 'encoding', detail: `file ${decoded.reason}` };
  if (fileSkip(decoded.text) === 'all')
    return { kind: 'skipped', path: displayPath, reason: 'skip-file', detail: 'has a `# pycodemod: skip-file` comment' };

  const engine = () => runEngine({ path, source: decoded.text, transforms: options.transforms, settings: options.settings, parser: options.parser });
  // Only the engine is timed: a file is never stopped while it is being written.
  const outcome = options.timed ? options.timed(engine) : engine();
  switch (outcome.kind) {
    case 'syntax-error':
      return {
        kind: 'failed',
        path: displayPath,
        cause: 'syntax-error',
        error: { message: outcome.message, line: outcome.line, column: outcome.column },
      };
    case 'failed':
      return {
        kind: 'failed',
        path: displayPath,
        cause: 'transform',
        transformId: outcome.transformId,
        error: { message: outcome.message, line: outcome.line, column: outcome.column },
      };
    case 'ok':
      break;
  }
  // (Findings only when there are some: most results have none, and results are kept and cached.)
  const findings = outcome.findings.length > 0 ? { findings: outcome.findings } : {};
  if (outcome.output === decoded.text) return { kind: 'unchanged', path: displayPath, skips: outcome.skips, ...findings };

  const result: FileResult = {
    kind: 'changed',
    path: displayPath,
    before: decoded.text,
    after: outcome.output,
    edits: outcome.edits,
    skips: outcome.skips,
    ...findings,
  };
  if (decoded.bom) result.bom = true;
  if (options.diff && !options.write) result.hunks = diffHunks(decoded.text, outcome.output, outcome.changes);
  // The changed regions, for the result cache (see file-cache.ts): a few short texts instead of the file.
  if (!options.write) result.delta = outcome.changes.map((c) => [c.origStart, c.origEnd, outcome.output.slice(c.start, c.end)]);
  if (options.write) {
    if (options.mayWrite && !options.mayWrite()) return { kind: 'failed', path: displayPath, cause: 'transform', error: { message: 'stopped before writing; file left untouched' } };
    const written = writeFileAtomic(path, bytes, encodePythonSource(outcome.output, decoded.bom));
    if (!written.ok) {
      if (written.reason !== 'io') return { kind: 'skipped', path: displayPath, reason: written.reason, detail: written.detail };
      return { kind: 'failed', path: displayPath, cause: 'io', error: { message: `cannot write: ${written.detail}` } };
    }
    result.written = true;
  }
  return result;
}
