// Behaviour tests for the examples: the original and the rewritten program run with python3.
// rename-function must not change what a program does (new_api.get is a drop-in for old_api.fetch here),
// and must really call the new function; datetime-utcnow changes only what its docs say (naive -> aware,
// same wall-clock time), and nothing with `naive = true`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { transformSource, type AnyTransform } from 'pycodemod';
import datetimeUtcnow from './datetime-utcnow.js';
import renameFunction from './rename-function.js';

const work = mkdtempSync(join(tmpdir(), 'pycodemod-examples-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs `program` as main.py beside `modules`; stdout and stderr. */
function python(program: string, modules: Record<string, string> = {}): { stdout: string; stderr: string } {
  for (const [name, text] of Object.entries({ ...modules, 'main.py': program })) writeFileSync(join(work, name), text);
  const r = spawnSync('python3', ['main.py'], { cwd: work, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python3 failed:\n${r.stderr}\n--- program:\n${program}`);
  return { stdout: r.stdout, stderr: r.stderr };
}

async function rewrite(source: string, transform: AnyTransform, options?: Record<string, unknown>): Promise<string> {
  const r = await transformSource(source, { transforms: [transform], ...(options && { options: { [transform.id]: options } }) });
  if (!r.ok) throw new Error(r.error.message);
  expect(r.changed, 'the rewrite changed nothing').toBe(true);
  return r.output;
}

// Both functions print the same thing; each leaves its own mark on stderr.
const API = {
  'old_api.py': 'import sys\ndef fetch(u):\n    print("old_api.fetch", file=sys.stderr)\n    return f"page {u}"\ndef post(u):\n    return f"posted {u}"\n',
  'new_api.py': 'import sys\ndef get(u):\n    print("new_api.get", file=sys.stderr)\n    return f"page {u}"\n',
};

const PROGRAMS: Record<string, string> = {
  'every use form': [
    'from old_api import fetch',
    'import old_api',
    'import old_api as api',
    'handlers = {"f": fetch}',
    'class Client:',
    '    load = staticmethod(fetch)',
    'def outer():',
    '    f = fetch',
    '    def inner():',
    '        nonlocal f',
    '        return f("nested")',
    '    return inner()',
    'print(fetch("a"), handlers["f"]("b"), Client.load("c"), outer())',
    'print([fetch(x) for x in "de"], (lambda u: fetch(u))("f"))',
    'print(old_api.fetch("g"), api.fetch("h"), old_api.post("i"))',
    '',
  ].join('\n'),
  'the new name is taken': [
    'from old_api import fetch',
    'def get(u):',
    '    return "a local get " + u',
    'print(get("x"), fetch("y"))',
    '',
  ].join('\n'),
  'a class attribute of the same name, read before it is bound': [
    'from old_api import fetch',
    'class Client:',
    '    fetch = staticmethod(fetch)',
    'print(Client.fetch("c"), fetch("d"))',
    '',
  ].join('\n'),
  'rebound through `global`': [
    'from old_api import fetch',
    'def patch():',
    '    global fetch',
    '    original = fetch',
    '    fetch = lambda u: "patched " + original(u)',
    'print(fetch("a"))',
    'patch()',
    'print(fetch("b"))',
    '',
  ].join('\n'),
  'an import in a function, a parameter of the same name elsewhere': [
    'def load(u):',
    '    from old_api import fetch',
    '    return fetch(u)',
    'def other(fetch):',
    '    return fetch("p")',
    'print(load("q"), other(str.upper))',
    '',
  ].join('\n'),
};

describe('rename-function keeps behaviour', () => {
  for (const [name, program] of Object.entries(PROGRAMS)) {
    it(name, async () => {
      const before = python(program, API);
      const after = python(await rewrite(program, renameFunction), API);
      expect(after.stdout).toBe(before.stdout);
      // Every call now reaches new_api.get, none old_api.fetch.
      const calls = (text: string, mark: string) => text.split('\n').filter((l) => l === mark).length;
      expect(calls(after.stderr, 'new_api.get')).toBe(calls(before.stderr, 'old_api.fetch'));
      expect(calls(after.stderr, 'old_api.fetch')).toBe(0);
    });
  }
});

const CLOCK = [
  'import datetime as dtm',
  'from datetime import datetime',
  '',
  'def report(label, value):',
  '    drift = abs((value.replace(tzinfo=None) - dtm.datetime.now(dtm.timezone.utc).replace(tzinfo=None)).total_seconds())',
  '    print(label, type(value).__name__, value.tzinfo, drift < 5)',
  '',
  'report("now", datetime.utcnow())',
  'report("module", dtm.datetime.utcnow())',
  'report("epoch", datetime.utcfromtimestamp(0) + (datetime.utcnow() - datetime.utcfromtimestamp(0)))',
  '',
].join('\n');

describe('datetime-utcnow changes only what its docs say', () => {
  it('by default: the same wall-clock time, now aware (tzinfo UTC)', async () => {
    const before = python(CLOCK).stdout;
    const after = python(await rewrite(CLOCK, datetimeUtcnow)).stdout;
    expect(before).toBe('now datetime None True\nmodule datetime None True\nepoch datetime None True\n');
    expect(after).toBe('now datetime UTC True\nmodule datetime UTC True\nepoch datetime UTC True\n');
  });

  it('with naive = true: nothing changes', async () => {
    const after = python(await rewrite(CLOCK, datetimeUtcnow, { naive: true })).stdout;
    expect(after).toBe(python(CLOCK).stdout);
  });

  it('mixing the aware result with a naive value is the TypeError the docs warn about', async () => {
    const program = 'from datetime import datetime\nstart = datetime(2020, 1, 1)\nprint((datetime.utcnow() - start).days > 0)\n';
    expect(python(program).stdout).toBe('True\n');
    expect(() => python(program.replace('utcnow()', 'now(timezone.utc)').replace('import datetime', 'import datetime, timezone'))).toThrow(
      /TypeError: can't subtract offset-naive and offset-aware datetimes/,
    );
    // The transform's own output is that second program.
    expect(await rewrite(program, datetimeUtcnow)).toBe(program.replace('utcnow()', 'now(timezone.utc)').replace('import datetime', 'import datetime, timezone'));
  });
});
