// `--format json`: one machine-readable report on stdout.
import type { FileResult } from '../file-result.js';
import type { RunSummary } from '../summary.js';
import type { Finding } from '../../core/types.js';
import { fileDiff } from './file-diff.js';

export const JSON_REPORT_VERSION = 1;

export interface JsonFile {
  path: string;
  status: FileResult['kind'];
  edits: { transform: string; line: number; column: number; message: string }[];
  skips: { transform: string; line: number; reason: string }[];
  /** Present when the file has findings (rules without a fix, search matches). */
  findings?: JsonFinding[];
  error: null | { message: string; line: number | null; column: number | null };
  /** With `--diff`, for changed files: the unified diff (git-style `a/` `b/` paths, uncoloured), `git apply`-able. */
  diff?: string;
  /** For skipped files: why. */
  reason?: string;
  transform?: string;
}

export interface JsonFinding {
  transform: string;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  text: string;
  captures?: Finding['captures'];
}

export function jsonFinding(f: Finding): JsonFinding {
  const out: JsonFinding = { transform: f.transformId, message: f.message, line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn, text: f.text };
  if (f.captures) out.captures = f.captures;
  return out;
}

/** `diff`: include each changed file's unified diff (`--format json --diff`). */
export function jsonFile(r: FileResult, options: { diff?: boolean } = {}): JsonFile {
  const file: JsonFile = { path: r.path, status: r.kind, edits: [], skips: [], error: null };
  if (r.kind === 'changed') {
    file.edits = r.edits.map((e) => ({ transform: e.transform, line: e.line, column: e.column, message: e.message }));
    if (options.diff) file.diff = fileDiff(r);
  }
  if (r.kind === 'changed' || r.kind === 'unchanged') {
    file.skips = r.skips.map((s) => ({ transform: s.transformId, line: s.line, reason: s.reason }));
    if (r.findings?.length) file.findings = r.findings.map(jsonFinding);
  }
  if (r.kind === 'skipped') file.reason = `${r.reason}: ${r.detail}`;
  if (r.kind === 'failed') {
    file.error = { message: r.error.message, line: r.error.line ?? null, column: r.error.column ?? null };
    if (r.transformId) file.transform = r.transformId;
  }
  return file;
}

export function jsonReport(files: JsonFile[], summary: RunSummary, extra: { transforms: string[]; write: boolean }): string {
  return `${JSON.stringify({ version: JSON_REPORT_VERSION, transforms: extra.transforms, write: extra.write, files, summary }, null, 2)}\n`;
}
