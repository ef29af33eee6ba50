// File discovery: expand paths into a sorted, de-duplicated list of Python files, honouring
// .gitignore files (nested ones too), a default exclude list and the user's globs.
//
// What cannot be processed is never dropped silently; it comes back in `problems`, to be reported in
// path order with the files:
// - a folder that cannot be listed, or whose .gitignore cannot be read (its files are not processed:
//   their ignore rules are unknown), and a path named on the command line that cannot be examined;
// - a FIFO, socket or device: named on the command line, an error; found under a Python file name in a
//   folder, a skip (only regular files are ever read);
// - a symbolic link whose target is outside the project (the project root and the folders named on the
//   command line): a skip. A link inside it is processed (and written through), once per real file.
import { lstatSync, readdirSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { fileKind, readFailure, readRegularTextIfExists } from '../core/regular-file.js';
import type { SkipReason } from './file-result.js';
import { isStaleTemp, isTempName } from './write-file.js';

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
  /** Also list temp files an interrupted `--write` left in the folders seen (see write-file.ts). */
  findStaleTemps?: boolean;
  /**
   * Apply the excludes to files named explicitly too (`--force-exclude`, for pre-commit and editors, which
   * pass every file by name): such a file is reported as skipped (`excluded`) instead of processed.
   */
  forceExclude?: boolean;
  /**
   * Only these files (absolute paths, as the walk spells them) can be found (`--since`): the walk enters
   * only the folders that lead to one of them, and every other rule (excludes, .gitignore) still applies.
   */
  only?: ReadonlySet<string>;
}

/** Something found that is not processed, with why: reported as a failed or skipped result. */
export type DiscoveryProblem =
  | { path: string; kind: 'failed'; message: string }
  | { path: string; kind: 'skipped'; reason: SkipReason; detail: string };

export interface Discovered {
  files: string[];
  /** Paths named on the command line that do not exist. */
  missing: string[];
  /** Absolute paths that were found but are not processed, sorted. */
  problems: DiscoveryProblem[];
  /** Temp files of an earlier, interrupted write (only with `findStaleTemps`). */
  staleTemps: string[];
}

const PYTHON_FILE = /\.pyi?$/;

