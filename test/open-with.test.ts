// open-with: the reasons for every open it leaves (the left-alone fixture), leak reports, the options.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTransform } from './helpers/transform.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '..', 'fixtures', 'open-with', name), 'utf8');

describe('open-with', () => {
  it('names the reason for every open it leaves, and the line where a never-closed file leaks', async () => {
    const { output, skips } = await runTransform('open-with', fixture('left-alone.input.py'));
    expect(output).toBe(fixture('left-alone.input.py'));
    expect([...skips].sort((a, b) => parseInt(a) - parseInt(b))).toEqual([
      '8: `f` is stored in an attribute or item (line 9)',
      '13: `f` is returned or yielded (line 15)',
      '19: `f` is captured by a nested function or class (line 20)',
      '25: `f` is rebound or deleted before the close (line 26)',
      '26: nothing happens between `f = ...` and `f.close()`',
      '30: `f` is used after `f.close()` (line 33)',
      '36: `f` is closed only on some paths (line 38), not by a statement of this block',
      '41: `f` is handed to other code (line 42) that may keep it past an early exit (line 44)',
      '48: `f = open(...)` is never closed: the file stays open after line 49 until garbage collection (use `with`)',
      '53: `open(...).read`: the file is never closed; it is left to the garbage collector after line 53 (use `with`)',
      '56: `f = ...` shares its line with another statement',
    ]);
  });

  it('report-leaks = false: no leak reports', async () => {
    const { skips } = await runTransform('open-with', 'def f(p):\n    return open(p).read()\n', { 'report-leaks': false });
    expect(skips).toEqual([]);
  });

  it('extend-openers: a project opener used the same way', async () => {
    const source = 'from blobs import open_blob\n\n\ndef f(p):\n    b = open_blob(p)\n    b.write("x")\n    b.close()\n';
    const { output } = await runTransform('open-with', source, { 'extend-openers': ['blobs.open_blob'] });
    expect(output).toBe('from blobs import open_blob\n\n\ndef f(p):\n    with open_blob(p) as b:\n        b.write("x")\n');
    expect((await runTransform('open-with', source)).output).toBe(source);
  });

  it('an `open` that is not the builtin is not an opener', async () => {
    const source = 'from webbrowser import open\n\n\ndef f(p):\n    b = open(p)\n    b.read()\n    b.close()\n';
    expect((await runTransform('open-with', source)).output).toBe(source);
  });

  it('a tab-indented block gets a tab; a module-level block the file\'s unit', async () => {
    const tabs = 'def f(p):\n\tx = open(p)\n\tx.read()\n\tx.close()\n';
    expect((await runTransform('open-with', tabs)).output).toBe('def f(p):\n\twith open(p) as x:\n\t\tx.read()\n');
    const top = 'if True:\n  pass\nx = open("p")\nx.read()\nx.close()\n';
    expect((await runTransform('open-with', top)).output).toBe('if True:\n  pass\nwith open("p") as x:\n  x.read()\n');
  });

  it('a block indented with a tab and spaces stays deeper under every tab size (python3 accepts it)', async () => {
    const source = 'def f(p):\n\tif p:\n\t    x = open(p)\n\t    x.read()\n\t    x.close()\n';
    const { output } = await runTransform('open-with', source);
    expect(output).toBe('def f(p):\n\tif p:\n\t    with open(p) as x:\n\t        x.read()\n');
  });
});
