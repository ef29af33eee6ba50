// Plugins: modules that default-export transforms, loaded with -t or `plugins =`, and from then on
// treated exactly as the built-ins (selection, options tables, skip comments, docs, workers, cache).
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinTransforms, loadPlugins, run } from '../src/index.js';
import { runCli, tempProject } from './helpers/cli.js';

const HOUR_AGO = Date.now() / 1000 - 3600;

/** A TypeScript codemod that renames `fetch(...)` calls; the new name's default comes from a helper module. */
const RENAME_TS = `import { defineTransform } from 'pycodemod';
import type { TransformContext } from 'pycodemod';
import { NEW_NAME } from './names.js';

interface Found { start: number }

export default defineTransform({
  id: 'rename-fetch',
  description: 'Rename fetch() to the new API',
  docs: { whatItDoes: 'Renames calls.', why: 'fetch is deprecated.', example: { before: 'fetch(1)', after: 'get(1)' }, semantics: 'None.' },
  options: { to: { type: 'string', default: NEW_NAME, description: 'the new name' } },
  transform(ctx: TransformContext<{ to: string }>) {
    const found: Found[] = [];
    for (const m of ctx.source.matchAll(/\\bfetch\\(/g)) found.push({ start: m.index! });
    for (const { start } of found) {
      const node = ctx.root.descendantForIndex(start);
      if (node?.type !== 'identifier' || node.parent?.type !== 'call') continue;
      ctx.report({ node, message: \`fetch() -> \${ctx.options.to}()\`, fix: [{ start, end: start + 5, text: ctx.options.to }] });
    }
  },
});
`;
const NAMES_TS = "export const NEW_NAME: string = 'get';\n";

function codemods(extra: Record<string, string> = {}): string {
  return tempProject({ 'rename.ts': RENAME_TS, 'names.ts': NAMES_TS, ...extra });
}

function pythonProject(files: Record<string, string> = {}): string {
  const all = { 'a.py': 'x = fetch(1)\n', 'b.py': 'y = 2\n', ...files };
  const dir = tempProject(all);
  for (const f of Object.keys(all)) utimesSync(join(dir, f), HOUR_AGO, HOUR_AGO);
  return dir;
}

