// Behaviour of mutable-defaults under python3: each script in test/behaviour/mutable-defaults calls
// functions with mutable defaults several times and prints what they return. The rewritten script
// must print exactly <name>.expected, which was written by hand from fresh-default semantics.
//
// A parameter the transform must refuse carries `# refused` at the end of its line: it must be
// reported (a skip on that line) and left as written; no other parameter may be reported. A script
// whose defaults are all refused prints the same before and after; any other script shows the
// shared-default bug before the rewrite (its original output differs from <name>.expected).
// A line marked `# shared` holds a default the body changes or hands on: its edit message must say that
// calls no longer share the object; in a script with such marks, no other edit may say so.
// `# target: py310` (or another version) on the first lines sets the target version (default py39).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import mutableDefaults from '../transforms/mutable-defaults/index.js';
import { transformSourceWith } from '../src/core/transform-source.js';
import type { TargetVersion } from '../src/core/settings.js';

const DIR = join(import.meta.dirname, 'behaviour', 'mutable-defaults');

function python(source: string): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync('python3', ['-'], { input: source, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

describe('mutable-defaults behaviour (python3)', () => {
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.py')).sort()) {
    it(file, async () => {
      const source = readFileSync(join(DIR, file), 'utf8');
      const expected = readFileSync(join(DIR, file.replace(/\.py$/, '.expected')), 'utf8');
      const targetVersion = (/^# target: (py3\d+)$/m.exec(source.split('\n').slice(0, 3).join('\n'))?.[1] ?? 'py39') as TargetVersion;
      const result = await transformSourceWith(source, { path: file, transforms: [mutableDefaults], settings: { targetVersion } });
      if (result.kind !== 'ok') throw new Error(JSON.stringify(result));

      const refusedLines = source
        .split('\n')
        .flatMap((line, i) => (/^\s*[^#\s].*#\s*refused\s*$/.test(line) ? [i + 1] : []));
      expect([...new Set(result.skips.map((s) => s.line))], JSON.stringify(result.skips, null, 1)).toEqual(refusedLines);
      for (const line of refusedLines) expect(result.output.split('\n')).toContain(source.split('\n')[line - 1]);

      // Lines marked `# shared`: the body relies on the shared object, and the edit message says so.
      const sharedLines = source.split('\n').flatMap((line, i) => (/^\s*[^#\s].*#\s*shared\s*$/.test(line) ? [i + 1] : []));
      const warned = result.edits.filter((e) => /calls no longer share one/.test(e.message)).map((e) => e.line);
      if (sharedLines.length > 0) expect(warned, JSON.stringify(result.edits, null, 1)).toEqual(sharedLines);

      const before = python(source);
      if (result.output !== source) {
        expect(before.stdout, 'the original should show the shared-default behaviour').not.toBe(expected);
      } else {
        expect(refusedLines.length, 'a script the transform leaves alone must mark its refusals').toBeGreaterThan(0);
        expect(before.stdout).toBe(expected);
      }
      const after = python(result.output);
      expect(after.stderr).toBe('');
      expect(after.status).toBe(0);
      expect(after.stdout).toBe(expected);
    });
  }
});

describe('mutable-defaults beside modern-typing (python3)', () => {
  // modern-typing drops `from typing import Optional` once its rewrite leaves it unused; mutable-defaults
  // reuses that import for `Optional[Alias]` (Alias holds a string, so `Alias | None` would fail). In one
  // pass the import went and the def raised NameError at import time: the reuse now makes them wait in turn.
  it.each([
    ['from typing import Optional', 'Optional[int]'],
    ['import typing', 'typing.Optional[int]'],
  ])('keeps %s when the other fix relies on it', async (importLine, annotation) => {
    const source = `${importLine}\n\nAlias = "list"\n\n\ndef f(a: ${annotation} = None, b: Alias = []):\n    return a, b\n\n\nprint(f())\n`;
    const modernTyping = (await import('../transforms/modern-typing/index.js')).default;
    const result = await transformSourceWith(source, { transforms: [mutableDefaults, modernTyping], settings: { targetVersion: 'py310' } });
    if (result.kind !== 'ok') throw new Error(JSON.stringify(result));
    expect(result.output).toContain('def f(a: int | None = None, b: Optional[Alias] = None):\n    if b is None:\n        b = []\n');
    const after = python(result.output);
    expect(after.stderr).toBe('');
    expect(after.stdout).toBe('(None, [])\n');
  });
});
