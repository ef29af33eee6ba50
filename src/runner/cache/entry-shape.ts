// What a cache entry must look like to be trusted. The cache file is plain JSON on disk: another version,
// a crash, a hand edit or a bad merge can leave valid JSON of the wrong shape, and replaying it would crash
// the run or report nonsense (`skipped: undefined`, exit 0 for a file that needs changes). Every field a
// replay reads is checked here; an entry that fails is a miss, and the file is processed again.
import type { CachedResult } from './file-cache.js';

export type Entry = [size: number, mtimeMs: number, ctimeMs: number, hash: string, trusted: 0 | 1, day: number, result: CachedResult];

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isPosition = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 1;
const isStr = (v: unknown): v is string => typeof v === 'string';
const isSha1 = (v: unknown): v is string => isStr(v) && /^[0-9a-f]{40}$/.test(v);
const optional = (v: unknown, test: (v: unknown) => boolean) => v === undefined || test(v);
const listOf = (v: unknown, test: (v: unknown) => boolean) => Array.isArray(v) && v.every(test);

export function isEntry(e: unknown): e is Entry {
  if (!Array.isArray(e) || e.length !== 7) return false;
  const [size, mtime, ctime, hash, trusted, day, result] = e as unknown[];
  return isCount(size) && isNum(mtime) && isNum(ctime) && isSha1(hash) && (trusted === 0 || trusted === 1) && isCount(day) && isCachedResult(result);
}

/** Only the kinds the cache records (isCacheable), each with every field its replay reads. */
export function isCachedResult(r: unknown): r is CachedResult {
  if (!isObj(r)) return false;
  switch (r.kind) {
    case 'unchanged':
      return listOf(r.skips, isSkip);
    case 'failed':
      return (
        r.cause === 'syntax-error' &&
        isObj(r.error) &&
        isStr(r.error.message) &&
        optional(r.error.line, isPosition) &&
        optional(r.error.column, isPosition) &&
        optional(r.transformId, isStr)
      );
    case 'skipped':
      return (r.reason === 'encoding' || r.reason === 'skip-file') && isStr(r.detail);
    case 'changed':
      return (
        isSha1(r.blob) &&
        listOf(r.edits, isAppliedEdit) &&
        listOf(r.skips, isSkip) &&
        optional(r.hunks, (h) => listOf(h, isHunk)) &&
        optional(r.bom, (b) => b === true) &&
        optional(r.delta, isDelta)
      );
    default:
      return false;
  }
}

/** Replacements in order, none overlapping the one before. */
function isDelta(d: unknown): boolean {
  if (!Array.isArray(d)) return false;
  let at = 0;
  for (const r of d) {
    if (!Array.isArray(r) || r.length !== 3 || !isCount(r[0]) || !isCount(r[1]) || !isStr(r[2]) || r[0] < at || r[1] < r[0]) return false;
    at = r[1];
  }
  return true;
}

function isSkip(s: unknown): boolean {
  return isObj(s) && isStr(s.transformId) && isCount(s.offset) && isPosition(s.line) && isPosition(s.column) && isStr(s.reason);
}

function isAppliedEdit(e: unknown): boolean {
  return isObj(e) && isStr(e.transform) && isPosition(e.line) && isPosition(e.column) && isStr(e.message) && isPosition(e.startLine) && isPosition(e.endLine);
}

function isHunk(h: unknown): boolean {
  return (
    isObj(h) && isCount(h.oldStart) && isCount(h.oldLines) && isCount(h.newStart) && isCount(h.newLines) &&
    listOf(h.lines, (l) => isStr(l) && /^[-+ \\]/.test(l))
  );
}
