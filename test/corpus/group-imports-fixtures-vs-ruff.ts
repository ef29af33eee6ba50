// Checks the hand-written group-imports fixtures against the reference: Ruff's I001 fix with the same
// options. Prints every fixture whose expected output differs from Ruff's, so each difference is
// either a fixture mistake or one of the deliberate differences listed in the README.
//
//   npx tsx test/corpus/group-imports-fixtures-vs-ruff.ts
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ruffFix, ruffWorkspace } from './group-imports-ruff.js';

const dir = join(import.meta.dirname, '..', '..', 'fixtures', 'group-imports');

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
  const ws = ruffWorkspace({
    lineLength: opts['line-length'],
    targetVersion: opts['target-version'],
    options: opts,
    knownFirstParty: opts['known-first-party'],
    knownThirdParty: opts['known-third-party'],
  });
  // Ruff can't tell a stub from its content alone; the wasm API checks every source as a .py file.
  const ruff = ext === '.pyi' ? '(not checked: .pyi)' : ruffFix(ws, input);
  if (ext === '.pyi' || ruff === expected) continue;
  if (DELIBERATE[name]) {
    console.log(`--- ${name}: differs from Ruff on purpose: ${DELIBERATE[name]}`);
    continue;
  }
  differ++;
  console.log(`--- ${name}: expected output differs from Ruff's\n[ruff]\n${ruff}[expected]\n${expected}`);
}
console.log(differ === 0 ? 'all fixtures agree with Ruff' : `${differ} fixture(s) differ from Ruff`);
