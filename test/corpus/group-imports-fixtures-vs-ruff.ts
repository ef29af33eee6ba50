// Checks the hand-written group-imports fixtures against the reference: Ruff's I001 fix with the same
// options. Prints every fixture whose expected output differs from Ruff's, so each difference is
// either a fixture mistake or one of the deliberate differences listed in the README.
//
//   npx tsx test/corpus/group-imports-fixtures-vs-ruff.ts
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PositionEncoding, Workspace } from '@astral-sh/ruff-wasm-nodejs';

const dir = join(import.meta.dirname, '..', '..', 'fixtures', 'group-imports');

function ruffSettings(o: Record<string, unknown>) {
  const isort: Record<string, unknown> = {};
  const copy = ['force-sort-within-sections', 'combine-as-imports', 'force-single-line', 'lines-after-imports', 'split-on-trailing-comma', 'known-first-party', 'known-third-party'];
  for (const k of copy) if (k in o) isort[k] = o[k];
  if (o.headings) {
    isort['import-heading'] = {
      'standard-library': o['heading-standard-library'] ?? 'Standard library imports',
      'third-party': o['heading-third-party'] ?? 'Third-party imports',
      'first-party': o['heading-first-party'] ?? 'Local imports',
      'local-folder': o['heading-local-folder'] ?? 'Local imports',
    };
  }
  return { 'line-length': o['line-length'] ?? 88, 'target-version': o['target-version'] ?? 'py39', lint: { select: ['I001'], isort } };
}

function applyRuff(ws: Workspace, source: string): string {
  let text = source;
  for (let round = 0; round < 10; round++) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const edits = (ws.check(text) as any[]).filter((d) => d.code === 'I001' && d.fix).flatMap((d) => d.fix.edits);
    if (edits.length === 0) break;
    const starts = [0];
    for (let i = 0; i < text.length; i++) if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] !== '\n')) starts.push(i + 1);
    const at = (p: { row: number; column: number }) => (starts[p.row - 1] ?? text.length) + p.column - 1;
    const ranges = edits.map((e) => ({ start: at(e.location), end: at(e.end_location), text: e.content ?? '' })).sort((a, b) => b.start - a.start);
    let floor = Infinity;
    for (const r of ranges) {
      if (r.end > floor) continue;
      text = text.slice(0, r.start) + r.text + text.slice(r.end);
      floor = r.start;
    }
  }
  return text;
}

/** Fixtures whose expected output differs from Ruff's on purpose (see transforms/group-imports/README.md). */
const DELIBERATE: Record<string, string> = {
  'pycodemod-skip': "pycodemod's own suppression comment; Ruff does not know it",
  'same-name-bound-twice': 'sorting would change which import binds a name; Ruff sorts anyway',
  'headings-detached': 'a heading above a blank line is recognised; Ruff prints a second one',
  'headings-shared-local': 'first-party and local sections sharing a heading get it once; Ruff prints it twice',
};

let differ = 0;
for (const file of readdirSync(dir).filter((f) => /\.input\.pyi?$/.test(f)).sort()) {
  const name = file.replace(/\.input\.pyi?$/, '');
  const ext = file.endsWith('.pyi') ? '.pyi' : '.py';
  const optFile = join(dir, `${name}.options.json`);
  const opts = existsSync(optFile) ? JSON.parse(readFileSync(optFile, 'utf8')) : {};
  let input = readFileSync(join(dir, file), 'utf8');
  const outFile = join(dir, `${name}.output${ext}`);
  let expected = existsSync(outFile) ? readFileSync(outFile, 'utf8') : input;
  input = input.replace(/^\uFEFF/, '');
  expected = expected.replace(/^\uFEFF/, '');
  const ws = new Workspace(ruffSettings(opts), PositionEncoding.Utf16);
  // Ruff can't tell a stub from its content alone; the wasm API checks every source as a .py file.
  const ruff = ext === '.pyi' ? '(not checked: .pyi)' : applyRuff(ws, input);
  if (ext === '.pyi' || ruff === expected) continue;
  if (DELIBERATE[name]) {
    console.log(`--- ${name}: differs from Ruff on purpose: ${DELIBERATE[name]}`);
    continue;
  }
  differ++;
  console.log(`--- ${name}: expected output differs from Ruff's\n[ruff]\n${ruff}[expected]\n${expected}`);
}
console.log(differ === 0 ? 'all fixtures agree with Ruff' : `${differ} fixture(s) differ from Ruff`);
