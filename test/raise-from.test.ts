// raise-from: the reasons it gives, and python3 behaviour: run each handler before and after the rewrite
// and compare the raised exception's chain. The only differences allowed are the documented ones:
// `__cause__` becomes the handled exception (style cause) and `__suppress_context__` becomes True,
// `__context__` stays the same object, and the printed chain says "direct cause" instead of "During handling".
import { describe, expect, it } from 'vitest';
import { runPython, runTransform } from './helpers/transform.js';

const PROGRAM = String.raw`
import json
import traceback


class AppError(Exception):
    pass


def named():
    try:
        {}["k"]
    except KeyError as err:
        raise AppError(f"missing {err}")


def unnamed():
    try:
        int("x")
    except (TypeError, ValueError):
        raise AppError("not a number")


def bare():
    try:
        1 / 0
    except:
        raise AppError("bare")


def chained_inside():
    # The handled exception has a context of its own: still shown above it.
    try:
        try:
            [][0]
        except IndexError:
            {}["k"]
    except KeyError as err:
        raise AppError("inner chain")


def in_loop():
    for i in range(3):
        try:
            if i == 2:
                raise OSError(i)
        except OSError:
            if i == 2:
                raise AppError("third")


def after_nested_handler():
    # A nested handler ran and finished: the handled exception is the outer one again.
    try:
        json.loads("{")
    except ValueError as err:
        try:
            {}["k"]
        except KeyError:
            pass
        raise AppError("after nested")


def nested_handler():
    try:
        json.loads("{")
    except ValueError:
        try:
            {}["k"]
        except KeyError:
            raise AppError("from the nested handler")


def class_raised():
    try:
        {}["k"]
    except KeyError:
        raise AppError


def star():
    try:
        raise ExceptionGroup("g", [ValueError(1), OSError(2)])
    except* ValueError as group:
        raise AppError("star")


def describe(e):
    fields = {
        "type": type(e).__name__,
        "cause": type(e.__cause__).__name__ if e.__cause__ else None,
        "cause_is_context": e.__cause__ is not None and e.__cause__ is e.__context__,
        "context": type(e.__context__).__name__ if e.__context__ else None,
        "suppress": e.__suppress_context__,
        "text": "".join(traceback.format_exception(e, limit=0)),
    }
    if isinstance(e, BaseExceptionGroup):
        fields["members"] = [describe(m) for m in e.exceptions]
    return fields


for case in [named, unnamed, bare, chained_inside, in_loop, after_nested_handler, nested_handler, class_raised, star]:
    try:
        case()
    except BaseException as e:
        print(json.dumps({"case": case.__name__, **describe(e)}))
`;

interface Described {
  case?: string;
  type: string;
  cause: string | null;
  cause_is_context: boolean;
  context: string | null;
  suppress: boolean;
  text: string;
  members?: Described[];
}

const DURING = 'During handling of the above exception, another exception occurred:';
const CAUSE = 'The above exception was the direct cause of the following exception:';

function results(source: string): Described[] {
  const r = runPython(source);
  expect(r.status, r.output).toBe(0);
  return r.output.trim().split('\n').map((l) => JSON.parse(l) as Described);
}

/** What the documented change makes of the last link of a chain (the one the raise created). */
function chained(before: Described, style: 'cause' | 'none'): Described {
  const last = before.text.lastIndexOf(DURING);
  if (style === 'none') {
    // Only the new exception is printed.
    return { ...before, suppress: true, text: before.text.slice(last + DURING.length).replace(/^\n\n/, '') };
  }
  return {
    ...before,
    cause: before.context,
    cause_is_context: true,
    suppress: true,
    text: before.text.slice(0, last) + CAUSE + before.text.slice(last + DURING.length),
  };
}

