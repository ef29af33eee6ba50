// The cache must never replay a result computed by other code: custom transform objects whose code
// pycodemod cannot see (closures) are not cached unless they declare a cache identity.
import { utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineTransform, run, type AnyTransform } from '../src/index.js';
import { tempProject } from './helpers/cli.js';

const HOUR_AGO = Date.now() / 1000 - 3600;

/** A factory: every transform it makes has the same function source; only the closed-over names differ. */
function renameCall(from: string, to: string, extra: Partial<AnyTransform> = {}): AnyTransform {
  return defineTransform({
    id: 'rename-call',
    description: `rename ${from}() to ${to}()`,
    docs: { whatItDoes: '', why: '', example: { before: '', after: '' }, semantics: '' },
    options: {},
    ...extra,
    transform(ctx) {
      for (const m of ctx.source.matchAll(new RegExp(`\\b${from}\\(`, 'g')))
        ctx.report({ offset: m.index, message: `${from} -> ${to}`, fix: [{ start: m.index, end: m.index + from.length, text: to }] });
    },
  });
}

function project(): string {
  const dir = tempProject({ 'a.py': 'fetch(1)\nget(2)\n', 'b.py': 'x = 1\n' });
  for (const f of ['a.py', 'b.py']) utimesSync(join(dir, f), HOUR_AGO, HOUR_AGO);
  return dir;
}

describe('cache with transform objects from the library', () => {
  it('never replays a result from different closure parameters', async () => {
    const dir = project();
    const first = await run({ cwd: dir, cache: true, transforms: [renameCall('fetch', 'get')] });
    const a1 = first.results.find((r) => r.path === 'a.py');
    expect(a1).toMatchObject({ kind: 'changed', after: 'get(1)\nget(2)\n' });
    const second = await run({ cwd: dir, cache: true, transforms: [renameCall('get', 'fetch')] });
    expect(second.stats.cacheHits).toBe(0);
    expect(second.results.find((r) => r.path === 'a.py')).toMatchObject({ kind: 'changed', after: 'fetch(1)\nfetch(2)\n' });
    // The b.py result (unchanged) would have been replayed too: nothing was.
    expect(second.stats.processed).toBe(2);
  });

  it('says why the cache was not used', async () => {
    const dir = project();
    const r = await run({ cwd: dir, cache: true, transforms: [renameCall('fetch', 'get')] });
    expect(r.stats.cacheHits).toBe(0);
    expect(r.stats.cacheDir).toBeUndefined();
    expect(r.stats.cacheOffReason).toMatch(/rename-call/);
    expect(r.stats.cacheOffReason).toMatch(/cacheKey/);
  });

  it('caches a transform object that declares its cache identity, keyed by it', async () => {
    const dir = project();
    const v1 = () => renameCall('fetch', 'get', { cacheKey: 'fetch->get' });
    await run({ cwd: dir, cache: true, transforms: [v1()] });
    const warm = await run({ cwd: dir, cache: true, transforms: [v1()] });
    expect(warm.stats).toMatchObject({ processed: 0, cacheHits: 2 });
    expect(warm.stats.cacheOffReason).toBeUndefined();
    const other = await run({ cwd: dir, cache: true, transforms: [renameCall('get', 'fetch', { cacheKey: 'get->fetch' })] });
    expect(other.stats.cacheHits).toBe(0);
    expect(other.results.find((r) => r.path === 'a.py')).toMatchObject({ kind: 'changed', after: 'fetch(1)\nfetch(2)\n' });
  });

  it('still caches the built-in transforms passed explicitly', async () => {
    const dir = project();
    const { builtinTransforms } = await import('../src/index.js');
    await run({ cwd: dir, cache: true, transforms: builtinTransforms });
    const warm = await run({ cwd: dir, cache: true, transforms: builtinTransforms });
    expect(warm.stats.cacheHits).toBe(2);
  });
});
