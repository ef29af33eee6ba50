// Paths as reports, patches and pycodemod's own stores write them: `/`-separated, relative to a folder.
import { relative, sep } from 'node:path';

/** A path with `/` between its segments, whatever the platform's separator. */
export function toPosix(path: string): string {
  return path.split(sep).join('/');
}

/** `to` relative to the folder `from`, `/`-separated ('' when they are the same; `../x` outside `from`). */
export function relativePosix(from: string, to: string): string {
  return toPosix(relative(from, to));
}

/** The first folder of a relative path ("." for files at the top); `../x/y.py` is in `../x`. */
export function topDirectory(path: string): string {
  const parts = path.split('/');
  let i = 0;
  while (parts[i] === '..' && i < parts.length - 1) i++;
  if (i >= parts.length - 1) return parts.slice(0, i).join('/') || '.';
  return parts.slice(0, i + 1).join('/');
}
