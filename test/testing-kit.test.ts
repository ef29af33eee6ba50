// pycodemod/testing: every check of a fixture case must catch the mistake it is there for.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssertionError } from 'node:assert';
import { afterEach, describe, expect, it } from 'vitest';
import { defineTransform, type Edit } from '../src/index.js';
import {
  checkFixtureCase, defineFixtureTests, parseSkipsFile, readFixtureCases, type FixtureCase, type TestApi,
} from '../src/testing/index.js';

const docs = { whatItDoes: 'test', why: 'test', example: { before: '', after: '' }, semantics: 'none' };

/** `old_name` -> `new_name` everywhere it is an identifier; skips `keep_name` with a reason. */
const rename = defineTransform({
  id: 'rename',
  description: 'old_name -> new_name',
  docs,
  options: { to: { type: 'string', default: 'new_name', description: 'the new name' } },
  transform(ctx) {
    for (const m of ctx.source.matchAll(/\b(old_name|keep_name)\b/g)) {
      const node = ctx.root.descendantForIndex(m.index);
      if (node?.type !== 'identifier') continue;
      if (m[1] === 'keep_name') ctx.skip(node, `\`keep_name\` is kept (option to=${ctx.options.to})`);
      else ctx.report({ node, message: 'renamed', fix: [{ start: node.startIndex, end: node.endIndex, text: ctx.options.to }] });
    }
  },
});

/** Appends a line every time: never settles on a second run. */
const grows = defineTransform({
  id: 'grows',
  description: 'appends',
  docs,
  options: {},
  transform(ctx) {
    if (!ctx.source.includes('# grow')) return;
    const end = ctx.source.length;
    ctx.report({ offset: 0, message: 'grow', fix: [{ start: end, end, text: 'x = 1\n' }] });
  },
});

/**
 * Declares `x` global after the function used it: tree-sitter and pycodemod's own checks accept that,
 * Python's compiler does not ("name 'x' is used prior to global declaration").
 */
const globalAfterUse = defineTransform({
  id: 'global-after-use',
  description: 'global declared after a use',
  docs,
  options: {},
  transform(ctx) {
    const m = /^ {4}pass$/m.exec(ctx.source);
    if (!m) return;
    const fix: Edit[] = [{ start: m.index + 4, end: m.index + 8, text: 'global x' }];
    ctx.report({ offset: m.index + 4, message: 'global', fix });
  },
});

/** Keeps state between files (a real bug): fires on every other call, so a second run changes the output. */
let calls = 0;
const stateful = defineTransform({
  id: 'stateful',
  description: 'fires on odd calls',
  docs,
  options: {},
  transform(ctx) {
    calls++;
    const end = ctx.source.length;
    if (calls % 2 === 1) ctx.report({ offset: 0, message: 'grow', fix: [{ start: end, end, text: 'x = 1\n' }] });
  },
});

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pycodemod-kit-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

async function check(transform: Parameters<typeof checkFixtureCase>[0], files: Record<string, string>, extra: object = {}) {
  const dir = folder(files);
  const cases = readFixtureCases(dir);
  const results = [];
  for (const c of cases) results.push(await checkFixtureCase(transform, c, { dir, ...extra }));
  return results;
}

async function failure(promise: Promise<unknown>): Promise<AssertionError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, 'the check should have failed').toBeInstanceOf(AssertionError);
  return err as AssertionError;
}

