// Paths as reports, patches and pycodemod's own stores write them: `/`-separated, relative to a folder.

/** The first folder of a relative path ("." for files at the top); `../x/y.py` is in `../x`. */
export function topDirectory(path: string): string {
  const parts = path.split('/');
  let i = 0;
  while (parts[i] === '..' && i < parts.length - 1) i++;
  if (i >= parts.length - 1) return parts.slice(0, i).join('/') || '.';
  return parts.slice(0, i + 1).join('/');
}
