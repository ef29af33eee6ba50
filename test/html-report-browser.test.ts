// The HTML review report (`--report`) opened in headless Chromium (Debian's, driven by playwright-core):
// counts, filters, a diff expanded with its labels and highlighting, side by side, the reasons' locations,
// the failed and skipped views, lazy rendering of 2,000 files, and a screenshot. CI installs Chromium
// (.ci/run); without it, outside CI, these are skipped.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { runBin } from './helpers/built-cli.js';
import { tempProject } from './helpers/cli.js';
import { HtmlReport } from '../src/runner/reporters/html/html-report.js';
import { addToSummary, emptySummary } from '../src/runner/summary.js';
import type { FileResult } from '../src/runner/file-result.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && process.env.CI) throw new Error('chromium is missing: .ci/run installs it (apt-get install chromium)');

let browser: Browser;
beforeAll(async () => {
  if (!hasChromium) return;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

/** Opens a report; fails the test on any script error or any request that is not the file itself. */
async function open(file: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('request', (r) => r.url() !== `file://${file}` && problems.push(`request: ${r.url()}`));
  await page.goto(`file://${file}`);
  await page.waitForSelector('#files');
  return { page, problems };
}

const rows = (page: Page) => page.locator('#files .file');
/* eslint-disable @typescript-eslint/no-explicit-any -- page functions run in the browser, typed for Node here */
const cardCount = async (page: Page, label: string) => (await page.locator(`[data-count="${label}"] .n`).textContent())?.trim();

describe.skipIf(!hasChromium)('HTML review report in headless Chromium', () => {
  it('shows the counts, filters by transform, directory, text and reason, expands labelled and highlighted diffs, side by side', async () => {
    const dir = tempProject({
      'app/main.py': 'import sys\nimport os\n\n\ndef main():\n    print("starting", sys.argv)\n    print("cwd", os.getcwd(), end="")\n',
      'app/util.py': 'def collect(items=[]):\n    return items\n',
      'lib/clean.py': 'x = 1\n',
      'lib/legacy.py': 'print "python 2"\n',
      'lib/latin.py': Buffer.from('# -*- coding: latin-1 -*-\nx = "caf\xe9"\n', 'latin1'),
      // Code that looks like markup is shown as text, never run or rendered.
      'setup.py': 'import sys, os\n\nprint("unique_marker_in_setup </script><b id=injected>bold</b>")\n',
    });
    const run = runBin(['--report', 'review.html', '--no-cache'], { cwd: dir });
    expect(run.stderr).toContain('review report written to review.html');
    const file = join(dir, 'review.html');
    const html = readFileSync(file, 'utf8');
    // Self-contained: no external URL anywhere in the page.
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
    const { page, problems } = await open(file);

    expect(await cardCount(page, 'files')).toBe('6');
    expect(await cardCount(page, 'to change')).toBe('3');
    expect(await cardCount(page, 'unchanged')).toBe('1');
    expect(await cardCount(page, 'skipped')).toBe('1');
    expect(await cardCount(page, 'failed')).toBe('1');
    expect(await page.locator('#by-transform tbody tr').allTextContents()).toEqual(expect.arrayContaining(['print-to-logging22', 'mutable-defaults11', 'group-imports22']));
    expect(await page.locator('#count').textContent()).toBe('3 files changed shown');

    // Filters: transform, directory, free text (in the code), then back to everything.
    await page.selectOption('#filter-t', 'mutable-defaults');
    expect(await rows(page).locator('.path').allTextContents()).toEqual(['app/util.py']);
    await page.selectOption('#filter-t', '');
    await page.selectOption('#filter-dir', 'app');
    expect(await rows(page).locator('.path').allTextContents()).toEqual(['app/main.py', 'app/util.py']);
    await page.selectOption('#filter-dir', '');
    await page.fill('#filter-q', 'unique_marker');
    await page.waitForFunction(() => (globalThis as any).document.querySelector('#count').textContent === '1 file changed shown');
    expect(await rows(page).locator('.path').allTextContents()).toEqual(['setup.py']);
    await rows(page).locator('.file-head').click();
    expect(await rows(page).locator('tr.add .src').allTextContents()).toContain('+logger.info("unique_marker_in_setup </script><b id=injected>bold</b>")');
    expect(await page.locator('#injected').count()).toBe(0);
    await rows(page).locator('.file-head').click();
    await page.fill('#filter-q', '');
    await page.waitForFunction(() => (globalThis as any).document.querySelector('#count').textContent === '3 files changed shown');

    // A diff expanded: hunks labelled with their fixes, code highlighted.
    await rows(page).filter({ hasText: 'app/main.py' }).locator('.file-head').click();
    const main = rows(page).filter({ hasText: 'app/main.py' });
    const labels = await main.locator('.hunk-head').allTextContents();
    expect(labels.join('\n')).toContain('print-to-logging print() -> logger.info() line 6');
    expect(labels.join('\n')).toContain('group-imports');
    expect(await main.locator('tr.add .src').allTextContents()).toEqual(expect.arrayContaining(['+    logger.info("starting %s", sys.argv)']));
    expect(await main.locator('tr.add .src .k').first().textContent()).toBe('import');
    expect(await main.locator('tr.add .src .s').allTextContents()).toContain('"starting %s"');
    // The place the transform left alone, with its reason, under the diff.
    expect(await main.locator('ul.places').textContent()).toContain('app/main.py:7');

    await page.click('[data-mode="split"]');
    const split = rows(page).filter({ hasText: 'app/main.py' }).locator('table.code.split');
    expect(await split.count()).toBeGreaterThan(0);
    expect(await split.first().locator('td.del').count()).toBeGreaterThan(0);
    expect(await split.first().locator('td.add').count()).toBeGreaterThan(0);
    await page.click('[data-mode="unified"]');

    // A reason in the summary leads to its locations.
    await page.locator('#by-reason a', { hasText: 'is not "\\n"' }).click();
    expect(await page.locator('[data-view="places"]').getAttribute('class')).toContain('on');
    expect(await rows(page).locator('ul.places').allTextContents()).toEqual([expect.stringContaining('app/main.py:7')]);

    // Only failed, only skipped.
    await page.click('[data-view="failed"]');
    expect(await rows(page).locator('.file-head').allTextContents()).toEqual([expect.stringContaining('lib/legacy.py')]);
    expect(await rows(page).locator('.why').textContent()).toContain('Python 2 print statement');
    await page.click('[data-view="skipped"]');
    expect(await rows(page).locator('.file-head').allTextContents()).toEqual([expect.stringMatching(/lib\/latin\.py.*encoding.*latin-1/)]);

    // The state is in the address: a link opens the same view.
    await page.selectOption('#filter-t', 'print-to-logging');
    await page.click('[data-view="changed"]');
    expect(new URL(page.url()).hash).toBe('#t=print-to-logging');
    const again = await open(`${file}`);
    await again.page.goto(`file://${file}#t=print-to-logging&dir=app`);
    await again.page.reload();
    await again.page.waitForSelector('#files .file');
    expect(await rows(again.page).locator('.path').allTextContents()).toEqual(['app/main.py']);

    const shots = mkdtempSync(join(tmpdir(), 'pycodemod-report-shot-'));
    const png = join(shots, 'report.png');
    await page.click('[data-view="changed"]');
    await page.screenshot({ path: png, fullPage: false });
    const bytes = readFileSync(png);
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(bytes.length).toBeGreaterThan(10_000);
    expect(problems).toEqual([]);
    expect(again.problems).toEqual([]);
  }, 120_000);

  it('renders 2,000 changed files lazily: a first page, more as the list is scrolled', async () => {
    const report = new HtmlReport();
    const summary = emptySummary();
    for (let i = 0; i < 2000; i++) {
      const before = `import sys\nimport os\n\n\ndef f${i}(x=[]):\n    return x\n`;
      const r: FileResult = {
        kind: 'changed',
        path: `pkg${i % 20}/mod${String(i).padStart(4, '0')}.py`,
        before,
        after: before.replace('import sys\nimport os', 'import os\nimport sys'),
        edits: [{ transform: 'group-imports', message: 'sort imports', line: 1, column: 1, startLine: 1, endLine: 2 }],
        skips: [],
      };
      report.add(r);
      addToSummary(summary, r);
    }
    const dir = mkdtempSync(join(tmpdir(), 'pycodemod-report-'));
    const file = join(dir, 'big.html');
    writeFileSync(file, report.render(summary, { version: 'test', transforms: ['group-imports'], write: false }));
    const { page, problems } = await open(file);
    expect(await page.locator('#count').textContent()).toBe('2,000 files changed shown');
    expect(await rows(page).count()).toBe(100);
    expect(await page.locator('table.code').count()).toBe(0); // no diff rendered until a file is opened
    await page.locator('#more').scrollIntoViewIfNeeded();
    await page.waitForFunction(() => (globalThis as any).document.querySelectorAll('#files .file').length === 200);
    await page.fill('#filter-q', 'mod1999');
    await page.waitForFunction(() => (globalThis as any).document.querySelector('#count').textContent === '1 file changed shown');
    await rows(page).locator('.file-head').click();
    expect(await rows(page).locator('.hunk-head .label').textContent()).toContain('group-imports sort imports');
    expect(problems).toEqual([]);
  }, 120_000);
});
