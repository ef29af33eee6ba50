// `--format markdown`: a summary of the run for a pull-request body (counts per transform, what was left for
// a human and why, files). GitHub refuses a body over 65,536 characters, so the report keeps within a budget:
// the counts always fit, and the long lists (places, failures, files) are cut with "... and N more".
import type { FileResult } from '../file-result.js';
import type { RunSummary } from '../summary.js';
import { quotePath } from '../../core/quote-path.js';
import { editsPerTransform, formatCounts } from './edit-counts.js';
import { reasonKind } from './reason-kind.js';

export const MARKDOWN_BUDGET = 60_000;

interface ChangedFile {
  path: string;
  edits: Map<string, number>;
}

interface Place {
  path: string;
  line: number;
  reason: string;
}

/** Keeps what the Markdown needs of each result (not the texts), as results stream in. */
export class MarkdownReport {
  private readonly changed: ChangedFile[] = [];
  private readonly filesPerTransform = new Map<string, number>();
  private readonly failed: { path: string; where: string; message: string }[] = [];
  private readonly skipped: { path: string; reason: string; detail: string }[] = [];
  /** Places transforms left alone, by transform and kind of reason. */
  private readonly notRewritten = new Map<string, { transform: string; kind: string; places: Place[] }>();
  private readonly findings = new Map<string, Place[]>();

  add(r: FileResult): void {
    if (r.kind === 'changed') {
      const edits = editsPerTransform(r.edits);
      for (const id of edits.keys()) this.filesPerTransform.set(id, (this.filesPerTransform.get(id) ?? 0) + 1);
      this.changed.push({ path: r.path, edits });
    }
    if (r.kind === 'changed' || r.kind === 'unchanged') {
      for (const s of r.skips) {
        const kind = reasonKind(s.reason);
        const key = `${s.transformId}\0${kind}`;
        let group = this.notRewritten.get(key);
        if (!group) this.notRewritten.set(key, (group = { transform: s.transformId, kind, places: [] }));
        group.places.push({ path: r.path, line: s.line, reason: s.reason });
      }
      for (const f of r.findings ?? []) {
        let list = this.findings.get(f.transformId);
        if (!list) this.findings.set(f.transformId, (list = []));
        list.push({ path: r.path, line: f.line, reason: f.message });
      }
    }
    if (r.kind === 'failed') {
      const where = r.error.line ? `:${r.error.line}` : '';
      // A crash's stack trace is for the terminal; the body gets its first line.
      this.failed.push({ path: r.path, where, message: `${r.transformId ? `[${r.transformId}] ` : ''}${r.error.message.split('\n')[0]}` });
    }
    if (r.kind === 'skipped' && r.reason !== 'excluded') this.skipped.push({ path: r.path, reason: r.reason, detail: r.detail });
  }