describe('loading plugins', { timeout: 60_000 }, () => {
  it('runs a .ts plugin kept outside any package (-t), with its helper module and `pycodemod` imports', async () => {
    const mods = codemods();
    const dir = pythonProject();
    const r = await runCli(['-t', join(mods, 'rename.ts'), '--select', 'rename-fetch', '--no-cache', '.'], { cwd: dir });
    expect(r.stderr).not.toMatch(/error/);
    expect(r.stdout).toBe('--- a/a.py\n+++ b/a.py\n@@ -1 +1 @@\n-x = fetch(1)\n+x = get(1)\n');
    expect(r.code).toBe(0);
  });

  it('loads CommonJS .js, .mjs and .cjs modules, and an array of transforms', async () => {
    const mods = tempProject({
      'upper.js': `module.exports = { id: 'upper-todo', description: 'Upper-case todo', transform(ctx) {
  for (const m of ctx.source.matchAll(/# todo/g)) ctx.report({ offset: m.index, message: 'upper', fix: [{ start: m.index + 2, end: m.index + 6, text: 'TODO' }] });
} };\n`,
      'pair.mjs': `const one = (id, from, to) => ({ id, description: id, transform(ctx) {
  for (const m of ctx.source.matchAll(new RegExp(from, 'g'))) ctx.report({ offset: m.index, message: id, fix: [{ start: m.index, end: m.index + from.length, text: to }] });
} });
export default [one('one-to-uno', 'one', 'uno'), one('two-to-dos', 'two', 'dos')];\n`,
      'three.cjs': `exports.default = { id: 'three-to-tres', description: 'x', transform(ctx) {
  const i = ctx.source.indexOf('three'); if (i >= 0) ctx.report({ offset: i, message: 'x', fix: [{ start: i, end: i + 5, text: 'tres' }] });
} };\nObject.defineProperty(exports, '__esModule', { value: true });\n`,
    });
    const dir = pythonProject({ 'c.py': 'n = "one two three"  # todo\n' });
    const r = await runCli(['-t', join(mods, 'upper.js'), '-t', join(mods, 'pair.mjs'), '--transform', join(mods, 'three.cjs'), '--select', 'upper-todo,one-to-uno,two-to-dos,three-to-tres', '--write', '--no-cache', '.'], { cwd: dir });
    expect(r.stderr).toMatch(/1 file changed/);
    expect(readFileSync(join(dir, 'c.py'), 'utf8')).toBe('n = "uno dos tres"  # TODO\n');
  });

  it('loads `plugins = [...]` globs relative to the config file, skipping tests and helper modules', async () => {
    const dir = pythonProject({
      'pyproject.toml': '[tool.pycodemod]\nplugins = ["tools/codemods/*.ts"]\nselect = ["rename-fetch"]\n\n[tool.pycodemod.rename-fetch]\nto = "fetch_v2"\n',
      'tools/codemods/rename.ts': RENAME_TS,
      'tools/codemods/names.ts': NAMES_TS,
      'tools/codemods/rename.test.ts': "throw new Error('a test file must not be loaded as a plugin');\n",
      'pkg/sub/c.py': 'fetch(3)\n',
    });
    const r = await runCli(['--no-cache', '.'], { cwd: join(dir, 'pkg') });
    expect(r.stdout).toContain('+fetch_v2(3)');
    expect(r.code).toBe(0);
    const all = await runCli(['--no-cache'], { cwd: dir });
    expect(all.stdout).toContain('+x = fetch_v2(1)');
  });

  it('validates the plugin\'s option table against its spec', async () => {
    const dir = pythonProject({
      'pyproject.toml': '[tool.pycodemod]\nplugins = ["codemods/rename.ts"]\n\n[tool.pycodemod.rename-fetch]\nto = 3\n',
      'codemods/rename.ts': RENAME_TS,
      'codemods/names.ts': NAMES_TS,
    });
    const r = await runCli(['--no-cache'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/option `to` of `rename-fetch` in \[tool.pycodemod.rename-fetch\] .* must be a string/);
  });

  it('rejects an option table for an id no loaded transform has, in the CLI and in run() alike', async () => {
    const dir = pythonProject({ 'pyproject.toml': '[tool.pycodemod.rename-fetch]\nto = "get"\n' });
    const r = await runCli(['--no-cache'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown key `rename-fetch`/);
    expect(r.stderr).toMatch(/load the plugin/);
    await expect(run({ cwd: dir })).rejects.toThrow(/unknown key `rename-fetch`/);
    // Loaded, the same table is accepted by both.
    const mods = codemods();
    expect((await runCli(['-t', join(mods, 'rename.ts'), '--no-cache'], { cwd: dir })).code).toBe(0);
    const report = await run({ cwd: dir, plugins: [join(mods, 'rename.ts')] });
    expect(report.results.find((f) => f.path === 'a.py')).toMatchObject({ kind: 'changed', after: 'x = get(1)\n' });
  });

  it('selects, ignores, lists and explains plugins like built-ins; honours skip comments and enabledByDefault', async () => {
    const mods = codemods({
      'opt-in.ts': RENAME_TS.replace("id: 'rename-fetch'", "id: 'opt-in', enabledByDefault: false").replace('fetch\\(/g', 'zap\\(/g'),
    });
    const dir = pythonProject({ 'c.py': 'fetch(1)  # pycodemod: skip[rename-fetch]\nfetch(2)\n', 'd.py': 'def f(x=[]):\n    return fetch(x)\n' });
    const t = ['-t', join(mods, 'rename.ts'), '-t', join(mods, 'opt-in.ts')];
    const list = await runCli([...t, '--list-transforms'], { cwd: dir });
    expect(list.stdout).toMatch(/^rename-fetch +Rename fetch\(\) to the new API \(plugin: .*rename\.ts\)$/m);
    expect(list.stdout).toMatch(/^opt-in +- /m);
    const explain = await runCli([...t, '--explain', 'rename-fetch'], { cwd: dir });
    expect(explain.stdout).toContain('## Options ([tool.pycodemod.rename-fetch])\n- to (string, default "get"): the new name');
    expect(explain.stdout).toContain('fetch is deprecated.');

    const dflt = await runCli([...t, '--no-cache', '--format', 'json', '.'], { cwd: dir });
    // The built-ins that are on by default, then the plugin's.
    const builtinDefaults = builtinTransforms.filter((b) => b.enabledByDefault !== false).map((b) => b.id);
    expect(JSON.parse(dflt.stdout).transforms).toEqual([...builtinDefaults, 'rename-fetch']);
    const ignored = await runCli([...t, '--no-cache', '--ignore', 'rename-fetch', '.'], { cwd: dir });
    expect(ignored.stdout).not.toContain('get(');
    const skipped = await runCli([...t, '--no-cache', '--select', 'rename-fetch', 'c.py'], { cwd: dir });
    expect(skipped.stdout).toBe('--- a/c.py\n+++ b/c.py\n@@ -1,2 +1,2 @@\n fetch(1)  # pycodemod: skip[rename-fetch]\n-fetch(2)\n+get(2)\n');
    const extended = await runCli([...t, '--no-cache', '--select', 'rename-fetch', '--extend-select', 'opt-in', '--format', 'json', 'c.py'], { cwd: dir });
    expect(JSON.parse(extended.stdout).transforms).toEqual(['rename-fetch', 'opt-in']);
    const unknown = await runCli([...t, '--select', 'nope'], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown transform `nope`.*\n.*rename-fetch/);
  });

  it('rejects ids that collide with a built-in or with another plugin, naming both files', async () => {
    const mods = codemods({
      'again.ts': RENAME_TS,
      'builtin.ts': RENAME_TS.replace("id: 'rename-fetch'", "id: 'group-imports'"),
    });
    const dir = pythonProject();
    const twice = await runCli(['-t', join(mods, 'rename.ts'), '-t', join(mods, 'again.ts')], { cwd: dir });
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain(`transform id \`rename-fetch\` is defined twice: by ${join(mods, 'rename.ts')} and by ${join(mods, 'again.ts')}`);
    const builtin = await runCli(['-t', join(mods, 'builtin.ts')], { cwd: dir });
    expect(builtin.code).toBe(2);
    expect(builtin.stderr).toContain(`plugin ${join(mods, 'builtin.ts')} defines \`group-imports\`, the id of a built-in transform`);
    // The same file named twice (by -t and by a glob) is one plugin, not a collision.
    const same = await runCli(['-t', join(mods, 'rename.ts'), '-t', join(mods, 'ren*.ts'), '--list-transforms'], { cwd: dir });
    expect(same.code).toBe(0);
  });

  it.each([
    ['a syntax error', 'export default {', /cannot load plugin .*bad\.ts: .*bad\.ts:1:\d+: /],
    ['no default export', 'export const x = 1;\n', /plugin .*bad\.ts has no default export/],
    ['an export that is not a transform', 'export default 42;\n', /bad\.ts: the default export is not a transform \(got 42\)/],
    ['an id that is not kebab-case', "export default { id: 'My_Id', description: 'x', transform() {} };\n", /transform id `My_Id` must be kebab-case/],
    ['an id that is a config key', "export default { id: 'select', description: 'x', transform() {} };\n", /`select` is a key of \[tool.pycodemod\]/],
    ['no transform function', "export default { id: 'x', description: 'x' };\n", /has no `transform\(ctx\)` function/],
    ['a bad option spec', "export default { id: 'x', description: 'x', transform() {}, options: { n: { type: 'number', default: 'one', description: '' } } };\n", /option `n` of `x` has a default that is not a number/],
    ['a module that throws', "throw new Error('kaboom');\n", /plugin .*bad\.ts failed to load: Error: kaboom/],
    ['an import that does not resolve', "import x from './nowhere.js';\nexport default x;\n", /cannot load plugin .*bad\.ts: .*Could not resolve "\.\/nowhere\.js"/],
    ['a missing file', null, /plugin `.*bad\.ts` given with -t not found/],
  ])('exits 2 for a plugin with %s, naming the file', async (_name, code, message) => {
    const mods = code === null ? tempProject({}) : tempProject({ 'bad.ts': code });
    const r = await runCli(['-t', join(mods, 'bad.ts'), '--no-cache'], { cwd: pythonProject() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('exits 2 for a glob that matches nothing', async () => {
    const dir = pythonProject({ 'pyproject.toml': '[tool.pycodemod]\nplugins = ["codemods/*.ts"]\n' });
    const r = await runCli([], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/plugin glob `codemods\/\*\.ts` in \[tool.pycodemod\] in .*pyproject.toml matches no \.ts\/\.js file/);
  });
});

describe('plugins in worker threads', { timeout: 60_000 }, () => {
  function many(): string {
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) files[`m${String(i).padStart(2, '0')}.py`] = i % 3 ? `fetch(${i})\n` : `def f(x=[]):\n    return fetch(x)\n`;
    return pythonProject(files);
  }

  it('gives identical output for any --jobs, running the plugin in the workers', async () => {
    const mods = codemods();
    const dir = many();
    const args = ['-t', join(mods, 'rename.ts'), '--no-cache', '--format', 'json', '.'];
    const one = await runCli([...args, '-j', '1'], { cwd: dir });
    const two = await runCli([...args, '-j', '2'], { cwd: dir });
    expect(two.stdout).toBe(one.stdout);
    expect(JSON.parse(two.stdout).summary.editsByTransform['rename-fetch']).toBe(41);
    const report = await run({ cwd: dir, plugins: [join(mods, 'rename.ts')], jobs: 2 });
    expect(report.stats.workers).toBe(2);
    expect(report.stats.inProcessReason).toBeUndefined();
    // Three runs that each start workers: on a busy 2-core CI machine this took up to 35 s.
  }, 180_000);

  it('runs loadPlugins() objects in workers; says why other objects run in-process', async () => {
    const mods = codemods();
    const dir = many();
    const loaded = await loadPlugins(['*.ts'], { cwd: mods });
    expect(loaded.map((t) => t.id)).toEqual(['rename-fetch']);
    const inWorkers = await run({ cwd: dir, transforms: [...builtinTransforms, ...loaded], jobs: 2 });
    expect(inWorkers.stats.workers).toBe(2);
    const copy = { ...loaded[0]! };
    const inProcess = await run({ cwd: dir, transforms: [copy], jobs: 2 });
    expect(inProcess.stats.workers).toBe(0);
    expect(inProcess.stats.inProcessReason).toMatch(/rename-fetch is an object passed in `transforms`.*loadPlugins/);
    expect(inProcess.summary).toEqual({ ...inWorkers.summary, editsByTransform: { 'rename-fetch': 41 }, changed: inProcess.summary.changed });
  });
});

describe('the cache with plugins', { timeout: 60_000 }, () => {
  it('misses when a helper module of the plugin changes, or its options do; hits otherwise', async () => {
    const mods = codemods();
    const dir = pythonProject();
    const t = ['-t', join(mods, 'rename.ts')];
    const cold = await run({ cwd: dir, cache: true, plugins: [join(mods, 'rename.ts')] });
    expect(cold.stats).toMatchObject({ processed: 2, cacheHits: 0 });
    const warm = await run({ cwd: dir, cache: true, plugins: [join(mods, 'rename.ts')] });
    expect(warm.stats).toMatchObject({ processed: 0, cacheHits: 2 });
    writeFileSync(join(mods, 'names.ts'), "export const NEW_NAME: string = 'fetch_v3';\n");
    const edited = await run({ cwd: dir, cache: true, plugins: [join(mods, 'rename.ts')] });
    expect(edited.stats).toMatchObject({ processed: 2, cacheHits: 0 });
    expect(edited.results.find((r) => r.path === 'a.py')).toMatchObject({ kind: 'changed', after: 'x = fetch_v3(1)\n' });
    // The CLI shares that cache; options come from the config file.
    expect((await runCli([...t], { cwd: dir })).stdout).toContain('+x = fetch_v3(1)');
    writeFileSync(join(dir, 'pyproject.toml'), '[tool.pycodemod.rename-fetch]\nto = "other"\n');
    const options = await runCli([...t, '--format', 'json'], { cwd: dir });
    expect(options.stdout).toContain('"status": "changed"');
    const withOptions = await run({ cwd: dir, cache: true, plugins: [join(mods, 'rename.ts')] });
    expect(withOptions.results.find((r) => r.path === 'a.py')).toMatchObject({ kind: 'changed', after: 'x = other(1)\n' });
    expect(withOptions.stats.cacheHits).toBe(2);
  });
});

describe('plugins that fail', { timeout: 60_000 }, () => {
  // Each misbehaves only on files containing `trigger`, so the run also has files it handles.
  const failing = tempProject({
    'throws.ts': `export default { id: 'throws', description: 'x', transform(ctx) {
  if (ctx.source.includes('trigger')) throw new TypeError('plugin bug');
} };\n`,
    'cycles.ts': `export default { id: 'cycles', description: 'x', transform(ctx) {
  const i = ctx.source.indexOf('trigger'); if (i < 0) return;
  const next = ctx.source.startsWith('trigger_a', i) ? 'trigger_b' : 'trigger_a';
  ctx.report({ offset: i, message: 'flip', fix: [{ start: i, end: i + 9, text: next }] });
} };\n`,
    'grows.ts': `export default { id: 'grows', description: 'x', transform(ctx) {
  const i = ctx.source.indexOf('trigger'); if (i >= 0) ctx.report({ offset: i, message: 'grow', fix: [{ start: i, end: i, text: 'x' }] });
} };\n`,
    'breaks.ts': `export default { id: 'breaks', description: 'x', transform(ctx) {
  const i = ctx.source.indexOf('trigger'); if (i >= 0) ctx.report({ offset: i, message: 'break', fix: [{ start: i, end: i, text: '(' }] });
} };\n`,
  });
  const SOURCE = 'trigger_a = 1\n';

  it.each([
    ['throws', /error \[throws\]: transform throws crashed: TypeError: plugin bug\n\s+at .*throws\.ts:2:\d+.*\(plugin: .*throws\.ts\)/s],
    ['cycles', /error \[cycles\]: fixes cycle without settling \(cycles\); file left untouched \(plugin: .*cycles\.ts\)/],
    ['grows', /error \[grows\]: no stable result after 10 passes \(grows\); file left untouched \(plugin: .*grows\.ts\)/],
    ['breaks', /error \[breaks\]: the rewrite by breaks would not parse; file left untouched \(plugin: .*breaks\.ts\)/],
  ])('reports a plugin that %s per file, with its id and file, never writes, and goes on', async (id, message) => {
    const files: Record<string, string> = { 'bad.py': SOURCE };
    for (let i = 0; i < 30; i++) files[`ok${i}.py`] = 'def f(x=[]):\n    return x\n';
    const dir = pythonProject(files);
    for (const jobs of ['1', '2']) {
      const r = await runCli(['-t', join(failing, `${id}.ts`), '--select', `${id},mutable-defaults`, '--write', '--no-cache', '-j', jobs, '.'], { cwd: dir });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`^bad\\.py(:\\d+:\\d+)?: ${message.source}`, message.flags + 'm'));
      expect(readFileSync(join(dir, 'bad.py'), 'utf8')).toBe(SOURCE);
      expect(r.stderr).toMatch(jobs === '1' ? /30 files changed, 2 unchanged, 1 failed/ : /0 files changed, 32 unchanged, 1 failed/);
    }
  });
});

describe('a plugin stuck in an endless loop', { timeout: 60_000 }, () => {
  it('is stopped after --file-timeout in a worker; that file fails, the others are written', async () => {
    const mods = tempProject({
      'spins.ts': `export default { id: 'spins', description: 'x', transform(ctx) {
  if (ctx.source.includes('trigger')) for (;;) {}
} };\n`,
    });
    const files: Record<string, string> = { 'm15.py': 'trigger = 1\n' };
    for (let i = 0; i < 30; i++) if (i !== 15) files[`m${String(i).padStart(2, '0')}.py`] = 'def f(x=[]):\n    return x\n';
    const dir = pythonProject(files);
    const started = Date.now();
    const r = await runCli(['-t', join(mods, 'spins.ts'), '--select', 'spins,mutable-defaults', '--write', '--no-cache', '-j', '2', '--file-timeout', '1', '.'], { cwd: dir });
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^m15\.py: error \[spins\]: stopped after 1 s: transform spins did not finish \(an endless loop\?\); file left untouched; --file-timeout sets the limit \(plugin: .*spins\.ts\)$/m);
    expect(r.stderr).toMatch(/29 files changed, 2 unchanged, 1 failed/);
    expect(readFileSync(join(dir, 'm15.py'), 'utf8')).toBe('trigger = 1\n');
    expect(readFileSync(join(dir, 'm16.py'), 'utf8')).toContain('if x is None:');
    // A second run: only that file fails again; the rest were written the first time.
    const again = await runCli(['-t', join(mods, 'spins.ts'), '--select', 'spins,mutable-defaults', '--no-cache', '-j', '2', '--file-timeout', '1', '.'], { cwd: dir });
    expect(again.stderr).toMatch(/0 files would be changed, 31 unchanged, 1 failed/);
  });

  it('rejects a --file-timeout that is not a number of seconds', async () => {
    const r = await runCli(['--file-timeout', '-1'], { cwd: pythonProject() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--file-timeout must be a number of seconds/);
  });
});

describe('plugins in stdin mode', () => {
  it('names the plugin of a failure, and passes the source through', async () => {
    const mods = tempProject({ 'throws.mjs': "export default { id: 'throws', description: 'x', transform() { throw new Error('nope'); } };\n" });
    const r = await runCli(['-t', join(mods, 'throws.mjs'), '--select', 'throws', '-', '--stdin-filename', 'x.py'], { cwd: pythonProject(), stdin: 'x = 1\n' });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('x = 1\n');
    expect(r.stderr).toMatch(/^x\.py: error \[throws\]: transform throws crashed: Error: nope\n.*\(plugin: .*throws\.mjs\)/s);
  });
});

describe('transformSource with plugins', () => {
  it('loads plugins besides the built-ins, with their options', async () => {
    const { transformSource } = await import('../src/index.js');
    const mods = codemods();
    const r = await transformSource('def f(x=[]):\n    return fetch(x)\n', {
      plugins: [join(mods, 'rename.ts')],
      select: ['rename-fetch', 'mutable-defaults'],
      options: { 'rename-fetch': { to: 'get_v2' } },
    });
    expect(r).toMatchObject({ ok: true, output: 'def f(x=None):\n    if x is None:\n        x = []\n    return get_v2(x)\n' });
  });
});
