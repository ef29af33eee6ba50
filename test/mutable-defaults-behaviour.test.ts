// Behaviour of mutable-defaults under python3: each script in test/behaviour/mutable-defaults calls
// functions with mutable defaults several times. The original shows the shared-default bug (its
// output differs from <name>.expected); the rewritten script prints exactly <name>.expected, which
// was written by hand from fresh-default semantics.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import mutableDefaults from '../transforms/mutable-defaults/index.js';
import { transformSourceWith } from '../src/core/transform-source.js';

const DIR = join(import.meta.dirname, 'behaviour', 'mutable-defaults');

function python(source: string): { stdout: string; status: number | null } {
  const r = spawnSync('python3', ['-'], { input: source, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { stdout: r.stdout, status: r.status };
}

describe('mutable-defaults behaviour (python3)', () => {
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.py')).sort()) {
    it(file, async () => {
      const source = readFileSync(join(DIR, file), 'utf8');
      const expected = readFileSync(join(DIR, file.replace(/\.py$/, '.expected')), 'utf8');
      const result = await transformSourceWith(source, { path: file, transforms: [mutableDefaults], settings: { targetVersion: 'py39' } });
      if (result.kind !== 'ok') throw new Error(JSON.stringify(result));
      expect(result.output).not.toBe(source);
      expect(result.skips).toEqual([]);

      const before = python(source);
      expect(before.stdout, 'the original should show the shared-default behaviour').not.toBe(expected);
      const after = python(result.output);
      expect(after.status).toBe(0);
      expect(after.stdout).toBe(expected);
    });
  }
});
