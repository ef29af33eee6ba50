// The fix loop: passes until stable, deferred fixes, cycles, the syntax guard, crashes, suppression.
import { describe, expect, it } from 'vitest';
import { defineTransform, type AnyTransform } from '../src/core/types.js';
import { transformSourceWith } from '../src/core/transform-source.js';
import { markBuiltIns } from '../src/core/built-in.js';

const docs = { whatItDoes: '', why: '', example: { before: '', after: '' }, semantics: '' };

/** Renames every identifier `a` to `b` (one fix per identifier). */
const renameAtoB = defineTransform({
  id: 'rename-a-b',
  description: 'test',
  docs,
  options: {},
  transform(ctx) {
    for (const n of ctx.root.descendantsOfType('identifier'))
      if (n?.text === 'a') ctx.report({ node: n, message: 'a -> b', fix: [{ start: n.startIndex, end: n.endIndex, text: 'b' }] });
  },
});

/** Wraps the whole module in one edit and a second edit inside it: the second must wait a pass. */
const wrapAndRename = defineTransform({
  id: 'wrap',
  description: 'test',
  docs,
  options: {},
  transform(ctx) {
    if (!ctx.source.startsWith('# wrapped')) ctx.report({ offset: 0, message: 'wrap', fix: [{ start: 0, end: ctx.source.length, text: `# wrapped\n${ctx.source}` }] });
  },
});

const cycle = defineTransform({
  id: 'flip',
  description: 'test',
  docs,
  options: {},
  transform(ctx) {
    for (const n of ctx.root.descendantsOfType('integer')) {
      if (!n) continue;
      ctx.report({ node: n, message: 'flip', fix: [{ start: n.startIndex, end: n.endIndex, text: n.text === '1' ? '2' : '1' }] });
    }
  },
});

const breaker = defineTransform({
  id: 'breaker',
  description: 'test',
  docs,
  options: {},
  transform(ctx) {
    if (ctx.source.includes('x = 1')) ctx.report({ offset: 0, message: 'break', fix: [{ start: 0, end: 0, text: 'def (' }] });
  },
});

const crasher = defineTransform({
  id: 'crasher',
  description: 'test',
  docs,
  options: {},
  transform(ctx) {
    ctx.report({ node: ctx.root.descendantsOfType('identifier')[0]!, message: 'looked here' });
    throw new Error('boom');
  },
});

/** Turns `x = 1` into `x = 2`, once. */
const cycleOnce = defineTransform({
  id: 'once',
  description: 'test',
  docs,
  options: {},
  transform(ctx) {
    const at = ctx.source.indexOf('x = 1');
    if (at >= 0) ctx.report({ offset: at, message: 'once', fix: [{ start: at + 4, end: at + 5, text: '2' }] });
  },
});

const run = (source: string, transforms: AnyTransform[]) => transformSourceWith(source, { transforms });

describe('the fix loop', () => {
  it('applies non-conflicting fixes and reports each applied edit with its line', async () => {
    const r = await run('a = 1\nc = a\n', [renameAtoB]);
    expect(r).toMatchObject({ kind: 'ok', output: 'b = 1\nc = b\n', passes: 1 });
    if (r.kind === 'ok') expect(r.edits.map((e) => [e.transform, e.line, e.column])).toEqual([['rename-a-b', 1, 1], ['rename-a-b', 2, 5]]);
  });

  it('defers a conflicting fix to the next pass and converges', async () => {
    const r = await run('a = 1\n', [wrapAndRename, renameAtoB]);
    expect(r).toMatchObject({ kind: 'ok', output: '# wrapped\nb = 1\n' });
    if (r.kind === 'ok') expect(r.passes).toBe(2);
  });

  it('reports a cycle and leaves the file untouched', async () => {
    const r = await run('x = 1\n', [cycle]);
    expect(r.kind).toBe('failed');
    if (r.kind === 'failed') expect(r.message).toMatch(/cycle/);
  });

  it('refuses a rewrite that would not parse, naming the transform', async () => {
    const r = await run('x = 1\n', [breaker]);
    expect(r).toMatchObject({ kind: 'failed', transformId: 'breaker' });
    if (r.kind === 'failed') expect(r.message).toMatch(/would not parse/);
  });

  it('never rewrites a file with a syntax error, and says where it is', async () => {
    const r = await run('a = 1\ndef f(:\n    pass\n', [renameAtoB]);
    expect(r).toMatchObject({ kind: 'syntax-error', line: 2 });
  });

  it('turns a transform crash into a failure with the transform id and the last line it reported', async () => {
    const r = await run('x = 1\nname = 2\n', [crasher]);
    expect(r).toMatchObject({ kind: 'failed', transformId: 'crasher', line: 1 });
    if (r.kind === 'failed') expect(r.message).toMatch(/boom/);
  });

  it('keeps a BOM and edits after non-ASCII text in the right place', async () => {
    const r = await run('\uFEFFs = "é😀"; a = 1\n', [renameAtoB]);
    expect(r).toMatchObject({ kind: 'ok', output: '\uFEFFs = "é😀"; b = 1\n' });
  });
});

