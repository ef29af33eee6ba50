// The result cache: hits skip parsing, any change of content, config, selection or version misses,
// a broken cache is just an empty one.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, type RunOptions } from '../src/runner/run.js';
import { FileCache } from '../src/runner/cache/file-cache.js';
import { cacheKey } from '../src/runner/cache/key.js';
import { defaultSettings } from '../src/core/settings.js';
import { builtinTransforms } from '../transforms/index.js';
import { selectTransforms } from '../src/runner/select.js';
import { runCli, tempProject } from './helpers/cli.js';

const MUTABLE = 'def f(x=[]):\n    return x\n';
const CLEAN = 'def g(x=None):\n    return x\n';
const SKIPS = 'def h(x=[]):  # pycodemod: skip\n    return x\n';
const HOUR_AGO = Date.now() / 1000 - 3600;

/** Clean files whose mtime is old enough for their stat to be trusted. */
function project(extra: Record<string, string> = {}): string {
  const files: Record<string, string> = { 'a.py': CLEAN, 'b.py': CLEAN, 'pkg/c.py': CLEAN, 'pkg/skips.py': SKIPS, ...extra };
  const dir = tempProject(files);
  for (const rel of Object.keys(files)) utimesSync(join(dir, rel), HOUR_AGO, HOUR_AGO);
  return dir;
}

const cached = (dir: string, more: RunOptions = {}) => run({ cwd: dir, cache: true, jobs: 2, ...more });

/** The cache's map file (one per configuration) and its blob folder, to read and damage by hand. */
function cacheMap(cacheDir: string) {
  const versionDir = join(cacheDir, readdirSync(cacheDir).find((f) => /^\d/.test(f))!);
  const file = join(versionDir, readdirSync(versionDir).find((f) => f.endsWith('.json'))!);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  type CacheFile = { format: number; entries: Record<string, any[]> };
  const read = (): CacheFile => JSON.parse(readFileSync(file, 'utf8'));
  return {
    read,
    blobDir: file.replace(/\.json$/, '.blobs'),
    blobs: () => (existsSync(file.replace(/\.json$/, '.blobs')) ? readdirSync(file.replace(/\.json$/, '.blobs')) : []),
    edit(change: (m: CacheFile) => void) {
      const m = read();
      change(m);
      writeFileSync(file, JSON.stringify(m));
    },
  };
}

