// What a cache file is valid for: the tool version, the code that runs, the settings and the selected
// transforms. Any change gives a new key, hence a new (empty) cache file: nothing is ever reused
// across configurations.
import { hash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Settings } from '../../core/settings.js';
import type { AnyTransform } from '../../core/types.js';
import { VERSION } from '../../core/version.js';
import { builtinTransforms } from '../../../transforms/index.js';
import { pluginOrigin } from '../../plugins/load.js';

/** Bump when the layout of a cache file changes. */
export const CACHE_FORMAT = 1;

export interface CacheKeyInput {
  transforms: readonly AnyTransform[];
  settings: Settings;
  /** Tests pass another version to check that a new release starts a new cache. */
  version?: string;
  /** The cache folder: not a module, even when it sits in a src root under an importable name. */
  cacheDir?: string;
}

export function cacheKey(input: CacheKeyInput): string {
  const parts = {
    format: CACHE_FORMAT,
    version: input.version ?? VERSION,
    // A development build keeps its version number while its code changes: the size and mtime of every
    // module of the running build stand in for "the code" (a release only changes with its version).
    code: codeFingerprint(),
    transforms: input.transforms.map((t) => {
      const identity = transformIdentity(t);
      if (identity === undefined) throw new Error(`transform ${t.id} has no cache identity: check uncacheable() first`);
      return identity;
    }),
    settings: input.settings,
    // group-imports asks the file system whether a module is first-party (a folder or .py file in a src
    // root): a module appearing or vanishing there changes results of files whose bytes did not change.
    layout: input.settings.src.map((root) => srcLayout(root, input.cacheDir)),
  };
  return hashText(JSON.stringify(parts)).slice(0, 20);
}

/**
 * What the cache knows a transform's code by, or undefined when it cannot know it. A built-in transform
 * is covered by the build fingerprint (its id is enough); a plugin loaded by path by its built module's
 * hash (plugins/bundle.ts). Any other transform object from a library caller is
 * known only by the `cacheKey` it declares: hashing its function's text would miss the values it closes
 * over (`renameCall('fetch', 'get')` and `renameCall('get', 'fetch')` have the same source) and the
 * helpers it calls, and replay the other one's results.
 */
export function transformIdentity(t: AnyTransform): string | undefined {
  if (builtinTransforms.includes(t)) return t.id;
  // A plugin: the hash of its built module (its code and every local module it imports) and its packages.
  const origin = pluginOrigin(t);
  if (origin) return `${t.id}:plugin:${origin.hash}`;
  // The declared key, plus the function text as a guard against forgetting to change it after an edit.
  if (typeof t.cacheKey === 'string') return `${t.id}:declared:${hashText(t.cacheKey)}:${hashText(String(t.transform))}`;
  return undefined;
}

/** Why a run with these transforms cannot use the cache, or undefined when it can. */
export function uncacheable(transforms: readonly AnyTransform[]): string | undefined {
  const unknown = transforms.filter((t) => transformIdentity(t) === undefined).map((t) => t.id);
  if (unknown.length === 0) return undefined;
  return (
    `the cache is off for this run: pycodemod cannot see the code of transform ${unknown.join(', ')} ` +
    '(an object passed in `transforms`; it may close over values): load it by path (`plugins`) or give it a `cacheKey`'
  );
}

export function hashText(text: string | Uint8Array): string {
  return hash('sha1', text, 'hex');
}

/** The importable names at the top of a source root (folders and .py/.pyi files). */
function srcLayout(root: string, cacheDir: string | undefined): string[] {
  const holdsCache = (name: string) => !!cacheDir && (cacheDir === join(root, name) || cacheDir.startsWith(join(root, name) + sep));
  try {
    return readdirSync(root, { withFileTypes: true })
      .filter((e) =>
        e.isDirectory()
          ? /^[A-Za-z_]\w*$/.test(e.name) && e.name !== '__pycache__' && !holdsCache(e.name)
          : /^[A-Za-z_]\w*\.pyi?$/.test(e.name),
      )
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

let fingerprint: string | undefined;

/** Size and mtime of the running build's modules (`<build>/src`, `<build>/transforms`), hashed once per process. */
export function codeFingerprint(): string {
  if (fingerprint !== undefined) return fingerprint;
  // This file is <build>/src/runner/cache/key.(js|ts), <build> being dist/ or the repository itself.
  const build = dirname(dirname(dirname(dirname(fileURLToPath(import.meta.url)))));
  const seen: string[] = [];
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const abs = join(dir, e.name);
      if (e.isDirectory()) walk(abs);
      else if (/\.(js|ts|mjs|cjs)$/.test(e.name) && !e.name.endsWith('.d.ts')) {
        try {
          const st = statSync(abs);
          seen.push(`${abs}:${st.size}:${st.mtimeMs}`);
        } catch {
          /* vanished while we looked: it does not count */
        }
      }
    }
  };
  walk(join(build, 'src'));
  walk(join(build, 'transforms'));
  fingerprint = hashText(seen.sort().join('\n'));
  return fingerprint;
}
