// The built-in transforms' fixture suite, run through the same kit authors use (pycodemod/testing):
// every fixtures/<id>/<case>.input.py(i) runs through transform <id> alone and must equal
// <case>.output.py(i) byte for byte (no output file: must not change); the output must parse (tree-sitter
// and python3) and a second run must change nothing. Built-in fixtures also say what they cover on their
// first line.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinTransforms } from '../transforms/index.js';
import { defineFixtureTests } from '../src/testing/index.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const ids = readdirSync(FIXTURES).filter((d) => d !== 'example-project' && statSync(join(FIXTURES, d)).isDirectory());

describe('fixtures', () => {
  it('every fixture folder names a registered transform', () => {
    expect(ids.filter((id) => !builtinTransforms.some((t) => t.id === id))).toEqual([]);
  });
});

for (const id of ids) {
  const transform = builtinTransforms.find((t) => t.id === id);
  if (transform) defineFixtureTests(transform, join(FIXTURES, id), { python: 'python3', requireFirstLineComment: true });
}