describe('cache', { timeout: 60_000 }, () => {
  it('answers unchanged files from the cache without parsing or starting a worker', async () => {
    const dir = project();
    const cold = await cached(dir);
    expect(cold.stats).toMatchObject({ processed: 4, cacheHits: 0 });
    const warm = await cached(dir);
    expect(warm.stats).toMatchObject({ processed: 0, cacheHits: 4, workers: 0 });
    expect(warm.results.map((r) => r.kind)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged']);
    expect(warm.results.every((r) => r.kind === 'unchanged' && r.cached)).toBe(true);
    // Skips are stored too, so -v prints the same on a warm run.
    const strip = (rs: typeof warm.results) => rs.map((r) => ({ ...r, cached: undefined }));
    expect(strip(warm.results)).toEqual(strip(cold.results));
    expect(warm.summary).toEqual(cold.summary);
  });

  it('prints exactly the same warm as cold, including -v skips and syntax errors', async () => {
    const dir = project({ 'bad.py': 'def f(x=[]:\n', 'mod.py': MUTABLE });
    const cold = await runCli(['-v'], { cwd: dir });
    const warm = await runCli(['-v'], { cwd: dir });
    expect(warm).toEqual(cold);
    expect(cold.stderr).toMatch(/not rewritten/);
    expect(cold.stderr).toMatch(/bad\.py:1:\d+: syntax error/);
  });

  it('re-reads a touched file and still hits when its bytes are the same', async () => {
    const dir = project();
    await cached(dir);
    utimesSync(join(dir, 'a.py'), HOUR_AGO + 60, HOUR_AGO + 60);
    const r = await cached(dir);
    expect(r.stats).toMatchObject({ processed: 0, cacheHits: 4 });
  });

  it('misses when the content changes (even with the same size and mtime)', async () => {
    const dir = project();
    await cached(dir);
    writeFileSync(join(dir, 'b.py'), CLEAN.replace('g', 'k')); // same size
    utimesSync(join(dir, 'b.py'), HOUR_AGO, HOUR_AGO); // same mtime: the ctime still moved
    const r = await cached(dir);
    expect(r.stats).toMatchObject({ processed: 1, cacheHits: 3 });
    writeFileSync(join(dir, 'b.py'), MUTABLE);
    const changed = await cached(dir);
    expect(changed.stats.processed).toBe(1);
    expect(changed.results.find((x) => x.path === 'b.py')?.kind).toBe('changed');
  });

  it('misses when the settings or the selected transforms change', async () => {
    const dir = project();
    await cached(dir);
    expect((await cached(dir, { lineLength: 100 })).stats.cacheHits).toBe(0);
    expect((await cached(dir, { targetVersion: 'py312' })).stats.cacheHits).toBe(0);
    expect((await cached(dir, { select: ['mutable-defaults'] })).stats.cacheHits).toBe(0);
    writeFileSync(join(dir, 'pyproject.toml'), '[tool.pycodemod]\nline-length = 120\n');
    expect((await cached(dir)).stats.cacheHits).toBe(0);
    // ...and each configuration keeps its own cache.
    expect((await cached(dir)).stats.cacheHits).toBe(4);
    rmSync(join(dir, 'pyproject.toml'));
    expect((await cached(dir, { select: ['mutable-defaults'] })).stats.cacheHits).toBe(4);
    expect((await cached(dir, { lineLength: 100 })).stats.cacheHits).toBe(4);
  });

  it('misses when a module appears in a src root (first-party detection depends on it)', async () => {
    const dir = project();
    await cached(dir);
    expect((await cached(dir)).stats.cacheHits).toBe(4);
    mkdirSync(join(dir, 'newpkg'));
    expect((await cached(dir)).stats.cacheHits).toBe(0);
    // Hidden folders (the cache itself) and __pycache__ are not modules.
    mkdirSync(join(dir, '__pycache__'));
    mkdirSync(join(dir, '.hidden'));
    expect((await cached(dir)).stats.cacheHits).toBe(4);
  });

  it('keys the cache by tool version, code, settings and transforms', () => {
    const settings = defaultSettings('/p');
    const base = { transforms: builtinTransforms, settings };
    const key = cacheKey({ ...base, version: '1.0.0' });
    expect(cacheKey({ ...base, version: '1.0.0' })).toBe(key);
    expect(cacheKey({ ...base, version: '1.0.1' })).not.toBe(key);
    expect(cacheKey({ ...base, version: '1.0.0', settings: { ...settings, lineLength: 99 } })).not.toBe(key);
    expect(cacheKey({ ...base, version: '1.0.0', transforms: builtinTransforms.slice(1) })).not.toBe(key);
  });

  it('starts from nothing under another version (another key, another file)', async () => {
    const dir = project();
    const first = await cached(dir);
    const cacheDir = first.stats.cacheDir!;
    const files = readdirSync(join(cacheDir, readdirSync(cacheDir).find((f) => /^\d/.test(f))!));
    expect(files).toHaveLength(1);
    const other = FileCache.open(cacheDir, dir, cacheKey({ transforms: builtinTransforms, settings: first.settings, version: '99.0.0' }));
    expect(other.size).toBe(0);
    // The key of the default selection (transforms that are off by default are not part of it).
    const same = FileCache.open(cacheDir, dir, cacheKey({ transforms: selectTransforms(builtinTransforms), settings: first.settings }));
    expect(same.size).toBe(4);
  });

  it('replays would-be changes in a dry run (diff identical), never with --write', async () => {
    const dir = project({ 'mod.py': MUTABLE });
    utimesSync(join(dir, 'mod.py'), HOUR_AGO, HOUR_AGO);
    const coldCli = await runCli([], { cwd: dir });
    const warmCli = await runCli([], { cwd: dir });
    expect(warmCli).toEqual(coldCli);
    expect(coldCli.stdout).toContain('+def f(x=None):');
    const warm = await cached(dir);
    expect(warm.stats).toMatchObject({ processed: 0, cacheHits: 5, workers: 0 });
    expect(warm.results.find((r) => r.path === 'mod.py')).toMatchObject({ kind: 'changed', before: MUTABLE });
    // --write must process (and write) the file itself.
    const written = await cached(dir, { write: true });
    expect(written.stats).toMatchObject({ processed: 1, cacheHits: 4 });
    expect(readFileSync(join(dir, 'mod.py'), 'utf8')).not.toBe(MUTABLE);
    // The fixed file is new content: parsed once more, then known.
    utimesSync(join(dir, 'mod.py'), HOUR_AGO, HOUR_AGO);
    expect((await cached(dir)).stats).toMatchObject({ processed: 1, cacheHits: 4 });
    expect((await cached(dir)).stats).toMatchObject({ processed: 0, cacheHits: 5 });
  });

  it('keeps a would-be change as its replacements, not a copy of the file, and parses it again when they are damaged', async () => {
    const dir = project({ 'mod.py': MUTABLE });
    const first = await cached(dir);
    const map = cacheMap(first.stats.cacheDir!);
    const firstAfter = (first.results.find((x) => x.path === 'mod.py') as { after: string }).after;
    // Only the changed stretches are kept (no blob file): the rest of the text is the file itself.
    const replacements = map.read().entries['mod.py']![6].delta as [number, number, string][];
    expect(replacements.map((d) => d[2]).join('')).toContain('None');
    expect(replacements.map((d) => d[2]).join('').length).toBeLessThan(firstAfter.length);
    expect(map.blobs()).toEqual([]);
    const warm = await cached(dir);
    expect(warm.stats.processed).toBe(0);
    expect(warm.results.find((x) => x.path === 'mod.py')).toMatchObject({ kind: 'changed', before: MUTABLE, after: firstAfter });
    // A replacement that no longer rebuilds the recorded text: the file is parsed again.
    map.edit((m) => (m.entries['mod.py']![6].delta[0][2] = 'garbage'));
    const r = await cached(dir);
    expect(r.stats.processed).toBe(1);
    expect(r.results.find((x) => x.path === 'mod.py')).toMatchObject({ kind: 'changed', before: MUTABLE, after: expect.stringContaining('def f(x=None):') });
  });

  it('parses a would-be change again when its blob (the new text, for a change its replacements cannot rebuild) is missing or damaged', async () => {
    const dir = project({ 'mod.py': MUTABLE });
    const first = await cached(dir);
    const map = cacheMap(first.stats.cacheDir!);
    // An entry of the blob kind, as a change the replacements cannot rebuild is kept.
    const after = (first.results.find((x) => x.path === 'mod.py') as { after: string }).after;
    const { blob } = map.read().entries['mod.py']![6];
    mkdirSync(map.blobDir, { recursive: true });
    writeFileSync(join(map.blobDir, blob), after);
    map.edit((m) => delete m.entries['mod.py']![6].delta);
    expect((await cached(dir)).stats.processed).toBe(0);
    writeFileSync(join(map.blobDir, blob), 'garbage');
    const r = await cached(dir);
    expect(r.stats.processed).toBe(1);
    expect(r.results.find((x) => x.path === 'mod.py')).toMatchObject({ kind: 'changed', before: MUTABLE });
    map.edit((m) => delete m.entries['mod.py']![6].delta);
    rmSync(map.blobDir, { recursive: true });
    expect((await cached(dir)).stats.processed).toBe(1);
  });

  it('prints a warm diff from the cached hunks, and reads the texts only when asked for them', async () => {
    const dir = project({ 'mod.py': MUTABLE });
    utimesSync(join(dir, 'mod.py'), HOUR_AGO, HOUR_AGO);
    const cold = await runCli([], { cwd: dir });
    const warm = await cached(dir, { diff: true });
    expect(warm.stats).toMatchObject({ processed: 0, cacheHits: 5 });
    const change = warm.results.find((r) => r.path === 'mod.py');
    if (change?.kind !== 'changed') throw new Error('expected a replayed change');
    expect(change.hunks?.length).toBeGreaterThan(0);
    expect(change.before).toBe(MUTABLE);
    expect(change.after).toContain('def f(x=None):');
    expect(await runCli([], { cwd: dir })).toEqual(cold);
    // Damaged replacements are never passed off as the rewrite.
    cacheMap(warm.stats.cacheDir!).edit((m) => (m.entries['mod.py']![6].delta[0][2] = 'garbage'));
    const damaged = (await cached(dir, { diff: true })).results.find((r) => r.path === 'mod.py');
    expect(() => damaged?.kind === 'changed' && damaged.after).toThrow(/damaged/);
  });

  it('finishes when a window full of cache hits sits behind a miss (no parked-worker deadlock)', async () => {
    const many: Record<string, string> = {};
    for (let i = 0; i < 1500; i++) many[`m${String(i).padStart(3, '0')}.py`] = `x = ${i}\n`;
    const dir = project(many);
    for (const rel of Object.keys(many)) utimesSync(join(dir, rel), HOUR_AGO, HOUR_AGO);
    await cached(dir);
    writeFileSync(join(dir, 'a.py'), MUTABLE);
    writeFileSync(join(dir, 'm001.py'), 'y = 1\n');
    const seen: string[] = [];
    const r = await cached(dir, { onResult: (x) => seen.push(x.path) });
    expect(r.stats).toMatchObject({ processed: 2, cacheHits: 1502 });
    expect(seen).toEqual([...seen].sort());
    expect(seen).toHaveLength(1504);
  });

  it('ignores a corrupt cache file and rebuilds it', async () => {
    const dir = project();
    const first = await cached(dir);
    const versionDir = join(first.stats.cacheDir!, readdirSync(first.stats.cacheDir!).find((f) => /^\d/.test(f))!);
    const file = join(versionDir, readdirSync(versionDir)[0]!);
    for (const junk of ['{not json', '{"format":1,"entries":{"a.py":[1,2]}}', '[]', '']) {
      writeFileSync(file, junk);
      const r = await cached(dir);
      expect(r.stats).toMatchObject({ processed: 4, cacheHits: 0 });
      expect(r.summary.unchanged).toBe(4);
      expect(JSON.parse(readFileSync(file, 'utf8')).format).toBe(1);
    }
  });

  it('lives in .pycodemod_cache in the project root, with a .gitignore ignoring everything', async () => {
    const dir = project();
    writeFileSync(join(dir, 'pyproject.toml'), '[tool.pycodemod]\n');
    mkdirSync(join(dir, 'pkg/inner'), { recursive: true });
    const r = await runCli(['.'], { cwd: join(dir, 'pkg') });
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, '.pycodemod_cache/.gitignore'), 'utf8')).toMatch(/^\*$/m);
    expect(existsSync(join(dir, '.pycodemod_cache/CACHEDIR.TAG'))).toBe(true);
    expect(existsSync(join(dir, 'pkg/.pycodemod_cache'))).toBe(false);
  });

  it('--no-cache neither reads nor writes a cache; --cache-dir moves it', async () => {
    const dir = project();
    await runCli(['--no-cache'], { cwd: dir });
    expect(existsSync(join(dir, '.pycodemod_cache'))).toBe(false);
    await runCli(['--cache-dir', 'elsewhere/cache'], { cwd: dir });
    expect(existsSync(join(dir, '.pycodemod_cache'))).toBe(false);
    expect(readFileSync(join(dir, 'elsewhere/cache/.gitignore'), 'utf8')).toMatch(/^\*$/m);
    const warm = await cached(dir, { cacheDir: 'elsewhere/cache' });
    expect(warm.stats.cacheHits).toBe(4);
    const bypass = await run({ cwd: dir, cache: false, jobs: 1 });
    expect(bypass.stats).toMatchObject({ processed: 4, cacheHits: 0 });
  });

  it('never fails a run because the cache cannot be written', async () => {
    const dir = project();
    writeFileSync(join(dir, 'not-a-dir'), 'x');
    const r = await cached(dir, { cacheDir: 'not-a-dir/cache' });
    expect(r.summary.unchanged).toBe(4);
  });
});

