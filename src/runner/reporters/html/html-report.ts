// `--report review.html`: the whole run as one self-contained page (no network, no external file): a summary
// (files changed/unchanged/skipped/failed, edits per transform, places not rewritten per reason with their
// locations, skipped files per reason, per top-level directory), filters (transform, directory, reason, free
// text; only failed / only skipped), and per file its diff, syntax-highlighted, unified or side by side,
// each hunk labelled with the fixes it holds.
//
// The data goes into the page as JSON, strings interned; the page renders the file list a page at a time as
// it is scrolled and a diff only when its file is opened, so 2,000 changed files open at once.
import type { StructuredPatchHunk } from 'diff';
import type { FileResult } from '../../file-result.js';
import { topDirectory } from '../../posix-paths.js';
import type { RunSummary } from '../../summary.js';
import { resultHunks } from '../file-diff.js';
import { reasonKind } from '../reason-kind.js';
import { reportClient } from './client.js';
import { REPORT_CSS } from './style.js';

export interface HtmlReportMeta {
  version: string;
  transforms: string[];
  write: boolean;
  /** When the report was made (ISO date; tests pass a fixed one). */
  generated?: string;
}

/** One file in the page's data (short keys: the data of 2,000 files is a few megabytes). */
interface FileEntry {
  /** Path. */
  p: string;
  /** 0 changed, 1 unchanged, 2 skipped, 3 failed. */
  k: 0 | 1 | 2 | 3;
  /** Top-level directory. */
  d: string;
  /** Fixes: [transform, line, startLine, endLine, message]. */
  e?: [number, number, number, number, number][];
  /** Places not rewritten: [transform, line, reason, reason kind]. */
  s?: [number, number, number, number][];
  /** Findings: [transform, line, message]. */
  f?: [number, number, number][];
  /** Hunks: [oldStart, oldLines, newStart, newLines, lines joined by \n, fixes labelling it, fixes it is part of]. */
  h?: [number, number, number, number, string, number[], number[]][];
  add?: number;
  del?: number;
  /** Skipped: reason and detail; failed: message, line, transform. */
  r?: number;
  x?: number;
  m?: string;
  ml?: number;
  ft?: number;
}

const KIND = { changed: 0, unchanged: 1, skipped: 2, failed: 3 } as const;

export class HtmlReport {
  private readonly files: FileEntry[] = [];
  private readonly strings: string[] = [];
  private readonly index = new Map<string, number>();

  private str(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.strings.push(s) - 1;
      this.index.set(s, i);
    }
    return i;
  }

  add(r: FileResult): void {
    if (r.kind === 'skipped' && r.reason === 'excluded') return;
    const entry: FileEntry = { p: r.path, k: KIND[r.kind], d: topDirectory(r.path) };
    if (r.kind === 'changed') {
      entry.e = r.edits.map((e) => [this.str(e.transform), e.line, e.startLine, e.endLine, this.str(e.message)]);
      const hunks = resultHunks(r);
      entry.h = labelHunks(hunks, r.edits).map(({ hunk, labels, partOf }) => [hunk.oldStart, hunk.oldLines, hunk.newStart, hunk.newLines, hunk.lines.map((l) => l.replace(/\r$/, '')).join('\n'), labels, partOf]);
      entry.add = hunks.reduce((n, h) => n + h.lines.filter((l) => l[0] === '+').length, 0);
      entry.del = hunks.reduce((n, h) => n + h.lines.filter((l) => l[0] === '-').length, 0);
    }
    if (r.kind === 'changed' || r.kind === 'unchanged') {
      if (r.skips.length) entry.s = r.skips.map((s) => [this.str(s.transformId), s.line, this.str(s.reason), this.str(reasonKind(s.reason))]);
      if (r.findings?.length) entry.f = r.findings.map((f) => [this.str(f.transformId), f.line, this.str(f.message)]);
    }
    if (r.kind === 'skipped') {
      entry.r = this.str(r.reason);
      entry.x = this.str(r.detail);
    }
    if (r.kind === 'failed') {
      entry.m = r.error.message;
      if (r.error.line) entry.ml = r.error.line;
      if (r.transformId) entry.ft = this.str(r.transformId);
    }
    this.files.push(entry);
  }

  render(summary: RunSummary, meta: HtmlReportMeta): string {
    const data = {
      meta: { version: meta.version, transforms: meta.transforms, mode: meta.write ? 'write' : 'dry run', generated: meta.generated ?? new Date().toISOString().slice(0, 16).replace('T', ' ') },
      summary,
      strings: this.strings,
      files: this.files,
    };
    // In a <script> element only `</script` (and `<!--`) can end it early: `<` is written as \u003c.
    const json = JSON.stringify(data).replace(/</g, '\\u003c');
    const title = `pycodemod review: ${summary.changed} file${summary.changed === 1 ? '' : 's'} ${meta.write ? 'changed' : 'to change'}`;
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main id="report"><noscript>This report needs JavaScript to show the run.</noscript></main>
<script type="application/json" id="report-data">${json}</script>
<script>
(${reportClient.toString()})(JSON.parse(document.getElementById('report-data').textContent), document.getElementById('report'));
</script>
</body>
</html>
`;
  }
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/**
 * Which fixes each hunk shows. A fix labels the hunk holding the line it is about; a hunk with no such fix
 * (an `import logging` at the top, a logger line) is "part of" the fixes whose edits reach into it.
 */
export function labelHunks(hunks: readonly StructuredPatchHunk[], edits: readonly { line: number; startLine: number; endLine: number }[]) {
  const span = (h: StructuredPatchHunk) => [h.oldStart, h.oldStart + Math.max(h.oldLines, 1) - 1] as const;
  const inside = (line: number, h: StructuredPatchHunk) => {
    const [a, b] = span(h);
    return line >= a && line <= b;
  };
  return hunks.map((hunk) => {
    const labels: number[] = [];
    edits.forEach((e, i) => {
      if (inside(e.line, hunk)) labels.push(i);
    });
    const partOf: number[] = [];
    if (labels.length === 0) {
      edits.forEach((e, i) => {
        if (inside(e.startLine, hunk) || inside(e.endLine, hunk)) partOf.push(i);
      });
      if (partOf.length === 0) {
        const [a, b] = span(hunk);
        edits.forEach((e, i) => {
          if (e.startLine <= b && e.endLine >= a) partOf.push(i);
        });
      }
    }
    return { hunk, labels, partOf };
  });
}
