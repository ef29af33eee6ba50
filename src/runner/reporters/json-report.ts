// `--format json`: one machine-readable report on stdout.
import type { FileResult } from '../file-result.js';
import type { RunSummary } from '../summary.js';

export const JSON_REPORT_VERSION = 1;

export interface JsonFile {
  path: string;
  status: FileResult['kind'];
  edits: { transform: string; line: number; column: number; message: string }[];
  skips: { transform: string; line: number; reason: string }[];
  error: null | { message: string; line: number | null; column: number | null };
  /** For skipped files: why. */
  reason?: string;
  transform?: string;
}

export function jsonFile(r: FileResult): JsonFile {
  const file: JsonFile = { path: r.path, status: r.kind, edits: [], skips: [], error: null };
  if (r.kind === 'changed') file.edits = r.edits.map((e) => ({ transform: e.transform, line: e.line, column: e.column, message: e.message }));
  if (r.kind === 'changed' || r.kind === 'unchanged') file.skips = r.skips.map((s) => ({ transform: s.transformId, line: s.line, reason: s.reason }));
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
