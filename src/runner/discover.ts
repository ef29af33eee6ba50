// File discovery: expand paths into a sorted, de-duplicated list of Python files, honouring
// .gitignore files (nested ones too), a default exclude list and the user's globs.
import { lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';

export const DEFAULT_EXCLUDE = [
  '.git', '.hg', '.svn', '.venv', 'venv', '.tox', '.nox', '__pycache__', 'node_modules', 'build', 'dist',
  'site-packages', '.mypy_cache', '.pytest_cache', '.ruff_cache', '.pycodemod_cache', '*.egg-info',
];

export interface DiscoverOptions {
  /** Replaces DEFAULT_EXCLUDE when given. */
  exclude?: string[];
  extendExclude?: string[];
  /** Folder that exclude globs are relative to (the project root). */
  root: string;
  respectGitignore?: boolean;
}

export interface Discovered {
  files: string[];
  /** Paths named on the command line that do not exist. */
  missing: string[];
}

const PYTHON_FILE = /\.pyi?$/;

export function discoverFiles(paths: readonly string[], options: DiscoverOptions): Discovered {
  const excludes = ignore().add([...(options.exclude ?? DEFAULT_EXCLUDE), ...(options.extendExclude ?? [])]);
  const found = new Set<string>();
  const missing: string[] = [];
  const isExcluded = (abs: string, isDir: boolean) => {
    const rel = relative(options.root, abs);
    if (rel === '' || rel.startsWith('..')) {
      // Outside the project root: match the globs against the path's own name only.
      const name = abs.split(sep).pop()!;
      return excludes.ignores(isDir ? `${name}/` : name);
    }
    return excludes.ignores(toPosix(rel) + (isDir ? '/' : ''));
  };

  for (const p of paths) {
    const abs = resolve(p);
    let st;
    try {
      st = statSync(abs);
    } catch {
      missing.push(p);
      continue;
    }
    // A file named explicitly is processed whatever the excludes say (as Ruff and black do).
    if (st.isFile()) found.add(abs);
    else if (st.isDirectory()) walk(abs, gitignoresAbove(abs, options), found, isExcluded, options.respectGitignore !== false);
  }
  return { files: [...found].sort(comparePaths), missing };
}

interface GitignoreScope {
  dir: string;
  rules: Ignore;
}

function walk(
  dir: string,
  gitignores: GitignoreScope[],
  found: Set<string>,
  isExcluded: (abs: string, isDir: boolean) => boolean,
  respectGitignore: boolean,
): void {
  let scopes = gitignores;
  if (respectGitignore) {
    const own = readGitignore(dir);
    if (own) scopes = [...gitignores, own];
  }
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return; // unreadable folder: nothing to do in it
  }
  for (const entry of entries) {
    const abs = join(dir, entry.name);
    // Symlinked folders are not followed (they loop, or lead out of the project).
    const isDir = entry.isDirectory();
    const isFile = entry.isFile() || (entry.isSymbolicLink() && isFileLink(abs));
    if (!isDir && !isFile) continue;
    if (isExcluded(abs, isDir) || gitignored(scopes, abs, isDir)) continue;
    if (isDir) walk(abs, scopes, found, isExcluded, respectGitignore);
    else if (PYTHON_FILE.test(entry.name)) found.add(abs);
  }
}

function isFileLink(abs: string): boolean {
  try {
    return statSync(abs).isFile();
  } catch {
    return false;
  }
}

function gitignored(scopes: GitignoreScope[], abs: string, isDir: boolean): boolean {
  for (const scope of scopes) {
    const rel = toPosix(relative(scope.dir, abs));
    if (rel && !rel.startsWith('..') && scope.rules.ignores(isDir ? `${rel}/` : rel)) return true;
  }
  return false;
}

function readGitignore(dir: string): GitignoreScope | undefined {
  try {
    const text = readFileSync(join(dir, '.gitignore'), 'utf8');
    return { dir, rules: ignore().add(text) };
  } catch {
    return undefined;
  }
}

/** .gitignore files of the folders above a walked path, up to the repository root. */
function gitignoresAbove(dir: string, options: DiscoverOptions): GitignoreScope[] {
  if (options.respectGitignore === false) return [];
  const chain: GitignoreScope[] = [];
  if (exists(join(dir, '.git'))) return chain; // the folder is a repository root itself
  let cur = resolve(dir, '..');
  for (;;) {
    const g = readGitignore(cur);
    if (g) chain.unshift(g);
    if (exists(join(cur, '.git'))) break;
    const up = resolve(cur, '..');
    if (up === cur) return []; // not in a repository: parent .gitignore files do not apply
    cur = up;
  }
  return chain;
}

function exists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

const toPosix = (p: string) => p.split(sep).join('/');

/** Byte-wise order of the path strings, the same on every machine and locale. */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
