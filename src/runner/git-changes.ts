// `--since REV`: the files changed since a git revision, as `git diff --name-only REV` sees them (the work
// tree against REV: committed, staged and unstaged changes; a renamed file under its new name), plus the
// untracked files git does not ignore. Deleted files are not listed (there is nothing to process).
import { execFileSync } from 'node:child_process';
import { dirname, join, posix } from 'node:path';
import { statSync } from 'node:fs';
import { UsageError } from '../core/errors.js';

/**
 * The changed files under `paths` (absolute), spelled as a walk from those paths spells them (the same
 * prefix as the path given, even through a symbolic link to the repository). Each path's own repository
 * is asked (`pycodemod --since main repo-a repo-b` works when both have a `main`).
 */
export function changedFiles(paths: readonly string[], rev: string): Set<string> {
  if (rev === '' || rev.startsWith('-')) throw new UsageError(`--since needs a git revision, got ${JSON.stringify(rev)}`);
  const changed = new Set<string>();
  const byRepository = new Map<string, string[]>(); // top level -> its changed files, relative to it (posix)
  for (const path of paths) {
    const folder = isFolder(path) ? path : dirname(path);
    if (!isFolder(folder)) continue; // a missing path: reported as such by discovery
    const [top, prefix = ''] = gitLines(folder, ['rev-parse', '--show-toplevel', '--show-prefix'], () =>
      `--since needs a git repository: ${path} is not in one`,
    );
    let files = byRepository.get(top!);
    if (!files) {
      files = listChanges(top!, rev);
      byRepository.set(top!, files);
    }
    // `folder` is the folder `prefix` names in the repository (`sub/dir/`, or empty at the top): the files
    // under it are spelled from `folder` itself, so a path through a symbolic link keeps its spelling.
    for (const file of files) if (file.startsWith(prefix)) changed.add(join(folder, ...file.slice(prefix.length).split('/')));
  }
  return changed;
}

function listChanges(top: string, rev: string): string[] {
  const fail = (detail: string) => `--since ${rev}: git does not know this revision in ${top} (${detail})`;
  // `--` after the revision: a revision that is also a file name is still read as the revision.
  const diff = gitOutput(top, ['diff', '--name-only', '-z', '--no-ext-diff', '--no-textconv', rev, '--'], fail);
  const untracked = gitOutput(top, ['ls-files', '-z', '--others', '--exclude-standard'], (d) => `git ls-files failed in ${top} (${d})`);
  return [...diff.split('\0'), ...untracked.split('\0')].filter(Boolean).map((f) => posix.normalize(f));
}

function gitLines(cwd: string, args: string[], message: (detail: string) => string): string[] {
  return gitOutput(cwd, args, message).split('\n');
}

function gitOutput(cwd: string, args: string[], message: (detail: string) => string): string {
  try {
    // core.quotePath off and -z: names come back as they are (spaces, newlines, non-ASCII).
    return execFileSync('git', ['-c', 'core.quotePath=false', ...args], {
      cwd,
      encoding: 'utf8',
      maxBuffer: 1024 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' },
    });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') throw new UsageError('--since needs git, which is not on the PATH');
    const detail = (e.stderr ?? '').trim().split('\n').filter(Boolean).at(-1) ?? e.message;
    throw new UsageError(message(detail.replace(/^fatal: /, '')));
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