  render(summary: RunSummary, run: { transforms: string[]; write: boolean; budget?: number }): string {
    const out = new Budget(run.budget ?? MARKDOWN_BUDGET);
    const verb = run.write ? 'changed' : 'to change';
    out.line(`## pycodemod: ${count(summary.changed, 'file')} ${verb}`);
    out.line('');
    const parts = [`**${num(summary.changed)} ${run.write ? 'changed' : 'would change'}**`, `${num(summary.unchanged)} unchanged`];
    if (summary.skipped) parts.push(`${num(summary.skipped)} skipped`);
    if (summary.failed) parts.push(`${num(summary.failed)} failed`);
    out.line(`${count(summary.files, 'Python file')}: ${parts.join(', ')}. Transforms: ${run.transforms.map(code).join(', ') || 'none'}.`);

    const edits = Object.entries(summary.editsByTransform).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    if (edits.length) {
      out.line('');
      out.line('| Transform | Edits | Files |');
      out.line('| --- | ---: | ---: |');
      for (const [id, n] of edits) out.line(`| ${code(id)} | ${num(n)} | ${num(this.filesPerTransform.get(id) ?? 0)} |`);
    }

    if (this.findings.size) {
      out.line('');
      out.line(`### Findings (no automatic fix)`);
      out.line('');
      for (const [id, places] of [...this.findings].sort((a, b) => a[0].localeCompare(b[0]))) {
        out.line(`- ${code(id)}: ${count(places.length, 'place')}`);
        this.places(out, places, 5, '  ');
      }
    }

    if (this.notRewritten.size) {
      const groups = [...this.notRewritten.values()].sort((a, b) => b.places.length - a.places.length || a.transform.localeCompare(b.transform) || a.kind.localeCompare(b.kind));
      const total = groups.reduce((n, g) => n + g.places.length, 0);
      out.line('');
      out.line(`### Not rewritten: ${count(total, 'place')} for a human to look at`);
      out.line('');
      out.line('| Transform | Reason | Places |');
      out.line('| --- | --- | ---: |');
      const shown = groups.slice(0, 40);
      for (const g of shown) out.line(`| ${code(g.transform)} | ${cell(g.kind)} | ${num(g.places.length)} |`);
      if (groups.length > shown.length) out.line(`| | ... and ${count(groups.length - shown.length, 'more reason')} | ${num(groups.slice(shown.length).reduce((n, g) => n + g.places.length, 0))} |`);
      out.line('');
      out.line('<details><summary>Where</summary>');
      out.line('');
      for (const g of shown) {
        if (!out.fits(200)) break;
        out.line(`- ${code(g.transform)} ${inline(g.kind)}`);
        this.places(out, g.places, 10, '  ');
      }
      out.line('');
      out.line('</details>');
    }

    if (this.failed.length) {
      out.line('');
      out.line(`### Failed (${num(this.failed.length)}): left untouched`);
      out.line('');
      this.list(out, this.failed, (f) => `- ${code(quotePath(f.path) + f.where)}: ${inline(f.message)}`, 50);
    }
    if (this.skipped.length) {
      out.line('');
      out.line(`### Skipped (${num(this.skipped.length)})`);
      out.line('');
      this.list(out, this.skipped, (s) => `- ${code(quotePath(s.path))}: ${s.reason}: ${inline(s.detail)}`, 50);
    }

    if (this.changed.length) {
      out.line('');
      out.line(`### Files ${verb} (${num(this.changed.length)})`);
      out.line('');
      out.line('<details><summary>Edits per file</summary>');
      out.line('');
      // The closing tag must fit whatever happens: keep room for it.
      out.reserve(40);
      this.list(out, this.changed, (f) => `- ${code(quotePath(f.path))}: ${formatCounts(f.edits)}`);
      out.unreserve(40);
      out.line('');
      out.line('</details>');
    }
    return out.text();
  }

  /** Places as `path:line` links, at most `max`, within the budget. */
  private places(out: Budget, places: readonly Place[], max: number, indent: string): void {
    const shown = places.slice(0, max);
    for (const p of shown) if (!out.line(`${indent}- ${code(`${quotePath(p.path)}:${p.line}`)}`)) return;
    if (places.length > shown.length) out.line(`${indent}- ... and ${num(places.length - shown.length)} more`);
  }

  /** One line per item until `max` or the budget runs out, then how many were left out. */
  private list<T>(out: Budget, items: readonly T[], format: (item: T) => string, max = Infinity): void {
    let shown = 0;
    for (const item of items) {
      if (shown >= max || !out.fits(80)) break;
      if (!out.line(format(item))) break;
      shown++;
    }
    if (shown < items.length) out.line(`- ... and ${num(items.length - shown)} more (the full list: \`--format json\`, or \`--report review.html\`)`, true);
  }
}

/** Lines up to a character budget; `force` writes a line even past it (the closing lines). */
class Budget {
  private readonly lines: string[] = [];
  private used = 0;
  private reserved = 0;

  constructor(private readonly max: number) {}

  fits(n: number): boolean {
    return this.used + n + this.reserved <= this.max;
  }

  line(s: string, force = false): boolean {
    if (!force && !this.fits(s.length + 1)) return false;
    this.lines.push(s);
    this.used += s.length + 1;
    return true;
  }

  reserve(n: number): void {
    this.reserved += n;
  }

  unreserve(n: number): void {
    this.reserved -= n;
  }

  text(): string {
    return `${this.lines.join('\n')}\n`;
  }
}

const num = (n: number) => n.toLocaleString('en-US');
const count = (n: number, word: string) => `${num(n)} ${word}${n === 1 ? '' : 's'}`;

/** A code span that holds any text (a run of backticks longer than any inside it). */
function code(s: string): string {
  const longest = Math.max(0, ...[...s.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = s.startsWith('`') || s.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${s.replace(/\r?\n|\r/g, ' ')}${pad}${fence}`;
}

/**
 * Text with code spans (the reasons quote code between backticks) kept as code, everything else escaped
 * so that Markdown and HTML in it show as written.
 */
function inline(s: string): string {
  return s
    .replace(/\r?\n|\r/g, ' ')
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/[\\*_[\]<>#~]/g, (c) => `\\${c}`)))
    .join('');
}

/** `inline` in a table cell: a `|` ends a cell even inside a code span, unless escaped. */
function cell(s: string): string {
  return inline(s).replace(/\|/g, '\\|');
}