export function discoverFiles(paths: readonly string[], options: DiscoverOptions): Discovered {
  const excludes = ignore().add([...(options.exclude ?? DEFAULT_EXCLUDE), ...(options.extendExclude ?? [])]);
  const state: WalkState = {
    found: new Map(),
    problems: new Map(),
    staleTemps: new Set(),
    links: [],
    respectGitignore: options.respectGitignore !== false,
    findStaleTemps: options.findStaleTemps === true,
    only: options.only,
    onlyFolders: options.only && foldersLeadingTo(options.only),
    isExcluded: (abs: string, isDir: boolean) => {
      const rel = relative(options.root, abs);
      if (rel === '' || rel.startsWith('..')) {
        // Outside the project root: match the globs against the path's own name only.
        const name = abs.split(sep).pop()!;
        return excludes.ignores(isDir ? `${name}/` : name);
      }
      return excludes.ignores(toPosix(rel) + (isDir ? '/' : ''));
    },
  };
  const missing: string[] = [];
  // Where a symbolic link may lead: the project root and every folder named (as the user sees them and
  // as they really are).
  const allowed = new Set<string>([resolve(options.root), realOrSelf(options.root)]);
  const tempFolders = new Set<string>();

  for (const p of paths) {
    const abs = resolve(p);
    let st: Stats;
    try {
      st = statSync(abs);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        if (isLink(abs)) state.problems.set(abs, { path: abs, kind: 'skipped', reason: 'symlink', detail: 'is a broken symbolic link' });
        else missing.push(p);
      } else state.problems.set(abs, { path: abs, kind: 'failed', message: `cannot examine it: ${readFailure(err)}` });
      continue;
    }
    // A file named explicitly is processed whatever the excludes say (as Ruff and black do), unless
    // --force-exclude (pre-commit passes every staged file by name).
    if (st.isFile()) {
      if (options.only && !options.only.has(abs)) continue;
      if (options.forceExclude && state.isExcluded(abs, false)) {
        state.problems.set(abs, forceExcluded(abs));
        continue;
      }
      if (isLink(abs)) state.links.push({ path: abs, named: true });
      else state.found.set(abs, { real: realOrSelf(abs) });
      tempFolders.add(dirname(abs));
    } else if (st.isDirectory()) {
      if (state.onlyFolders && !state.onlyFolders.has(abs)) continue;
      allowed.add(abs);
      allowed.add(realOrSelf(abs));
      const above = gitignoresAbove(abs, state.respectGitignore);
      if ('error' in above) state.problems.set(above.path, gitignoreProblem(above.path, abs, above.error));
      else walk(abs, realOrSelf(abs), above.scopes, state);
    } else {
      // `pycodemod fifo.py`: reported, never opened (it would block until someone writes to it).
      state.problems.set(abs, { path: abs, kind: 'failed', message: `${fileKind(st)}, not a regular file: not read (only regular files are processed)` });
    }
  }

  // Symbolic links: followed only into the project, then known by the file they lead to.
  for (const link of state.links) {
    let real: string;
    try {
      real = realpathSync.native(link.path);
    } catch {
      state.problems.set(link.path, { path: link.path, kind: 'skipped', reason: 'symlink', detail: 'is a broken symbolic link' });
      continue;
    }
    if (![...allowed].some((root) => real === root || real.startsWith(root.endsWith(sep) ? root : root + sep))) {
      state.problems.set(link.path, {
        path: link.path,
        kind: 'skipped',
        reason: 'symlink',
        detail: `is a symbolic link to ${real}, outside the project; not followed${link.named ? ' (name the file itself to process it)' : ''}`,
      });
      continue;
    }
    state.found.set(link.path, { real, link: true });
  }
  // Two names for one file (a link and its target, two links) are processed once: by the file's own
  // name when it was found, else by the first link in path order.
  const byReal = new Map<string, string>();
  for (const abs of [...state.found.keys()].sort(comparePaths)) {
    const { real, link } = state.found.get(abs)!;
    const kept = byReal.get(real);
    if (kept === undefined || (state.found.get(kept)!.link && !link)) byReal.set(real, abs);
  }

  if (state.findStaleTemps)
    for (const dir of tempFolders) {
      try {
        for (const name of readdirSync(dir)) if (isTempName(name) && isStaleTemp(join(dir, name))) state.staleTemps.add(join(dir, name));
      } catch {
        /* cleaning up is a courtesy: a folder we cannot list keeps its leftovers */
      }
    }

  return {
    files: [...byReal.values()].sort(comparePaths),
    missing,
    problems: [...state.problems.values()].sort((a, b) => comparePaths(a.path, b.path)),
    staleTemps: [...state.staleTemps].sort(comparePaths),
  };
}

interface GitignoreScope {
  dir: string;
  rules: Ignore;
}

interface WalkState {
  /** Files to process: absolute path -> its real path (and whether the path is a symbolic link). */
  found: Map<string, { real: string; link?: boolean }>;
  problems: Map<string, DiscoveryProblem>;
  staleTemps: Set<string>;
  /** Symbolic links to files, checked once the allowed roots are all known. */
  links: { path: string; named: boolean }[];
  isExcluded: (abs: string, isDir: boolean) => boolean;
  respectGitignore: boolean;
  findStaleTemps: boolean;
  /** `--since`: the only files that can be found, and the folders that lead to them. */
  only?: ReadonlySet<string>;
  onlyFolders?: ReadonlySet<string>;
}

/** Every folder above each of the files (up to the file system's root): the walk enters only those. */
function foldersLeadingTo(files: ReadonlySet<string>): Set<string> {
  const folders = new Set<string>();
  for (const file of files)
    for (let dir = dirname(file); !folders.has(dir); dir = dirname(dir)) {
      folders.add(dir);
      if (dirname(dir) === dir) break;
    }
  return folders;
}