describe('raise-from', () => {
  for (const style of ['cause', 'none'] as const) {
    it(`style ${style}: each raised exception changes only as documented (python3)`, async () => {
      const { output, skips } = await runTransform('raise-from', PROGRAM, { style });
      expect(skips).toEqual([]);
      const before = results(PROGRAM);
      const after = results(output);
      expect(after.map((a) => a.case)).toEqual(before.map((b) => b.case));
      for (let i = 0; i < before.length; i++) {
        const b = before[i]!;
        const a = after[i]!;
        expect(b.cause, b.case).toBeNull();
        expect(b.suppress, b.case).toBe(false);
        if (b.members) {
          // except*: the raised exception is wrapped in a new group; the member carries the chain.
          const [bm, am] = [b.members.find((m) => m.type === 'AppError')!, a.members!.find((m) => m.type === 'AppError')!];
          expect(am, b.case).toEqual(chained(bm, style));
          expect({ ...a, text: '', members: [] }).toEqual({ ...b, text: '', members: [] });
          continue;
        }
        expect(a, b.case).toEqual(chained(b, style));
      }
    });
  }

  it('names what it leaves and why', async () => {
    const source = [
      'def f(tb, pending, wrap):',
      '    try:',
      '        pass',
      '    except OSError as err:',
      '        try:',
      '            pass',
      '        finally:',
      '            raise RuntimeError("x")',
      '    except KeyError as err:',
      '        raise err.with_traceback(tb)',
      '    except IndexError as err:',
      '        raise wrap(err)',
      '    except ValueError as err:',
      '        raise pending',
      '    except TypeError as err:',
      '        err = RuntimeError("replaced")',
      '        raise ValueError("x")',
      '    except ArithmeticError:',
      '        raise ValueError("%(tb)s" % locals())',
      '    except LookupError:',
      '        raise [ValueError("a")][0]',
      '    except AssertionError as err:',
      '        raise err',
      '',
    ].join('\n');
    const { output, skips } = await runTransform('raise-from', source);
    expect(output).toBe(source);
    expect(skips).toEqual([
      '8: raise inside a `finally:` within the handler: the exception in flight there may not be the handled one',
      '10: `err.with_traceback(...)` is read from the handled exception and may return it (`with_traceback` does)',
      '12: `wrap(...)` is a function given the handled exception: it may return that very exception',
      '14: `raise pending`: `pending` may hold the handled exception itself (not a class name)',
      '17: `err` is rebound or deleted inside the handler: `from err` might not name the handled exception',
      '19: the handler calls locals(), vars(), dir(), eval() or exec(), or reads a frame\'s locals, which would see the name added to it',
      '21: the raised expression may be the handled exception itself',
    ]);
  });

  it('the added name clashes with no binding form anywhere in the file', async () => {
    const forms = [
      'global err',
      'def g():\n    err = 1\n    def h():\n        nonlocal err',
      'del err',
      '[err for err in range(3)]',
      'match 1:\n    case err: pass',
      '(err := 1)',
      'import err',
      'from m import err',
      'class err: pass',
      'def f(err=None): pass',
      'lambda err: err',
      'with open("x") as err: pass',
      'for err in []: pass',
      'try:\n    pass\nexcept E as err:\n    pass',
      'type err = int',
      'print(getattr(object, "err", None))',
    ];
    for (const form of forms) {
      const source = `${form}\n\n\ndef f(d):\n    try:\n        return d[0]\n    except KeyError:\n        raise ValueError("x")\n`;
      const { output } = await runTransform('raise-from', source);
      expect(output, form).toContain('    except KeyError as exc:\n        raise ValueError("x") from exc\n');
    }
  });

  it('a module-level handler in a module with a wildcard import gets no added name', async () => {
    const source = 'from errors import *\n\ntry:\n    import x\nexcept ImportError:\n    raise RuntimeError("x")\n';
    const { output, skips } = await runTransform('raise-from', source);
    expect(output).toBe(source);
    expect(skips).toEqual(['6: a module-level handler in a module with a wildcard import: a name added there could delete an imported one']);
  });
});
