// `node dist/test/corpus/review-corpus.js [CORPUS] [SCREENSHOT.png]`: the review outputs on the corpus-sized
// run (issue 16), measured: the HTML report's size and time to open in headless Chromium (Debian's), a filter
// and a diff opened there, and the change split by directory (--max-files 100), by transform and, when the
// corpus has a CODEOWNERS file, by owners. Every patch must apply alone on the untouched corpus
// (`git apply --check`), and all of them together must be exactly the run's whole diff. Optionally saves the
// screenshot the README shows. Not part of CI (it takes minutes); the same properties are tested on small
// trees in test/split-patches.test.ts and test/html-report-browser.test.ts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const corpus = resolve(process.argv[2] ?? '/tmp/pycodemod-corpus');
const screenshot = process.argv[3] ? resolve(process.argv[3]) : undefined;
const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'bin.js');
const out = mkdtempSync(join(tmpdir(), 'pycodemod-review-corpus-'));
let failures = 0;
const fail = (message: string) => {
  failures++;
  console.log(`FAIL ${message}`);
};

function pycodemod(args: string[]): { seconds: number; stdout: string; stderr: string } {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [BIN, '--no-cache', ...args], { cwd: corpus, encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0 && r.status !== 1) throw new Error(`pycodemod ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(-2000)}`);
  return { seconds, stdout: r.stdout, stderr: r.stderr };
}

// The whole change, as one JSON report with each file's diff: what the pieces must add up to.
const whole = JSON.parse(pycodemod(['--format', 'json', '--diff']).stdout) as { files: { path: string; status: string; diff?: string }[] };
const diffs = new Map(whole.files.filter((f) => f.status === 'changed').map((f) => [f.path, f.diff!]));
console.log(`changed files: ${diffs.size}`);

// The HTML report, with the split by directory in the same run.
const report = join(out, 'review.html');
const first = pycodemod(['--report', report, '--split-by', 'directory', '--max-files', '100', '--patch-dir', join(out, 'by-directory')]);
console.log(`report + split by directory: ${first.seconds.toFixed(1)} s wall; report ${(statSync(report).size / 1e6).toFixed(1)} MB`);

interface Manifest {
  pieces: { name: string; patch: string; files: string[] }[];
}

function checkPieces(by: string, dir: string): void {
  const manifest = JSON.parse(readFileSync(join(dir, 'pieces.json'), 'utf8')) as Manifest;
  const sizes = manifest.pieces.map((p) => p.files.length);
  console.log(`split by ${by}: ${manifest.pieces.length} patches, files per patch ${Math.min(...sizes)}-${Math.max(...sizes)}`);
  const seen = new Set<string>();
  let rebuilt = '';
  for (const piece of manifest.pieces) {
    const patch = readFileSync(join(dir, piece.patch), 'utf8');
    const check = spawnSync('git', ['apply', '--check', '-'], { cwd: corpus, input: patch, encoding: 'utf8' });
    if (check.status !== 0) fail(`${by}/${piece.patch} does not apply on its own: ${check.stderr.slice(0, 500)}`);
    for (const f of piece.files) {
      if (seen.has(f)) fail(`${by}: ${f} is in more than one piece`);
      seen.add(f);
    }
    rebuilt += patch;
  }
  // All together are the whole change: the same files, and the same diff for each.
  const expected = [...diffs.keys()].sort();
  if (JSON.stringify([...seen].sort()) !== JSON.stringify(expected)) fail(`${by}: the pieces hold ${seen.size} files, the run changed ${expected.length}`);
  const perFile = rebuilt.split(/(?=^--- a\/)/m).filter(Boolean).sort();
  const wholeDiffs = [...diffs.values()].sort();
  if (perFile.length !== wholeDiffs.length || perFile.some((d, i) => d !== wholeDiffs[i])) fail(`${by}: the pieces' diffs differ from the run's whole diff`);
}

checkPieces('directory (--max-files 100)', join(out, 'by-directory'));
const byTransform = pycodemod(['--split-by', 'transform', '--patch-dir', join(out, 'by-transform')]);
console.log(`split by transform: ${byTransform.seconds.toFixed(1)} s wall`);
checkPieces('transform', join(out, 'by-transform'));
if (['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'].some((f) => existsSync(join(corpus, f)))) {
  pycodemod(['--split-by', 'codeowners', '--patch-dir', join(out, 'by-codeowners')]);
  checkPieces('codeowners', join(out, 'by-codeowners'));
}

// The report in a real browser: time until the first rows show, a filter, a diff opened.
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  let t = Date.now();
  await page.goto(`file://${report}`);
  await page.waitForSelector('#files .file');
  console.log(`report open (load, parse, first 100 rows): ${Date.now() - t} ms`);
  const count = await page.locator('#count').textContent();
  if (count !== `${diffs.size.toLocaleString('en-US')} files changed shown`) fail(`the report shows "${count}", the run changed ${diffs.size}`);
  t = Date.now();
  await page.selectOption('#filter-t', 'mutable-defaults');
  await page.waitForFunction((before) => (globalThis as any).document.querySelector('#count').textContent !== before, count);
  console.log(`filter by transform: ${Date.now() - t} ms (${await page.locator('#count').textContent()})`);
  await page.selectOption('#filter-t', '');
  t = Date.now();
  const row = page.locator('#files .file').filter({ hasText: 'print-to-logging' }).first();
  await row.locator('.file-head').click();
  await row.locator('table.code').first().waitFor();
  console.log(`open a file's diff: ${Date.now() - t} ms`);
  if (screenshot) {
    // The README's picture: the summary, and a print-to-logging file's diff opened under it.
    await page.reload();
    await page.setViewportSize({ width: 1400, height: 1560 });
    await page.selectOption('#filter-t', 'print-to-logging');
    await page.fill('#filter-q', 'stdlib/calendar.py');
    await page.waitForFunction(() => (globalThis as any).document.querySelector('#count').textContent === '1 file changed shown');
    await page.locator('#files .file .file-head').first().click();
    await page.locator('#files table.code').first().waitFor();
    await page.evaluate(() => (globalThis as any).scrollTo(0, 0));
    await page.screenshot({ path: screenshot, fullPage: false });
    console.log(`screenshot: ${screenshot}`);
  }
  if (errors.length) fail(`page errors: ${errors.join('; ')}`);
} finally {
  await browser.close();
}
console.log(failures ? `${failures} failure(s)` : 'ok');
process.exit(failures ? 1 : 0);
