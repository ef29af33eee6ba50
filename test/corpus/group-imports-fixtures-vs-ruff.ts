// Checks the hand-written group-imports fixtures against the reference: Ruff's I001 fix with the same
// options. Prints every fixture whose expected output differs from Ruff's, so each difference is
// either a fixture mistake or one of the deliberate differences listed in the README.
//
//   npx tsx test/corpus/group-imports-fixtures-vs-ruff.ts
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DELIBERATE_DIFFERENCES, fixtureVersusRuff } from './group-imports-ruff.js';

const dir = join(import.meta.dirname, '..', '..', 'fixtures', 'group-imports');

let differ = 0;
for (const file of readdirSync(dir).filter((f) => /\.input\.pyi?$/.test(f)).sort()) {
  const { name, expected, ruff } = fixtureVersusRuff(dir, file);
  if (ruff === undefined || ruff === expected) continue;
  const why = DELIBERATE_DIFFERENCES[name];
  if (why) {
    console.log(`--- ${name}: differs from Ruff on purpose: ${why}`);
    continue;
  }
  differ++;
  console.log(`--- ${name}: expected output differs from Ruff's\n[ruff]\n${ruff}[expected]\n${expected}`);
}
console.log(differ === 0 ? 'all fixtures agree with Ruff' : `${differ} fixture(s) differ from Ruff`);
