// `--format json`: one machine-readable report on stdout.
import type { FileResult } from '../file-result.js';
import type { RunSummary } from '../summary.js';
import type { ShardInfo } from '../shard.js';
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

/**
 * The report. With `shard` (`--shard K/N`), where this shard's files stand in the whole run, for
 * `merge-reports`. The summary's tables (edits per transform, ...) are written with their keys sorted, so
 * the report does not depend on which file came first (a merge of shards gives the same bytes).
 */
export function jsonReport(files: JsonFile[], summary: RunSummary, extra: { transforms: string[]; write: boolean; shard?: ShardInfo }): string {
  const report = { version: JSON_REPORT_VERSION, transforms: extra.transforms, write: extra.write, files, summary: sortedTables(summary), ...(extra.shard ? { shard: extra.shard } : {}) };
  return `${JSON.stringify(report, null, 2)}\n`;
}

function sortedTables(summary: RunSummary): RunSummary {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(summary))
    out[key] = value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : value;
  return out as unknown as RunSummary;
}
