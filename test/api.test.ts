// The library API the README documents: transformSource() and run(), with built-in and custom transforms.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineTransform, run, transformSource, type FileResult } from '../src/index.js';
import { tempProject } from './helpers/cli.js';

const upper = defineTransform({
  id: 'upper-todo',
  description: 'Upper-case TODO comments',
  docs: { whatItDoes: '', why: '', example: { before: '', after: '' }, semantics: '' },
  options: { marker: { type: 'string', default: 'TODO', description: 'the marker' } },
  transform(ctx) {
    for (const c of ctx.root.descendantsOfType('comment')) {
      if (!c) continue;
      const i = c.text.toLowerCase().indexOf(ctx.options.marker.toLowerCase());
      if (i >= 0 && c.text.slice(i, i + ctx.options.marker.length) !== ctx.options.marker)
        ctx.report({ node: c, message: 'upper-case marker', fix: [{ start: c.startIndex + i, end: c.startIndex + i + ctx.options.marker.length, text: ctx.options.marker }] });
    }
  },
});

describe('transformSource', () => {
  it('runs a custom transform with its options', async () => {
    const r = await transformSource('x = 1  # todo: y\n# fixme later\n', { transforms: [upper], options: { 'upper-todo': { marker: 'FIXME' } } });
    expect(r).toMatchObject({ ok: true, changed: true, output: 'x = 1  # todo: y\n# FIXME later\n' });
  });

  it('returns an error value for a syntax error instead of throwing', async () => {
    const r = await transformSource('def f(:\n', { transforms: [upper] });
    expect(r).toMatchObject({ ok: false, error: { message: 'syntax error', line: 1 } });
  });

  it('rejects options for an unknown transform, and unknown option keys', async () => {
    await expect(transformSource('', { transforms: [upper], options: { nope: {} } })).rejects.toThrow(/unknown transform/);
    await expect(transformSource('', { transforms: [upper], options: { 'upper-todo': { colour: 1 } } })).rejects.toThrow(/unknown option `colour`/);
  });
});

describe('run', () => {
  it('returns per-file results and a summary, streams them in path order, and writes when asked', async () => {
    const dir = tempProject({ 'b.py': '# todo\n', 'a.py': '# TODO\n', 'c/d.py': '# todo: x\n' });
    const seen: string[] = [];
    const report = await run({ cwd: dir, transforms: [upper], onResult: (r: FileResult) => seen.push(`${r.path}:${r.kind}`) });
    expect(seen).toEqual(['a.py:unchanged', 'b.py:changed', 'c/d.py:changed']);
    expect(report.summary).toMatchObject({ files: 3, changed: 2, unchanged: 1, editsByTransform: { 'upper-todo': 2 } });
    expect(readFileSync(join(dir, 'b.py'), 'utf8')).toBe('# todo\n');

    await run({ cwd: dir, transforms: [upper], write: true });
    expect(readFileSync(join(dir, 'b.py'), 'utf8')).toBe('# TODO\n');
  });
});