describe('transforms that settle in one pass', () => {
  /** Renames `a` to `b` and counts its runs; `settles` sets settlesInOnePass. */
  function counting(settles: boolean, id = 'count') {
    const calls = { n: 0 };
    const transform = defineTransform({
      id,
      description: 'test',
      docs,
      options: {},
      settlesInOnePass: settles,
      transform(ctx) {
        calls.n++;
        renameAtoB.transform(ctx as never);
      },
    });
    // ctx.report tags each fix with the id of the transform being run, so these fixes count as this one's.
    return { transform, calls };
  }

  it('end the fix loop without a confirmation pass', async () => {
    const settled = counting(true);
    expect(await run('def f():\n    a = 1\n    return a\n', [settled.transform])).toMatchObject({ kind: 'ok', output: 'def f():\n    b = 1\n    return b\n', passes: 1 });
    expect(settled.calls.n).toBe(1);
    const plain = counting(false);
    await run('def f():\n    a = 1\n    return a\n', [plain.transform]);
    expect(plain.calls.n).toBe(2);
  });

  it('still get a confirmation pass when another transform changed the file or a fix had to wait', async () => {
    const settled = counting(true);
    await run('a = 1\nx = 1\n', [settled.transform, cycleOnce]);
    expect(settled.calls.n).toBe(2);
    const waiting = counting(true);
    expect(await run('a = 1\n', [wrapAndRename, waiting.transform])).toMatchObject({ kind: 'ok', output: '# wrapped\nb = 1\n' });
    expect(waiting.calls.n).toBeGreaterThanOrEqual(2);
  });

  it("settle 'among-built-ins' only in a run of built-ins alone (a plugin or rule may look for what they add)", async () => {
    const builtIn = () => {
      const c = counting(true, 'count-built-in');
      const transform = markBuiltIns([{ ...c.transform, settlesInOnePass: 'among-built-ins' as const }])[0]!;
      return { transform, calls: c.calls };
    };
    const source = 'def f():\n    a = 1\n    return a\n';
    const alone = builtIn();
    expect(await run(source, [alone.transform])).toMatchObject({ kind: 'ok', output: 'def f():\n    b = 1\n    return b\n', passes: 1 });
    expect(alone.calls.n).toBe(1);
    // The same transform beside one that is not a built-in (found nothing, but might have): confirmed.
    const withPlugin = builtIn();
    const plugin = defineTransform({ id: 'finds-nothing', description: 'test', docs, options: {}, transform() {} });
    expect(await run(source, [withPlugin.transform, plugin])).toMatchObject({ kind: 'ok', output: 'def f():\n    b = 1\n    return b\n', passes: 1 });
    expect(withPlugin.calls.n).toBe(2);
    // Not marked as a built-in: the promise does not count at all.
    const unmarked = counting(true, 'unmarked');
    await run(source, [{ ...unmarked.transform, settlesInOnePass: 'among-built-ins' }]);
    expect(unmarked.calls.n).toBe(2);
  });

  it('are still refused when their rewrite would not parse', async () => {
    const settledBreaker = defineTransform({ ...breaker, settlesInOnePass: true });
    expect(await run('def f():\n    x = 1\n', [settledBreaker])).toMatchObject({ kind: 'failed', transformId: 'breaker' });
  });
});

