// raise-from settles in one pass among the built-ins (`settlesInOnePass: 'among-built-ins'`): the engine
// skips the confirmation pass after a pass of its fixes (and group-imports') alone. Every raise-from
// fixture, under both styles and alone or with every built-in, is rewritten twice; the second rewrite must
// change nothing, and with a transform that is not a built-in the confirmation pass runs again.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinTransforms } from '../transforms/index.js';
import raiseFrom from '../transforms/raise-from/index.js';
import { defineTransform } from '../src/core/types.js';
import { transformSourceWith } from '../src/core/transform-source.js';
import { defaultSettings, type Settings } from '../src/core/settings.js';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'raise-from');
const inputs = readdirSync(DIR).filter((f) => f.endsWith('.input.py'));
const docs = { whatItDoes: '', why: '', example: { before: '', after: '' }, semantics: '' };

describe('raise-from settles in one pass among the built-ins', () => {
  for (const style of ['cause', 'none']) {
    for (const [name, transforms] of [
      ['alone', [raiseFrom]],
      ['with every built-in', builtinTransforms],
    ] as const) {
      it(`on every fixture input, style ${style}, ${name}`, async () => {
        const settings: Settings = { ...defaultSettings(), transformOptions: { 'raise-from': { style } } };
        let settledInOne = 0;
        for (const file of inputs) {
          const run = (source: string) => transformSourceWith(source, { path: `pkg/${file.replace('.input', '')}`, transforms, settings });
          const first = await run(readFileSync(join(DIR, file), 'utf8'));
          if (first.kind !== 'ok') continue;
          if (first.edits.length > 0 && first.passes === 1) settledInOne++;
          const second = await run(first.output);
          expect(second.kind === 'ok' && second.output, `${file}: a second run changes it`).toBe(first.output);
        }
        expect(settledInOne).toBeGreaterThan(3);
      });
    }
  }

  it('gets its confirmation pass in a run with a transform that is not a built-in', async () => {
    let runs = 0;
    const plugin = defineTransform({ id: 'counts-runs', description: 'test', docs, options: {}, transform: () => void runs++ });
    const source = 'try:\n    pass\nexcept OSError as err:\n    raise ValueError("x")\n';
    const r = await transformSourceWith(source, { transforms: [raiseFrom, plugin] });
    expect(r).toMatchObject({ kind: 'ok', output: 'try:\n    pass\nexcept OSError as err:\n    raise ValueError("x") from err\n' });
    expect(runs).toBe(2);
  });
});