describe('cache entries of the wrong shape are misses', { timeout: 60_000 }, () => {
  // Valid JSON with the file's real stamp (so the stat alone would make it a hit), wrong fields: each
  // crashed the run, or replayed nonsense and passed a file that needs changes.
  const SHAPES: [string, unknown][] = [
    ['failed without an error', { kind: 'failed' }],
    ['failed, error without a message', { kind: 'failed', cause: 'syntax-error', error: {} }],
    ['failed, line as a string', { kind: 'failed', cause: 'syntax-error', error: { message: 'x', line: '1' } }],
    ['failed for a reason never cached (io)', { kind: 'failed', cause: 'io', error: { message: 'cannot read' } }],
    ['skipped without reason or detail', { kind: 'skipped' }],
    ['skipped for a reason never cached', { kind: 'skipped', reason: 'changed-on-disk', detail: 'x' }],
    ['unchanged with an empty skip', { kind: 'unchanged', skips: [{}] }],
    ['unchanged, skips not a list', { kind: 'unchanged', skips: 'none' }],
    ['changed with an empty edit', { kind: 'changed', blob: 'a'.repeat(40), edits: [{}], skips: [] }],
    ['changed with a bad hunk', { kind: 'changed', blob: 'a'.repeat(40), edits: [], skips: [], hunks: [{ lines: 'x' }] }],
    ['an unknown kind', { kind: 'fixed' }],
    ['not an object', 'unchanged'],
  ];

  for (const [name, shape] of SHAPES) {
    it(`${name}: processed again, the real result printed`, async () => {
      const dir = project({ 'mod.py': MUTABLE });
      const cold = await runCli(['--check', '--select', 'mutable-defaults'], { cwd: dir });
      expect(cold).toMatchObject({ code: 1, stdout: 'mod.py\n' });
      const cacheRoot = join(dir, '.pycodemod_cache');
      const versionDir = join(cacheRoot, readdirSync(cacheRoot).find((f) => /^\d/.test(f))!);
      const file = join(versionDir, readdirSync(versionDir).find((f) => f.endsWith('.json'))!);
      const data = JSON.parse(readFileSync(file, 'utf8'));
      for (const key of ['mod.py', 'a.py']) {
        data.entries[key][4] = 1; // trusted: the stat alone is a hit
        data.entries[key][6] = shape;
      }
      writeFileSync(file, JSON.stringify(data));
      for (const args of [['--check'], ['-v'], ['--format', 'json']]) {
        const warm = await runCli([...args, '--select', 'mutable-defaults'], { cwd: dir });
        expect(warm.stderr).not.toMatch(/internal error|undefined/);
        expect(warm.code).toBe(args[0] === '--check' ? 1 : 0);
        if (args[0] === '--check') expect(warm.stdout).toBe('mod.py\n');
        if (args[0] === '--format') expect(JSON.parse(warm.stdout).summary).toMatchObject({ changed: 1, unchanged: 4, skipped: 0, failed: 0 });
      }
    });
  }
});

