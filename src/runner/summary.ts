// Counts over a run's results, for the summary line and the JSON report.
import type { FileResult } from './file-result.js';

export interface RunSummary {
  files: number;
  changed: number;
  unchanged: number;
  skipped: number;
  failed: number;
  /** Edits applied (or that would be) per transform id. */
  editsByTransform: Record<string, number>;
  /** Places transforms chose not to rewrite, per transform id. */
  skipsByTransform: Record<string, number>;
  /** Skipped files per reason. */
  skippedByReason: Record<string, number>;
  /** Findings (rule violations without a fix) per transform id. */
  findingsByTransform: Record<string, number>;
}

export function emptySummary(): RunSummary {
  return { files: 0, changed: 0, unchanged: 0, skipped: 0, failed: 0, editsByTransform: {}, skipsByTransform: {}, skippedByReason: {}, findingsByTransform: {} };
}

export function addToSummary(s: RunSummary, r: FileResult): void {
  s.files++;
  s[r.kind]++;
  if (r.kind === 'changed') for (const e of r.edits) s.editsByTransform[e.transform] = (s.editsByTransform[e.transform] ?? 0) + 1;
  if (r.kind === 'changed' || r.kind === 'unchanged') {
    for (const k of r.skips) s.skipsByTransform[k.transformId] = (s.skipsByTransform[k.transformId] ?? 0) + 1;
    for (const f of r.findings ?? []) s.findingsByTransform[f.transformId] = (s.findingsByTransform[f.transformId] ?? 0) + 1;
  }
  if (r.kind === 'skipped') s.skippedByReason[r.reason] = (s.skippedByReason[r.reason] ?? 0) + 1;
}

/** How many findings the run had (they make `--check` fail). */
export function findingCount(s: RunSummary): number {
  return Object.values(s.findingsByTransform).reduce((a, b) => a + b, 0);
}
