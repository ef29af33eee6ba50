// Unit tests for print-to-logging: the skip reasons users see, Python 2 files (which python3 cannot
// parse, so they cannot be fixtures), and the printf translation table.
import { describe, expect, it } from 'vitest';
import { builtinTransforms } from '../transforms/index.js';
import { transformSourceWith } from '../src/core/transform-source.js';
import { printfDirective, NESTED } from '../src/core/python/string-format/format-spec.js';

const transform = builtinTransforms.find((t) => t.id === 'print-to-logging')!;

async function run(source: string, options: Record<string, unknown> = {}, path = 'pkg/mod.py') {
  const { path: p = path, ...rest } = options as { path?: string };
  const r = await transformSourceWith(source, { path: p, transforms: [transform], settings: { transformOptions: { 'print-to-logging': rest } } });
  if (r.kind !== 'ok') throw new Error(JSON.stringify(r));
  return { output: r.output, skips: r.skips.map((s) => `${s.line}: ${s.reason}`) };
}

describe('print-to-logging', () => {
  it('leaves a Python 2 file alone: the engine reports it as a syntax error at its first print statement', async () => {
    const source = 'import sys\nprint "hello"\nprint >>sys.stderr, "error"\nprint("a", "b")\n';
    const r = await transformSourceWith(source, { path: 'pkg/mod.py', transforms: [transform] });
    expect(r).toMatchObject({ kind: 'syntax-error', line: 2, column: 1, message: expect.stringMatching(/Python 2 print statement/) });
  });

  it('names the reason for every print it leaves', async () => {
    const source = [
      'import sys',
      'def f(x, out, opts, joiner):',
      '    print(x, end="")',
      '    print(x, file=out)',
      '    print(x, sep=joiner)',
      '    print(x, **opts)',
      '    print(x, flush=out.flush())',
      '    print(',
      '        x,',
      '        sep="",  # one',
      '        end="\\n",  # two',
      '    )',
      '',
    ].join('\n');
    const { skips } = await run(source);
    expect(skips).toEqual([
      '3: `end=` is not "\\n": the output would change',
      '4: `file=` is not sys.stdout or sys.stderr',
      '5: `sep=` is not a string literal',
      '6: `**kwargs` in the call: the keywords print receives are unknown',
      '7: `flush=` is an expression whose evaluation would be lost',
      '8: comments inside the call cannot be kept',
    ]);
  });

  it('skips the whole file when the logger name is taken', async () => {
    const { output, skips } = await run('logger = object()\n\ndef f():\n    print("x")\n');
    expect(output).toBe('logger = object()\n\ndef f():\n    print("x")\n');
    expect(skips).toEqual(['4: the name `logger` is already bound at module level to something that is not a logger']);
  });

  it('leaves __main__ code alone by default and says so', async () => {
    const main = await run('print("hi")\n', { path: 'tool/__main__.py' });
    expect(main.skips).toEqual(['1: in a __main__.py file (user-facing output; set include-main to rewrite)']);
    const guarded = await run('if __name__ == "__main__":\n    print("hi")\n');
    expect(guarded.output).toBe('if __name__ == "__main__":\n    print("hi")\n');
    expect(guarded.skips).toEqual(['2: in an `if __name__ == "__main__":` block (user-facing output; set include-main to rewrite)']);
  });

  it('does not treat print as the builtin under a wildcard import from outside the stdlib', async () => {
    expect((await run('from rich import *\nprint("x")\n')).skips).toEqual([
      '2: a wildcard import (not from the standard library) may rebind `print`',
    ]);
    expect((await run('from .constants import *\nprint("x")\n')).skips).toHaveLength(1);
  });

  it('rewrites under a stdlib wildcard import unless the module uses the names it would add', async () => {
    const { output } = await run('from tkinter import *\n\nprint("x")\n');
    expect(output).toBe('import logging\nfrom tkinter import *\n\nlogger = logging.getLogger(__name__)\n\nlogger.info("x")\n');
    const uses = await run('from tkinter import *\n\nprint("x")\nlogger.warning("y")\n');
    expect(uses.skips).toEqual(['3: a wildcard import may bind `logger` or `logging`']);
  });

  it('leaves a print inside an f-string field alone', async () => {
    const { output, skips } = await run('x = f"{print(\'a\')}"\n');
    expect(output).toBe('x = f"{print(\'a\')}"\n');
    expect(skips).toEqual(['1: inside an f-string field']);
  });

  it('rewrites a nested print in a later pass', async () => {
    const { output } = await run('import logging\nlogger = logging.getLogger(__name__)\nprint(print("x"))\n');
    expect(output).toBe('import logging\nlogger = logging.getLogger(__name__)\nlogger.info("%s", logger.info("x"))\n');
  });
});

describe('printf translation of format specs', () => {
  const cases: [string, string | null, string | null][] = [
    ['', null, '%s'],
    ['', 'r', '%r'],
    ['.2f', null, '%.2f'],
    ['05d', null, '%05d'],
    ['>8', null, '%8s'],
    ['<8', null, '%-8s'],
    ['8', null, null], // strings pad right, numbers left: ambiguous
    ['8', 'r', '%-8r'],
    ['x', null, '%x'],
    ['#X', null, '%#X'],
    ['+.1e', null, '%+.1e'],
    ['.3', null, null], // significant digits for floats, truncation for str
    ['.3s', null, '%.3s'],
    [',', null, null],
    ['^9', null, null],
    ['*<6', null, null],
    ['<05d', null, null], // format() pads with zeros on the right here
    ['.1%', null, null],
    ['b', null, null],
    [`>${NESTED}`, null, '%*s'],
    [`.${NESTED}f`, null, '%.*f'],
  ];
  for (const [spec, conversion, expected] of cases) {
    it(`{x${conversion ? `!${conversion}` : ''}:${spec.replace(NESTED, '{w}')}} -> ${expected}`, () => {
      expect(printfDirective(spec, conversion)?.text ?? null).toBe(expected);
    });
  }
});

describe('print-to-logging options', () => {
  it('refuses a logger-name that is not an identifier', async () => {
    const { output, skips } = await run('print("x")\n', { 'logger-name': 'my logger' });
    expect(output).toBe('print("x")\n');
    expect(skips).toEqual(['1: option logger-name `my logger` is not a Python identifier']);
  });
});
