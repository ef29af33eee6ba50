// The HTML report's page as text (no browser: test/html-report-browser.test.ts opens it in Chromium): one
// self-contained file whose embedded data survives any source text, hunks labelled with the right fixes.
import { describe, expect, it } from 'vitest';
import { HtmlReport, labelHunks } from '../src/runner/reporters/html/html-report.js';
import { topDirectory } from '../src/runner/posix-paths.js';
import { diffHunks } from '../src/core/diff.js';
import { addToSummary, emptySummary } from '../src/runner/summary.js';
import type { FileResult } from '../src/runner/file-result.js';

function page(results: FileResult[]): string {
  const report = new HtmlReport();
  const summary = emptySummary();
  for (const r of results) {
    report.add(r);
    addToSummary(summary, r);
  }
  return report.render(summary, { version: '1.2.3', transforms: ['print-to-logging'], write: false, generated: '2026-01-01 00:00' });
}

const TRICKY = 'print("</script><script>alert(1)</script> <!-- -->")\n';

describe('HTML report page', () => {
  it('is one file that asks for nothing outside it, and keeps source text that looks like markup inside the data', () => {
    const html = page([
      { kind: 'changed', path: 'pkg/a.py', before: TRICKY, after: TRICKY.replace('print(', 'logger.info('), edits: [{ transform: 'print-to-logging', message: 'print() -> logger.info()', line: 1, column: 1, startLine: 1, endLine: 1 }], skips: [] },
    ]);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"`);
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
    // The data block ends where it should: only the page's own two scripts close.
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(html).not.toContain('<!--');
    const json = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html)![1]!;
    const data = JSON.parse(json) as { files: { p: string; h: [number, number, number, number, string][] }[]; summary: { changed: number }; meta: { generated: string } };
    expect(data.summary.changed).toBe(1);
    expect(data.meta.generated).toBe('2026-01-01 00:00');
    expect(data.files[0]!.h[0]![4]).toBe(`-${TRICKY.trimEnd()}\n+${TRICKY.replace('print(', 'logger.info(').trimEnd()}`);
    expect(html).toContain('<title>pycodemod review: 1 file to change</title>');
  });

  it('leaves out excluded files and keeps skipped and failed ones with their reasons', () => {
    const html = page([
      { kind: 'skipped', path: 'gen/x.py', reason: 'excluded', detail: 'excluded by --exclude' },
      { kind: 'skipped', path: 'old.py', reason: 'encoding', detail: 'file declares the encoding `latin-1`' },
      { kind: 'failed', path: 'bad.py', error: { message: 'syntax error', line: 3 } },
    ] as FileResult[]);
    const data = JSON.parse(/id="report-data">([\s\S]*?)<\/script>/.exec(html)![1]!) as { files: { p: string; k: number }[] };
    expect(data.files.map((f) => [f.p, f.k])).toEqual([
      ['old.py', 2],
      ['bad.py', 3],
    ]);
  });
});

describe('hunk labels', () => {
  it("a hunk is labelled by the fixes whose line it shows; a hunk with none is part of the fixes whose edits reach it", () => {
    const before = ['import os', '', '', 'def f():', ...Array.from({ length: 20 }, (_, i) => `    x${i} = ${i}`), '    print(os.sep)', ''].join('\n');
    const after = before.replace('import os', 'import logging\nimport os\n\nlogger = logging.getLogger(__name__)').replace('print(os.sep)', 'logger.info("%s", os.sep)');
    const hunks = diffHunks(before, after);
    expect(hunks).toHaveLength(2);
    // The print is on line 25; its edits reach the top of the file (the import and the logger).
    const labelled = labelHunks(hunks, [{ line: 25, startLine: 1, endLine: 25 }]);
    expect(labelled.map((h) => [h.labels, h.partOf])).toEqual([
      [[], [0]],
      [[0], []],
    ]);
  });

  it('top-level directory of a path', () => {
    expect(topDirectory('setup.py')).toBe('.');
    expect(topDirectory('pkg/sub/a.py')).toBe('pkg');
    expect(topDirectory('../other/x/y.py')).toBe('../other');
  });
});