describe('the cache folder', { timeout: 60_000 }, () => {
  it('refuses a folder of user files (--cache-dir .) and writes nothing into it', async () => {
    const dir = project();
    const before = readdirSync(dir).sort();
    const r = await runCli(['--cache-dir', '.'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error: the cache folder .* holds other files and is not a pycodemod cache; refusing to use it/);
    expect(readdirSync(dir).sort()).toEqual(before);
    mkdirSync(join(dir, '.pycodemod_cache'));
    writeFileSync(join(dir, '.pycodemod_cache/notes.txt'), 'mine');
    expect((await runCli([], { cwd: dir })).code).toBe(2); // the default place, taken by something else
    writeFileSync(join(dir, 'a-file'), '');
    expect((await runCli(['--cache-dir', 'a-file'], { cwd: dir })).stderr).toMatch(/the cache folder .*a-file is not a folder/);
  });

  it('uses an empty folder it was given without writing .gitignore or CACHEDIR.TAG there, and knows it next time', async () => {
    const dir = project();
    mkdirSync(join(dir, 'mine'));
    expect((await runCli(['--cache-dir', 'mine'], { cwd: dir })).code).toBe(0);
    expect(readdirSync(join(dir, 'mine'))).not.toContain('.gitignore');
    expect(readdirSync(join(dir, 'mine'))).not.toContain('CACHEDIR.TAG');
    const warm = await cached(dir, { cacheDir: 'mine' });
    expect(warm.stats).toMatchObject({ processed: 0, cacheHits: 4 });
  });

  it('creates a folder that is not there with .gitignore and CACHEDIR.TAG, and accepts one made by an older version', async () => {
    const dir = project();
    await runCli(['--cache-dir', 'new/cache'], { cwd: dir });
    expect(readFileSync(join(dir, 'new/cache/CACHEDIR.TAG'), 'utf8')).toMatch(/^Signature: 8a477f597d28d172789f06886806bc55\n/);
    rmSync(join(dir, 'new/cache/.pycodemod-cache')); // as an older version left it: .gitignore + CACHEDIR.TAG only
    expect((await runCli(['--cache-dir', 'new/cache'], { cwd: dir })).code).toBe(0);
  });
});
