// The fixture suite: every fixtures/<id>/<case>.input.py(i) runs through transform <id> alone and must
// equal <case>.output.py(i) byte for byte (no output file: must not change). The output must parse
// (tree-sitter and python3) and a second run must change nothing.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinTransforms } from '../transforms/index.js';
import { transformSourceWith } from '../src/core/transform-source.js';
import type { Settings } from '../src/core/settings.js';
import { pythonSyntaxError } from './helpers/python.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const SETTING_KEYS: Record<string, keyof Settings> = {
  'target-version': 'targetVersion',
  'line-length': 'lineLength',
  'known-first-party': 'knownFirstParty',
  'known-third-party': 'knownThirdParty',
};

interface CaseOptions {
  path: string;
  settings: Partial<Settings>;
}

function readCaseOptions(id: string, dir: string, name: string, ext: string): CaseOptions {
  const file = join(dir, `${name}.options.json`);
  const raw: Record<string, unknown> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const settings: Record<string, unknown> = {};
  const transformOptions: Record<string, unknown> = {};
  let path = `pkg/${name}${ext}`;
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'path') path = value as string;
    else if (key in SETTING_KEYS) settings[SETTING_KEYS[key]!] = value;
    else transformOptions[key] = value;
  }
  settings.transformOptions = { [id]: transformOptions };
  return { path, settings: settings as Partial<Settings> };
}

const ids = readdirSync(FIXTURES).filter((d) => d !== 'example-project' && statSync(join(FIXTURES, d)).isDirectory());

for (const id of ids) {
  const transform = builtinTransforms.find((t) => t.id === id);
  const dir = join(FIXTURES, id);
  const cases = readdirSync(dir).filter((f) => /\.input\.pyi?$/.test(f));
  describe(`fixtures/${id}`, () => {
    it('names a registered transform', () => expect(transform, `no transform with id ${id}`).toBeDefined());
    for (const file of cases) {
      const ext = file.endsWith('.pyi') ? '.pyi' : '.py';
      const name = file.slice(0, -`.input${ext}`.length);
      it(name, async () => {
        const input = readFileSync(join(dir, file), 'utf8');
        const outputFile = join(dir, `${name}.output${ext}`);
        const expected = existsSync(outputFile) ? readFileSync(outputFile, 'utf8') : input;
        if (existsSync(outputFile)) expect(expected, 'an output identical to its input is a mistake: delete the output file').not.toBe(input);
        expect(input.split(/\r\n|\n|\r/, 1)[0], 'the first line is a comment that says what the case covers').toMatch(/^(\uFEFF)?(#|""")/);

        const { path, settings } = readCaseOptions(id, dir, name, ext);
        const run = (source: string) => transformSourceWith(source, { path, transforms: [transform!], settings });
        const first = await run(input);
        if (first.kind !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(first)}`);
        expect(first.output).toBe(expected);
        expect(pythonSyntaxError(first.output, file)).toBeNull();
        const second = await run(first.output);
        if (second.kind !== 'ok') throw new Error(`second run: ${JSON.stringify(second)}`);
        expect(second.output, 'a second run must change nothing').toBe(first.output);
      });
    }
  });
}
