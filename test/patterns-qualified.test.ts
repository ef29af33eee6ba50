// --qualified: names in the pattern match by what they resolve to through imports, never a local that
// happens to share the name; the replacement's names are written as each file refers to them.
import { describe, expect, it } from 'vitest';
import { applyRule, rewrite } from './helpers/patterns.js';

const lines = async (source: string) => {
  const out = await applyRule({ pattern: 'datetime.datetime.utcnow()', qualified: true }, source);
  if (out.kind !== 'ok') throw new Error(out.kind);
  return out.findings.map((f) => f.line);
};

describe('--qualified matching', () => {
  it('follows aliases and from-imports, and skips locals of the same name', async () => {
    const src = [
      'import datetime as dt', //                                       1
      'from datetime import datetime', //                               2
      'a = dt.datetime.utcnow()', //                                    3 match
      'b = datetime.utcnow()', //                                       4 match
      'def p(datetime):', //                                            5
      '    return datetime.utcnow()', //                                6 a parameter
      'def q():', //                                                    7
      '    datetime = make()', //                                       8
      '    return datetime.utcnow()', //                                9 a local
      'c = [datetime.utcnow() for datetime in xs]', //                 10 a comprehension variable
      'class C:', //                                                   11
      '    datetime = 1', //                                           12
      '    x = datetime.utcnow()', //                                  13 the class attribute
      '    def m(self):', //                                           14
      '        return datetime.utcnow()', //                           15 match: class scope is not visible
      '',
    ].join('\n');
    expect(await lines(src)).toEqual([3, 4, 15]);
  });

  it('gives up on a name any binding form may rebind: global, del, walrus, match capture, wildcard import', async () => {
    const cases = [
      'from datetime import datetime\ndef r():\n    global datetime\n    datetime = other()\nb = datetime.utcnow()\n',
      'from datetime import datetime\ndel datetime\nb = datetime.utcnow()\n',
      'from datetime import datetime\nif (datetime := 3):\n    pass\nb = datetime.utcnow()\n',
      'from datetime import datetime\nmatch v:\n    case datetime:\n        pass\nb = datetime.utcnow()\n',
      'from datetime import *\nb = datetime.utcnow()\n',
      'from datetime import datetime\nfor datetime in xs:\n    pass\nb = datetime.utcnow()\n',
      'from datetime import datetime\nwith f() as datetime:\n    pass\nb = datetime.utcnow()\n',
      'from datetime import datetime\ntry:\n    pass\nexcept E as datetime:\n    pass\nb = datetime.utcnow()\n',
    ];
    for (const c of cases) expect(await lines(c), c).toEqual([]);
  });

  it('sees imports inside functions and under TYPE_CHECKING', async () => {
    expect(await lines('def f():\n    import datetime\n    return datetime.datetime.utcnow()\nb = datetime.datetime.utcnow()\n')).toEqual([3]);
  });

  it('matches a builtin only where nothing rebinds it', async () => {
    const out = await applyRule({ pattern: 'open($F)', qualified: true }, 'open(a)\ndef f(open):\n    open(b)\n');
    if (out.kind !== 'ok') throw new Error(out.kind);
    expect(out.findings.map((f) => f.line)).toEqual([1]);
    const shadowed = await applyRule({ pattern: 'open($F)', qualified: true }, 'from io import *\nopen(a)\n');
    if (shadowed.kind !== 'ok') throw new Error(shadowed.kind);
    expect(shadowed.findings).toEqual([]);
  });
});

describe('--qualified rewriting', () => {
  const rule = {
    pattern: 'datetime.datetime.utcnow()',
    rewrite: 'datetime.datetime.now(datetime.timezone.utc)',
    qualified: true,
    imports: ['from datetime import timezone'],
  };

  it("writes the replacement's names in each file's spelling", async () => {
    expect(await rewrite(rule, 'import datetime as dt\nx = dt.datetime.utcnow()\n')).toBe('import datetime as dt\nx = dt.datetime.now(dt.timezone.utc)\n');
    expect(await rewrite(rule, 'import datetime\nx = datetime.datetime.utcnow()\n')).toBe('import datetime\nx = datetime.datetime.now(datetime.timezone.utc)\n');
    // `datetime` is the class here: `datetime.timezone` would be wrong; the rule's import serves.
    expect(await rewrite(rule, 'from datetime import datetime\nx = datetime.utcnow()\n')).toBe('from datetime import datetime, timezone\nx = datetime.now(timezone.utc)\n');
  });

  it('imports under another name where the plain one is taken, and leaves a match alone it cannot spell', async () => {
    expect(await rewrite(rule, 'from datetime import datetime\ndef f(timezone):\n    return datetime.utcnow()\n')).toBe(
      'from datetime import datetime, timezone as datetime_timezone\ndef f(timezone):\n    return datetime.now(datetime_timezone.utc)\n',
    );
    const noImports = { ...rule, imports: [] };
    const src = 'from datetime import datetime\nx = datetime.utcnow()\n';
    const out = await applyRule(noImports, src);
    if (out.kind !== 'ok') throw new Error(out.kind);
    expect(out.output).toBe(src);
    expect(out.skips.map((s) => `${s.line}: ${s.reason}`)).toEqual([
      "2: the rewrite refers to `datetime.timezone.utc`, which this file cannot name here (no import of it; add one to the rule's `imports`)",
    ]);
  });
});
