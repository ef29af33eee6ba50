// A worker whose files have a time limit wraps each transform to note in shared memory that it runs
// (runner/workers/note-progress.ts). The wrapper must leave the transform doing exactly the work it does
// on the main thread: a built-in stays a built-in (its one-pass promise among the built-ins holds), and
// the hooks of a plugin written as a class (on its prototype) still run.
import { describe, expect, it } from 'vitest';
import { noted } from '../src/runner/workers/note-progress.js';
import { isBuiltIn, markBuiltIns } from '../src/core/built-in.js';
import { transformSourceWith } from '../src/core/transform-source.js';
import { builtinTransforms } from '../transforms/index.js';
import { defaultSettings } from '../src/core/settings.js';
import type { AnyTransform, TransformContext } from '../src/core/types.js';

const RAISE = 'try:\n    pass\nexcept OSError as err:\n    raise ValueError("x")\n';
const RAISED_FROM = 'try:\n    pass\nexcept OSError as err:\n    raise ValueError("x") from err\n';
const raiseFrom = builtinTransforms.find((t) => t.id === 'raise-from')!;
const docs = { whatItDoes: '', why: '', example: { before: '', after: '' }, semantics: '' };

describe('a transform noting its progress in a worker', () => {
  it('stays a built-in, so raise-from settles in one pass as on the main thread', async () => {
    const progress = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
    expect(isBuiltIn(noted(raiseFrom, 0, 0, progress))).toBe(true);

    // raise-from as the registry has it, counting its calls and what the progress says while it runs.
    let calls = 0;
    const during: number[][] = [];
    const counting: AnyTransform = {
      ...raiseFrom,
      transform(ctx) {
        calls++;
        during.push([...progress]);
        raiseFrom.transform.call(raiseFrom, ctx);
      },
    };
    const counted = markBuiltIns([counting])[0]!;

    const inProcess = await transformSourceWith(RAISE, { transforms: [counted] });
    expect(inProcess).toMatchObject({ kind: 'ok', output: RAISED_FROM, passes: 1 });
    const mainThreadCalls = calls;
    expect(mainThreadCalls).toBe(1); // no confirmation pass

    calls = 0;
    const inWorker = await transformSourceWith(RAISE, { transforms: [noted(counted, 2, 1, progress)] });
    expect(inWorker).toMatchObject({ kind: 'ok', output: RAISED_FROM, passes: 1 });
    expect(calls).toBe(mainThreadCalls);
    // While it ran: [file (the task loop's, untouched here), transform 2 + 1, configuration 1]; 0 after.
    expect(during.at(-1)).toEqual([0, 3, 1]);
    expect(Atomics.load(progress, 1)).toBe(0);
  });

  it('a plugin is not made a built-in', () => {
    const progress = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
    const plugin: AnyTransform = { id: 'plain', description: 'x', docs, options: {}, transform: () => {} };
    expect(isBuiltIn(noted(plugin, 0, 0, progress))).toBe(false);
  });

  it('keeps the appliesTo and mayApply a plugin class defines on its prototype, run on the instance', async () => {
    class OnlyA {
      id = 'only-a';
      description = 'runs on a.py, on sources that mention x';
      docs = docs;
      options = {};
      runs: string[] = [];
      asked: string[] = [];
      appliesTo(path: string): boolean {
        this.asked.push(path);
        return path.endsWith('a.py');
      }
      mayApply(source: string): boolean {
        return source.includes('x');
      }
      transform(ctx: TransformContext): void {
        this.runs.push(ctx.path);
      }
    }
    const progress = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
    const plugin = new OnlyA();
    const wrapped = noted(plugin as AnyTransform, 0, 0, progress);
    expect(wrapped.appliesTo?.('pkg/b.py')).toBe(false);
    expect(wrapped.mayApply?.('y = 1\n', { path: 'pkg/a.py', options: {}, settings: defaultSettings() })).toBe(false);
    expect(plugin.asked).toEqual(['pkg/b.py']);

    // In the engine: not run on b.py, nor on a source without x; run on a.py with x.
    for (const [path, source] of [['pkg/b.py', 'x = 1\n'], ['pkg/a.py', 'y = 1\n'], ['pkg/a.py', 'x = 1\n']] as const)
      expect(await transformSourceWith(source, { path, transforms: [wrapped] })).toMatchObject({ kind: 'ok', output: source });
    expect(plugin.runs).toEqual(['pkg/a.py']);
  });
});