describe('checkFixtureCase', () => {
  it('passes a correct case and reports what it produced', async () => {
    const [r] = await check(rename, { 'a.input.py': 'old_name = 1\n', 'a.output.py': 'new_name = 1\n' });
    expect(r!.output).toBe('new_name = 1\n');
    expect(r!.pythonChecked).toBe(true);
  });

  it('compares exactly: a missing final newline or a CRLF difference fails, with actual and expected', async () => {
    const err = await failure(check(rename, { 'a.input.py': 'old_name = 1\n', 'a.output.py': 'new_name = 1' }));
    expect(err.message).toMatch(/does not match .*a\.output\.py/);
    expect(err.actual).toBe('new_name = 1\n');
    expect(err.expected).toBe('new_name = 1');
    await failure(check(rename, { 'a.input.py': 'old_name = 1\r\n', 'a.output.py': 'new_name = 1\n' }));
  });

  it('a case without an output file must not change', async () => {
    await check(rename, { 'same.input.py': 'other = 1\n' });
    const err = await failure(check(rename, { 'changes.input.py': 'old_name = 1\n' }));
    expect(err.message).toMatch(/there is no changes\.output\.py/);
  });

  it("rejects a mayApply that says nothing here where the transform reports a fix or a skip, and parses the case anyway", async () => {
    // Looks only at the start of the file: wrong for a use further down.
    const hasty = { ...rename, mayApply: (source: string) => source.startsWith('old_name') || source.startsWith('keep_name') };
    await check(hasty, { 'a.input.py': 'old_name = 1\n', 'a.output.py': 'new_name = 1\n' });
    const err = await failure(check(hasty, { 'a.input.py': 'x = 1\nold_name = 1\n', 'a.output.py': 'x = 1\nnew_name = 1\n' }));
    expect(err.message).toMatch(/a\.input\.py: mayApply\(\) says the file holds nothing for rename, but the transform reported: renamed/);
    const skipped = await failure(check(hasty, { 'b.input.py': 'x = 1\nkeep_name = 1\n' }));
    expect(skipped.message).toMatch(/reported: `keep_name` is kept/);
    // A case mayApply rightly turns down is still parsed: an input that does not parse fails.
    const broken = await failure(check(hasty, { 'c.input.py': 'def f(:\n' }));
    expect(broken.message).toMatch(/does not parse/);
  });

  it('rejects an output file identical to its input', async () => {
    const err = await failure(check(rename, { 'a.input.py': 'other = 1\n', 'a.output.py': 'other = 1\n' }));
    expect(err.message).toMatch(/identical to its input: delete it/);
  });

  it('rejects a transform whose second run changes its output again', async () => {
    calls = 0;
    const err = await failure(check(stateful, { 'a.input.py': '# s\n', 'a.output.py': '# s\nx = 1\n' }));
    expect(err.message).toMatch(/second run over the output changed it again/);
    expect(err.actual).toBe('# s\nx = 1\nx = 1\n');
    // One that never settles within a run fails there already, with the engine's reason.
    const loops = await failure(check(grows, { 'a.input.py': '# grow\n', 'a.output.py': '# grow\nx = 1\n' }));
    expect(loops.message).toMatch(/the transform failed: no stable result after 10 passes \(grows\)/);
  });

  it('rejects an output Python will not compile though tree-sitter parses it', async () => {
    const err = await failure(check(globalAfterUse, { 'a.input.py': 'def f():\n    x\n    pass\n', 'a.output.py': 'def f():\n    x\n    global x\n' }));
    expect(err.message).toMatch(/python3 rejects the output: SyntaxError: name 'x' is used prior to global declaration/);
    // Not when the input has the same problem already: the output is no worse.
    const broken = 'def g():\n    x\n    global x\n\n\ndef f():\n    x\n';
    await check(globalAfterUse, { 'b.input.py': `${broken}    pass\n`, 'b.output.py': `${broken}    global x\n` });
    // python: false turns the check off; a missing interpreter named explicitly is an error.
    const [r] = await check(globalAfterUse, { 'a.input.py': 'def f():\n    x\n    pass\n', 'a.output.py': 'def f():\n    x\n    global x\n' }, { python: false });
    expect(r!.pythonChecked).toBe(false);
    await expect(check(rename, { 'a.input.py': 'x = 1\n' }, { python: 'no-such-python-here' })).rejects.toThrow(/not found/);
  });

  it('reports an input that does not parse, with its line', async () => {
    const err = await failure(check(rename, { 'a.input.py': 'x = 1\ndef (:\n' }));
    expect(err.message).toMatch(/the input does not parse: 2:/);
  });

  it('checks the first-line comment only when asked', async () => {
    await check(rename, { 'a.input.py': 'x = 1\n' });
    const err = await failure(check(rename, { 'a.input.py': 'x = 1\n' }, { requireFirstLineComment: true }));
    expect(err.message).toMatch(/first line must be a comment/);
    await check(rename, { 'a.input.py': '# covers nothing\nx = 1\n' }, { requireFirstLineComment: true });
  });

  it('passes options and settings from <case>.options.json, validated against the transform', async () => {
    await check(rename, {
      'a.input.py': 'old_name = 1\n',
      'a.options.json': '{ "to": "newer", "target-version": "py312" }',
      'a.output.py': 'newer = 1\n',
    });
    await expect(check(rename, { 'a.input.py': 'old_name = 1\n', 'a.options.json': '{ "too": "x" }' })).rejects.toThrow(
      /unknown option `too` for transform `rename` in .*a\.options\.json/,
    );
    await expect(check(rename, { 'a.input.py': 'old_name = 1\n', 'a.options.json': '{ "to": 3 }' })).rejects.toThrow(/must be a string/);
    await expect(check(rename, { 'a.input.py': 'x\n', 'a.options.json': '{ to: 1 }' })).rejects.toThrow(/not valid JSON/);
    // Options for every case come from the call; the case's file wins.
    await check(rename, { 'a.input.py': 'old_name = 1\n', 'a.output.py': 'via_call = 1\n' }, { transformOptions: { to: 'via_call' } });
  });

  it('checks the skips against <case>.skips.txt: missing, unexpected, column, prefix', async () => {
    const input = '# skips\nkeep_name = 1\nold_name = keep_name\n';
    const output = '# skips\nkeep_name = 1\nnew_name = keep_name\n';
    const reason = '`keep_name` is kept (option to=new_name)';
    await check(rename, { 'a.input.py': input, 'a.output.py': output, 'a.skips.txt': `# the two uses\n2:1: ${reason}\n3: ${reason}\n` });
    await check(rename, { 'a.input.py': input, 'a.output.py': output, 'a.skips.txt': `2: \`keep_name\` is kept...\n3:12: ${reason}\n` });
    const missing = await failure(check(rename, { 'a.input.py': input, 'a.output.py': output, 'a.skips.txt': `2: ${reason}\n` }));
    expect(missing.message).toMatch(/reported, not expected: 3:12: `keep_name`/);
    const wrongColumn = await failure(
      check(rename, { 'a.input.py': input, 'a.output.py': output, 'a.skips.txt': `2:2: ${reason}\n3: ${reason}\n` }),
    );
    expect(wrongColumn.message).toMatch(/expected \(line 1\), not reported: 2:2:/);
    const none = await failure(check(rename, { 'a.input.py': input, 'a.output.py': output, 'a.skips.txt': '# none expected\n' }));
    expect(none.message).toMatch(/reported, not expected: 2:1/);
    // No skips file: skips are not checked.
    await check(rename, { 'a.input.py': input, 'a.output.py': output });
  });

  it('works on .pyi cases and keeps a BOM', async () => {
    await check(rename, { 'stub.input.pyi': '\uFEFFold_name: int\n', 'stub.output.pyi': '\uFEFFnew_name: int\n' });
  });
});

