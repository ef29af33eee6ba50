// `--shard K/N`: a deterministic 1/N of a run's files, for CI matrices that split one repository over
// machines. A file's shard depends on its own path only (a hash of it), so renaming, adding or removing
// other files never moves it to another shard, and every machine agrees without talking to the others.
import { UsageError } from '../core/errors.js';

export interface Shard {
  /** 1-based, as in `--shard 1/4` (jest and Playwright count the same way). */
  index: number;
  count: number;
}

/** What a shard's report carries so that `merge-reports` can rebuild the whole run's report exactly. */
export interface ShardInfo extends Shard {
  /** The whole run's number of results (every shard's files). */
  total: number;
  /** The position, in the whole run's order, of each of this shard's results. */
  positions: number[];
}

export const MAX_SHARDS = 10_000;

export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || count > MAX_SHARDS || index < 1 || index > count)
    throw new UsageError(`--shard must be K/N with 1 <= K <= N <= ${MAX_SHARDS} (the K-th of N shards), got ${JSON.stringify(text)}`);
  return { index, count };
}

/** The shard (1-based) a path belongs to among `count`: FNV-1a over its UTF-8 bytes, then a final mix. */
export function shardOf(path: string, count: number): number {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(path, 'utf8')) {
    h ^= byte;
    h = Math.imul(h, 0x01000193);
  }
  // murmur3's finalizer: FNV's low bits alone are poorly spread for small moduli.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return ((h >>> 0) % count) + 1;
}