describe('suppression comments', () => {
  it('`# pycodemod: skip` skips the statement on its line and reports the skip', async () => {
    const r = await run('a = 1  # pycodemod: skip\nc = a\n', [renameAtoB]);
    expect(r).toMatchObject({ kind: 'ok', output: 'a = 1  # pycodemod: skip\nc = b\n' });
    if (r.kind === 'ok') expect(r.skips).toMatchObject([{ transformId: 'rename-a-b', line: 1, reason: expect.stringMatching(/pycodemod: skip/) }]);
  });

  it('`# pycodemod: skip[ids]` only skips the transforms listed', async () => {
    const other = await run('a = 1  # pycodemod: skip[group-imports]\n', [renameAtoB]);
    expect(other).toMatchObject({ output: 'b = 1  # pycodemod: skip[group-imports]\n' });
    const listed = await run('a = 1  # pycodemod: skip[rename-a-b]\n', [renameAtoB]);
    expect(listed).toMatchObject({ output: 'a = 1  # pycodemod: skip[rename-a-b]\n' });
  });

  it('covers every line of a multi-line statement whose last line carries the comment', async () => {
    const src = 'f(\n    a,\n)  # pycodemod: skip\n';
    expect(await run(src, [renameAtoB])).toMatchObject({ output: src });
  });

  it('skips only the header of a compound statement', async () => {
    const r = await run('def f(a):  # pycodemod: skip\n    return a\n', [renameAtoB]);
    expect(r).toMatchObject({ output: 'def f(a):  # pycodemod: skip\n    return b\n' });
  });

  it('a comment on a line of its own suppresses nothing', async () => {
    expect(await run('# pycodemod: skip\na = 1\n', [renameAtoB])).toMatchObject({ output: '# pycodemod: skip\nb = 1\n' });
  });

  it('`# pycodemod: skip-file` in the first comment block skips the file; later it does not', async () => {
    expect(await run('#!/usr/bin/env python\n# pycodemod: skip-file\na = 1\n', [renameAtoB])).toMatchObject({ output: '#!/usr/bin/env python\n# pycodemod: skip-file\na = 1\n' });
    expect(await run('# pycodemod: skip-file[rename-a-b]\na = 1\n', [renameAtoB])).toMatchObject({ output: '# pycodemod: skip-file[rename-a-b]\na = 1\n' });
    expect(await run('# pycodemod: skip-file[other]\na = 1\n', [renameAtoB])).toMatchObject({ output: '# pycodemod: skip-file[other]\nb = 1\n' });
    expect(await run('a = 1\n# pycodemod: skip-file\n', [renameAtoB])).toMatchObject({ output: 'b = 1\n# pycodemod: skip-file\n' });
  });
});

describe('Python 2 files', () => {
  it('are syntax errors at the first print or exec statement, even though tree-sitter parses them', async () => {
    const r = await run('import os\nx = 1\nprint "hello", x\nexec "y = 2"\n', [renameAtoB]);
    expect(r).toMatchObject({ kind: 'syntax-error', line: 3, column: 1, message: expect.stringMatching(/Python 2 print statement/) });
    const e = await run('exec "code" in ns\n', [renameAtoB]);
    expect(e).toMatchObject({ kind: 'syntax-error', line: 1, message: expect.stringMatching(/Python 2 exec statement/) });
  });

  it('print() calls, names containing print, and `print >>f, x` (a Python 3 expression) are Python 3', async () => {
    expect(await run('a = 1\nprint(a)\nprinter = exec_ = 2\nprint >> sys.stderr, "m"\n', [renameAtoB])).toMatchObject({ kind: 'ok' });
  });
});

describe('the confirmation pass and Transform.unaffectedBy', () => {
  /** Renames identifiers `from` to `to`, skips every `keep` (so its text check keeps saying "maybe"), and counts its runs. */
  const renamer = (id: string, from: string, to: string, unaffectedBy?: string[]) => {
    const t = defineTransform({
      id,
      description: 'test',
      docs,
      options: {},
      unaffectedBy,
      mayApply: (source) => new RegExp(`\\b(?:${from}|keep)\\b`).test(source),
      transform(ctx) {
        t.runs++;
        for (const n of ctx.root.descendantsOfType('identifier')) {
          if (n?.text === from) ctx.report({ node: n, message: `${from} -> ${to}`, fix: [{ start: n.startIndex, end: n.endIndex, text: to }] });
          else if (n?.text === 'keep') ctx.skip(n, 'kept');
        }
      },
    }) as AnyTransform & { runs: number };
    t.runs = 0;
    return t;
  };
  const source = 'a = 1\nkeep = 2\nc = 3\n';

  it('runs none for a transform whose fixes and those of the transforms it lists leave it nothing', async () => {
    const upper = renamer('upper', 'a', 'A', ['lower']);
    const lower = renamer('lower', 'c', 'C', ['upper']);
    expect(await run(source, [upper, lower])).toMatchObject({ kind: 'ok', output: 'A = 1\nkeep = 2\nC = 3\n', passes: 1 });
    expect([upper.runs, lower.runs]).toEqual([1, 1]);
  });

  it('runs one when a transform says "maybe" and another one, not on its list, made fixes in the pass', async () => {
    for (const [upper, lower] of [
      [renamer('upper', 'a', 'A'), renamer('lower', 'c', 'C', ['upper'])],
      [renamer('upper', 'a', 'A', ['someone-else']), renamer('lower', 'c', 'C', ['upper'])],
    ]) {
      expect(await run(source, [upper!, lower!])).toMatchObject({ kind: 'ok', output: 'A = 1\nkeep = 2\nC = 3\n' });
      expect([upper!.runs, lower!.runs]).toEqual([2, 2]);
    }
    // Alone, its own fixes are covered by the promise.
    const alone = renamer('upper', 'a', 'A', []);
    await run(source, [alone]);
    expect(alone.runs).toBe(1);
  });
});