describe('parseSkipsFile', () => {
  it('reads LINE:COLUMN: REASON and LINE: REASON, ignores comments, rejects anything else with its line', () => {
    expect(parseSkipsFile('# c\n\n3:5: why\r\n10: because...\n', 's.txt')).toEqual([
      { line: 3, column: 5, reason: 'why', prefix: false, sourceLine: 3 },
      { line: 10, column: undefined, reason: 'because', prefix: true, sourceLine: 4 },
    ]);
    expect(() => parseSkipsFile('x: why\n', 's.txt')).toThrow(/s\.txt:1: expected `LINE:COLUMN: REASON`/);
  });
});

describe('readFixtureCases', () => {
  it('reads cases in name order with their optional files', () => {
    const dir = folder({ 'b.input.py': 'b\n', 'a.input.py': 'a\n', 'a.output.py': 'A\n', 'a.skips.txt': '', 'README.md': 'notes' });
    const cases = readFixtureCases(dir);
    expect(cases.map((c: FixtureCase) => [c.name, c.output, c.skips])).toEqual([
      ['a', 'A\n', []],
      ['b', undefined, undefined],
    ]);
  });

  it('rejects files that belong to no case', () => {
    const dir = folder({ 'a.input.py': 'a\n', 'b.output.py': 'b\n', 'c.skips.txt': '', 'a.output.pyi': 'x' });
    expect(() => readFixtureCases(dir)).toThrow(/a\.output\.pyi, b\.output\.py, c\.skips\.txt: no matching/);
  });
});

describe('defineFixtureTests', () => {
  function recorder() {
    const names: string[] = [];
    const bodies: (() => Promise<void> | void)[] = [];
    const api: TestApi = {
      describe: (name, body) => {
        names.push(`describe ${name}`);
        body();
      },
      it: (name, body) => {
        names.push(name);
        bodies.push(body);
      },
    };
    return { api, names, bodies };
  }

  it('registers one test per case with the given runner, each running the checks', async () => {
    const dir = folder({ 'good.input.py': 'old_name\n', 'good.output.py': 'new_name\n', 'bad.input.py': 'old_name\n' });
    const { api, names, bodies } = recorder();
    defineFixtureTests(rename, dir, { test: api });
    expect(names).toEqual(['describe fixtures/rename', 'bad', 'good']);
    await expect(bodies[0]!()).rejects.toThrow(/there is no bad\.output\.py/);
    await bodies[1]!();
  });

  it('accepts a file: URL and a suite name', () => {
    const dir = folder({ 'a.input.py': 'x\n' });
    const { api, names } = recorder();
    defineFixtureTests(rename, new URL(`file://${dir}/`), { test: api, name: 'mine' });
    expect(names).toEqual(['describe mine', 'a']);
  });

  it('a missing, empty or broken folder is a failing test, not an empty suite', async () => {
    for (const dir of [join(tmpdir(), 'pycodemod-kit-does-not-exist'), folder({}), folder({ 'x.output.py': '' })]) {
      const { api, names, bodies } = recorder();
      defineFixtureTests(rename, dir, { test: api });
      expect(names).toEqual(['describe fixtures/rename', 'reads the fixture folder']);
      await expect(async () => bodies[0]!()).rejects.toThrow();
    }
  });
  // Finding vitest on its own (no `test` option) is what test/fixtures.test.ts relies on.
});

describe('fixture folders under a nested path', () => {
  it('resolves `src` in options.json against the fixture folder', async () => {
    const dir = folder({ 'a.input.py': 'old_name\n', 'a.output.py': 'new_name\n', 'a.options.json': '{ "src": ["lib"] }' });
    mkdirSync(join(dir, 'lib'));
    const [c] = readFixtureCases(dir);
    const { caseSettings } = await import('../src/testing/index.js');
    expect(caseSettings(rename, c!, { dir }).src).toEqual([join(dir, 'lib')]);
    expect(caseSettings(rename, readFixtureCases(folder({ 'b.input.py': 'x\n' }))[0]!, { dir }).src).toEqual([]);
  });
});