/** `real` is the folder's real path: a file's real path is then `real` + its name, with no system call. */
function walk(dir: string, real: string, gitignores: GitignoreScope[], state: WalkState): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return; // removed while we walked: nothing left to process
    state.problems.set(dir, { path: dir, kind: 'failed', message: `cannot list the folder: ${readFailure(err)}; its files were not processed` });
    return;
  }
  let scopes = gitignores;
  if (state.respectGitignore && entries.some((e) => e.name === '.gitignore')) {
    const own = readGitignore(dir);
    if (own && 'error' in own) {
      // Without its ignore rules, walking on could rewrite files the project keeps out (generated, vendored).
      state.problems.set(own.path, gitignoreProblem(own.path, dir, own.error));
      return;
    }
    if (own) scopes = [...gitignores, own];
  }
  for (const entry of entries) {
    const abs = join(dir, entry.name);
    if (state.findStaleTemps && entry.isFile() && isTempName(entry.name)) {
      if (isStaleTemp(abs)) state.staleTemps.add(abs);
      continue;
    }
    // Symlinked folders are not followed (they loop, or lead out of the project).
    const isDir = entry.isDirectory();
    const link = entry.isSymbolicLink();
    if (!isDir && !PYTHON_FILE.test(entry.name)) continue;
    if (state.only && !(isDir ? state.onlyFolders!.has(abs) : state.only.has(abs))) continue;
    if (state.isExcluded(abs, isDir) || gitignored(scopes, abs, isDir)) continue;
    if (isDir) walk(abs, join(real, entry.name), scopes, state);
    else if (entry.isFile()) state.found.set(abs, { real: join(real, entry.name) });
    else if (link) {
      const target = statOrUndefined(abs);
      if (target === undefined) state.problems.set(abs, { path: abs, kind: 'skipped', reason: 'symlink', detail: 'is a broken symbolic link' });
      else if (target.isFile()) state.links.push({ path: abs, named: false });
      else if (!target.isDirectory()) state.problems.set(abs, notAFile(abs, target));
    } else state.problems.set(abs, notAFile(abs, entry));
  }
}

/** A file named on the command line that the excludes leave out under --force-exclude: reported as skipped. */
export function forceExcluded(path: string): DiscoveryProblem {
  return { path, kind: 'skipped', reason: 'excluded', detail: 'excluded by the configuration (--force-exclude)' };
}

function notAFile(abs: string, what: Stats | Dirent): DiscoveryProblem {
  return { path: abs, kind: 'skipped', reason: 'not-a-file', detail: `is ${fileKind(what as Stats)}, not a regular file: not read` };
}

function gitignoreProblem(path: string, dir: string, error: unknown): DiscoveryProblem {
  return { path, kind: 'failed', message: `cannot read it: ${readFailure(error)}; the files under ${dir} were not processed (their ignore rules are unknown)` };
}

function gitignored(scopes: GitignoreScope[], abs: string, isDir: boolean): boolean {
  for (const scope of scopes) {
    const rel = toPosix(relative(scope.dir, abs));
    if (rel && !rel.startsWith('..') && scope.rules.ignores(isDir ? `${rel}/` : rel)) return true;
  }
  return false;
}

/** The folder's .gitignore rules; undefined when it has none; the error when it has one that cannot be read. */
function readGitignore(dir: string): GitignoreScope | { path: string; error: unknown } | undefined {
  const path = join(dir, '.gitignore');
  try {
    const text = readRegularTextIfExists(path);
    return text === undefined ? undefined : { dir, rules: ignore().add(text) };
  } catch (error) {
    return { path, error };
  }
}

/** .gitignore files of the folders above a walked path, up to the repository root. */
function gitignoresAbove(dir: string, respectGitignore: boolean): { scopes: GitignoreScope[] } | { path: string; error: unknown } {
  const chain: GitignoreScope[] = [];
  if (!respectGitignore) return { scopes: chain };
  if (exists(join(dir, '.git'))) return { scopes: chain }; // the folder is a repository root itself
  let cur = resolve(dir, '..');
  for (;;) {
    const g = readGitignore(cur);
    if (g && 'error' in g) return g;
    if (g) chain.unshift(g);
    if (exists(join(cur, '.git'))) break;
    const up = resolve(cur, '..');
    if (up === cur) return { scopes: [] }; // not in a repository: parent .gitignore files do not apply
    cur = up;
  }
  return { scopes: chain };
}

function exists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

function isLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

function statOrUndefined(p: string): Stats | undefined {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
}

function realOrSelf(p: string): string {
  try {
    return realpathSync.native(p);
  } catch {
    return resolve(p);
  }
}

const toPosix = (p: string) => p.split(sep).join('/');

/** Byte-wise order of the path strings, the same on every machine and locale. */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
