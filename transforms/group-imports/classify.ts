// Which section an import belongs to, and why (the `--explain-imports` text shows the reason).
//
// The order of the checks is Ruff's: `__future__`, relative imports, the user's known-* lists, the
// standard library of the target version, the file's own package, modules found under the `src`
// roots, `__main__`, and finally third-party as the default.
import { statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Settings } from '../../src/core/settings.js';
import { targetMinor } from '../../src/core/settings.js';
import { stdlibModules } from '../../src/core/python/stdlib.js';
import { detached } from '../../src/core/text.js';

export const SECTIONS = ['future', 'standard-library', 'third-party', 'first-party', 'local-folder'] as const;
export type Section = (typeof SECTIONS)[number];

export interface Classification {
  section: Section;
  reason: string;
}

/** `*` and `?` globs, as Ruff's and isort's known-* settings allow. */
function globMatcher(pattern: string): (name: string) => boolean {
  if (!/[*?[]/.test(pattern)) return (name) => name === pattern;
  const re = new RegExp(
    '^' + pattern.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$',
  );
  return (name) => re.test(name);
}

interface KnownList {
  patterns: { text: string; matches: (name: string) => boolean }[];
  /** Any pattern naming a submodule (`pkg.sub`): then every prefix of a name is tried, longest first. */
  dotted: boolean;
}

function knownList(names: readonly string[]): KnownList {
  return { patterns: names.map((text) => ({ text, matches: globMatcher(text) })), dotted: names.some((n) => n.includes('.')) };
}

function findKnown(list: KnownList, module: string): string | undefined {
  if (list.patterns.length === 0) return undefined;
  const candidates: string[] = [];
  if (list.dotted) {
    const parts = module.split('.');
    for (let n = parts.length; n >= 1; n--) candidates.push(parts.slice(0, n).join('.'));
  } else candidates.push(module.split('.')[0]!);
  for (const candidate of candidates) {
    const hit = list.patterns.find((p) => p.matches(candidate));
    if (hit) return hit.text;
  }
  return undefined;
}

// File-system answers are cached for the thread: the same roots and folders are asked about for
// every file. One stat per path, no exception for a missing one.
const statCache = new Map<string, 'dir' | 'file' | undefined>();
function kindOf(p: string): 'dir' | 'file' | undefined {
  if (statCache.has(p)) return statCache.get(p);
  let kind: 'dir' | 'file' | undefined;
  try {
    const st = statSync(p, { throwIfNoEntry: false });
    kind = st === undefined ? undefined : st.isDirectory() ? 'dir' : 'file';
  } catch {
    kind = undefined;
  }
  statCache.set(p, kind);
  return kind;
}
const isDir = (p: string) => kindOf(p) === 'dir';
const isFile = (p: string) => kindOf(p) === 'file';

const packageRootCache = new Map<string, string | undefined>();

/** The top-most folder above `file` that is a package (has `__init__.py` all the way up), if any. */
export function packageRootOf(file: string): string | undefined {
  const start = dirname(file);
  if (packageRootCache.has(start)) return packageRootCache.get(start);
  let dir = start;
  let root: string | undefined;
  while (isFile(join(dir, '__init__.py')) || isFile(join(dir, '__init__.pyi'))) {
    root = dir;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  packageRootCache.set(start, root);
  return root;
}

const absolute = (settings: Settings, path: string) => (isAbsolute(path) ? path : resolve(settings.projectRoot, path));

// Answers depend only on the settings and the file's package, so files of one package share a
// classifier (and its cache) for the thread; looked up by the file's folder.
const classifiers = new WeakMap<Settings, { byFolder: Map<string, Classifier>; byPackage: Map<string, Classifier> }>();

/** The classifier for a file: shared by the files of one package under the same settings. */
export function classifierFor(settings: Settings, path: string): Classifier {
  let known = classifiers.get(settings);
  if (!known) classifiers.set(settings, (known = { byFolder: new Map(), byPackage: new Map() }));
  const file = absolute(settings, path);
  const folder = dirname(file);
  let c = known.byFolder.get(folder);
  if (!c) {
    const key = packageRootOf(file) ?? '';
    c = known.byPackage.get(key);
    if (!c) known.byPackage.set(key, (c = new Classifier(settings, path)));
    known.byFolder.set(folder, c);
  }
  return c;
}

export class Classifier {
  private readonly firstParty: KnownList;
  private readonly thirdParty: KnownList;
  private readonly stdlib: ReadonlySet<string>;
  private readonly packageRoot: string | undefined;
  private readonly cache = new Map<string, Classification>();

  constructor(
    private readonly settings: Settings,
    path: string,
  ) {
    this.firstParty = knownList(settings.knownFirstParty);
    this.thirdParty = knownList(settings.knownThirdParty);
    this.stdlib = stdlibModules(settings.targetVersion);
    this.packageRoot = packageRootOf(absolute(settings, path));
  }

  /** `module` is the dotted name without leading dots; `level` the number of leading dots. */
  classify(module: string, level: number): Classification {
    const key = `${level}:${module}`;
    let c = this.cache.get(key);
    if (!c) {
      // The name was cut from a file's source: cached as is, it would keep that whole file alive.
      const owned = detached(module);
      c = this.compute(owned, level);
      this.cache.set(`${level}:${owned}`, c);
    }
    return c;
  }

  private compute(module: string, level: number): Classification {
    const base = module.split('.')[0]!;
    if (level === 0 && base === '__future__') return { section: 'future', reason: 'a `__future__` import' };
    if (level > 0) return { section: 'local-folder', reason: 'a relative import' };
    // The user's lists win over every detection; known-third-party wins when a name is in both.
    const third = findKnown(this.thirdParty, module);
    if (third) return { section: 'third-party', reason: `\`${third}\` is in known-third-party` };
    const first = findKnown(this.firstParty, module);
    if (first) return { section: 'first-party', reason: `\`${first}\` is in known-first-party` };
    if (this.stdlib.has(base)) {
      return { section: 'standard-library', reason: `standard library for py3.${targetMinor(this.settings.targetVersion)}` };
    }
    if (this.packageRoot && basename(this.packageRoot) === base) {
      return { section: 'first-party', reason: `the file's own package \`${base}\` (${this.display(this.packageRoot)})` };
    }
    const found = this.matchSources(module);
    if (found) return { section: 'first-party', reason: `found under ${found}` };
    if (module === '__main__') return { section: 'first-party', reason: '`__main__` is always first-party' };
    return { section: 'third-party', reason: 'default: not in any known list, the standard library or the src roots' };
  }

  /** `pkg.sub` is first-party when some src root has the folder pkg/sub or the file pkg/sub.py(i). */
  private matchSources(module: string): string | undefined {
    const rel = module.split('.');
    if (rel.some((p) => p === '')) return undefined;
    for (const root of this.settings.src) {
      const candidate = join(root, ...rel);
      if (isDir(candidate)) return this.display(candidate);
      for (const ext of ['.py', '.pyi']) if (isFile(candidate + ext)) return this.display(candidate + ext);
    }
    return undefined;
  }

  private display(p: string): string {
    const rel = relative(this.settings.projectRoot, p);
    return rel === '' ? '.' : rel.startsWith('..') ? p : rel;
  }
}
