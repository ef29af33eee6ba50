// bare-except: the skip reasons, and python3 behaviour: with `BaseException` nothing changes; with
// `Exception` only exceptions outside the Exception hierarchy behave differently (they pass through).
import { describe, expect, it } from 'vitest';
import { runPython, runTransform } from './helpers/transform.js';

// One handler per exception kind, each reporting whether the bare except caught it.
const PROGRAM = `
import asyncio


class Mine(BaseException):
    pass


def trial(exc):
    try:
        try:
            raise exc
        except:
            return "caught"
    except BaseException as escaped:
        return "passed through: " + type(escaped).__name__


def gen():
    try:
        yield 1
    except:
        yield "kept running"


for exc in [ValueError("v"), KeyError("k"), OSError(2, "x"), ExceptionGroup("g", [ValueError()]),
            KeyboardInterrupt(), SystemExit(3), GeneratorExit(), asyncio.CancelledError(), Mine(),
            BaseExceptionGroup("b", [KeyboardInterrupt()])]:
    print(type(exc).__name__, trial(exc))

g = gen()
next(g)
try:
    g.close()
    print("generator closed")
except RuntimeError as e:
    print("RuntimeError:", e)


def cleanup_then_raise():
    try:
        raise KeyboardInterrupt
    except:
        print("cleaned up")
        raise


try:
    cleanup_then_raise()
except BaseException as e:
    print("propagated", type(e).__name__)
`;

describe('bare-except', () => {
  it('names why a handler is left alone', async () => {
    const rebound = await runTransform('bare-except', 'Exception = ValueError\ntry:\n    pass\nexcept:\n    pass\n');
    expect(rebound.skips).toEqual([
      '4: bare except: `Exception` is not the builtin here (rebound by a def, a class, an assignment, an import or a parameter); not rewritten',
    ]);
    const wildcard = await runTransform('bare-except', 'from lib import *\ntry:\n    pass\nexcept:\n    raise\n');
    expect(wildcard.skips).toEqual(['4: bare except: a wildcard import (not from the standard library) may rebind `BaseException`; not rewritten']);
  });

  it('is off by default', async () => {
    const { builtinTransforms } = await import('../transforms/index.js');
    expect(builtinTransforms.find((t) => t.id === 'bare-except')?.enabledByDefault).toBe(false);
  });

  it('with catch = "BaseException" the program behaves exactly the same (python3)', async () => {
    const { output } = await runTransform('bare-except', PROGRAM, { catch: 'BaseException' });
    expect(output).toContain('except BaseException:\n            return "caught"');
    expect(output).not.toMatch(/except:/);
    expect(runPython(output)).toEqual(runPython(PROGRAM));
  });

  it('with Exception only the documented exceptions change: they pass through; a re-raising handler is unchanged (python3)', async () => {
    const { output, messages } = await runTransform('bare-except', PROGRAM);
    expect(messages).toEqual(['13: bare except -> except Exception:', '22: bare except -> except Exception:', '43: bare except that re-raises -> except BaseException:']);
    const before = runPython(PROGRAM).output.split('\n');
    const after = runPython(output).output.split('\n');
    expect(after.length).toBe(before.length);
    const changed = before.map((line, i) => [line, after[i]]).filter(([b, a]) => b !== a);
    expect(changed).toEqual([
      ['KeyboardInterrupt caught', 'KeyboardInterrupt passed through: KeyboardInterrupt'],
      ['SystemExit caught', 'SystemExit passed through: SystemExit'],
      ['GeneratorExit caught', 'GeneratorExit passed through: GeneratorExit'],
      ['CancelledError caught', 'CancelledError passed through: CancelledError'],
      ['Mine caught', 'Mine passed through: Mine'],
      ['BaseExceptionGroup caught', 'BaseExceptionGroup passed through: BaseExceptionGroup'],
      ['RuntimeError: generator ignored GeneratorExit', 'generator closed'],
    ]);
  });
});
