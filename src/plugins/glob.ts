// Plugin paths may be globs (`codemods/*.ts`, `codemods/**/*.ts`, `codemods/{a,b}.ts`). Node 20 has no
// stable glob API, and the few patterns plugin lists need fit in a page: `*` and `?` within a path segment,
// `[abc]` classes, `{a,b}` alternatives and `**` for any depth of folders (never into node_modules or
// hidden folders). Matches come back sorted, so the registry order does not depend on the file system.
import { readdirSync } from 'node:fs';
import { isAbsolute, join, resolve, sep } from 'node:path';
import { comparePaths } from '../runner/discover.js';

export function isGlob(pattern: string): boolean {
  return /[*?[\]{}]/.test(pattern);
}

/** The files `pattern` (relative to `base`, or absolute) matches, sorted. */
export function expandGlob(pattern: string, base: string): string[] {
  const found = new Set<string>();
  for (const alternative of expandBraces(pattern.split(sep).join('/'))) {
    const absolute = isAbsolute(alternative);
    const segments = alternative.split('/').filter((s, i) => s !== '' && !(s === '.' && i > 0));
    // The literal folders before the first wildcard are where the walk starts.
    let start = absolute ? '/' : base;
    while (segments.length > 1 && !isGlob(segments[0]!)) start = resolve(start, segments.shift()!);
    match(start, segments.map(segmentMatcher), found);
  }
  return [...found].sort(comparePaths);
}

type Matcher = '**' | RegExp;

function segmentMatcher(segment: string): Matcher {
  if (segment === '**') return '**';
  let re = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = segment.indexOf(']', i + 1);
      if (close < 0) re += '\\[';
      else {
        const body = segment.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\');
        re += `[${body}]`;
        i = close;
      }
    } else re += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  // Like a shell, a wildcard does not match a leading dot; a segment that starts with one does.
  return new RegExp(segment.startsWith('.') ? `^${re}$` : `^(?!\\.)${re}$`);
}

function match(dir: string, rest: Matcher[], found: Set<string>): void {
  const [head, ...tail] = rest;
  if (head === undefined) return;
  if (head === '**') {
    // Zero folders...
    match(dir, tail, found);
    // ...or one more, then `**` again.
    for (const e of entries(dir))
      if (e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules') match(join(dir, e.name), rest, found);
    return;
  }
  for (const e of entries(dir)) {
    if (!head.test(e.name)) continue;
    const abs = join(dir, e.name);
    if (tail.length === 0) {
      if (e.isFile() || e.isSymbolicLink()) found.add(abs);
    } else if (e.isDirectory() || e.isSymbolicLink()) match(abs, tail, found);
  }
}

function entries(dir: string) {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** `a/{b,c}/*.ts` -> `a/b/*.ts`, `a/c/*.ts` (nested braces too). */
function expandBraces(pattern: string): string[] {
  const open = pattern.indexOf('{');
  if (open < 0) return [pattern];
  let depth = 0;
  const parts: string[] = [];
  let from = open + 1;
  for (let i = open; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) {
      parts.push(pattern.slice(from, i));
      const before = pattern.slice(0, open);
      const after = pattern.slice(i + 1);
      return parts.flatMap((p) => expandBraces(before + p + after));
    } else if (c === ',' && depth === 1) {
      parts.push(pattern.slice(from, i));
      from = i + 1;
    }
  }
  return [pattern]; // unbalanced: taken literally
}
