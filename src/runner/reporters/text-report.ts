// Human output: diffs or paths on stdout (the product), problems and the summary on stderr.
import { formatCounts } from './edit-counts.js';
import { fileDiff } from './file-diff.js';
import type { FileResult } from '../file-result.js';
import { quotePath } from '../../core/quote-path.js';
import type { RunSummary } from '../summary.js';
import type { Finding } from '../../core/types.js';

export interface TextSinks {
  out: (s: string) => void;
  err: (s: string) => void;
}

export type TextMode = 'diff' | 'write' | 'check' | 'check-diff';

/** What one file prints, as soon as it is its turn. */
export function reportFile(r: FileResult, mode: TextMode, sinks: TextSinks, opts: { color: boolean; verbose: boolean }): void {
  switch (r.kind) {
    case 'changed':
      if (mode === 'diff' || mode === 'check-diff') sinks.out(fileDiff(r, opts.color));
      if (mode === 'check') sinks.out(`${quotePath(r.path)}\n`);
      if (mode === 'write' && opts.verbose) sinks.err(`fixed ${quotePath(r.path)} (${r.edits.length} edit${r.edits.length === 1 ? '' : 's'})\n`);
      break;
    case 'failed':
      sinks.err(failureLine(r));
      break;
    case 'skipped':
      if (r.reason !== 'excluded') sinks.err(`${quotePath(r.path)}: skipped: ${r.detail}\n`);
      break;
    case 'unchanged':
      break;
  }
  // Findings are results: with --check they are what the run found (stdout); beside a diff they go to
  // stderr, so the diff on stdout stays a patch.
  if (r.kind === 'changed' || r.kind === 'unchanged')
    for (const f of r.findings ?? []) (mode === 'check' || mode === 'check-diff' ? sinks.out : sinks.err)(findingLine(r.path, f));
  // -v: what each edit did (its message carries what a reviewer should check), then what was left alone.
  if (opts.verbose && r.kind === 'changed')
    for (const e of r.edits) sinks.err(`${quotePath(r.path)}:${e.line}:${e.column}: [${e.transform}] ${e.message}\n`);
  if (opts.verbose && (r.kind === 'changed' || r.kind === 'unchanged'))
    for (const s of r.skips) sinks.err(`${quotePath(r.path)}:${s.line}:${s.column}: [${s.transformId}] not rewritten: ${s.reason}\n`);
}

/** `path:line:col: [id] message`, as linters print. */
export function findingLine(path: string, f: Finding): string {
  return `${path}:${f.line}:${f.column}: [${f.transformId}] ${f.message}\n`;
}

/** `path:line:col: syntax error`, like a compiler; other failures name the transform involved. */
export function failureLine(r: Extract<FileResult, { kind: 'failed' }>): string {
  const where = r.error.line ? `:${r.error.line}:${r.error.column ?? 1}` : '';
  const path = quotePath(r.path);
  if (r.cause === 'syntax-error') return `${path}${where}: ${r.error.message}\n`;
  return `${path}${where}: error${r.transformId ? ` [${r.transformId}]` : ''}: ${r.error.message}\n`;
}

export function summaryText(s: RunSummary, mode: TextMode): string {
  const parts = [`${plural(s.changed, 'file')} ${mode === 'write' ? 'changed' : 'would be changed'}`, `${s.unchanged} unchanged`];
  if (s.skipped) parts.push(`${s.skipped} skipped (${Object.entries(s.skippedByReason).map(([k, v]) => `${k}: ${v}`).join(', ')})`);
  if (s.failed) parts.push(`${s.failed} failed`);
  const list = (counts: Record<string, number>) => formatCounts(Object.entries(counts));
  let text = parts.join(', ');
  if (Object.keys(s.editsByTransform).length) text += `; edits: ${list(s.editsByTransform)}`;
  if (Object.keys(s.findingsByTransform).length) text += `; findings: ${list(s.findingsByTransform)}`;
  if (Object.keys(s.skipsByTransform).length) text += `; not rewritten (see -v): ${list(s.skipsByTransform)}`;
  return `${text}\n`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
