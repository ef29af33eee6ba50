// Project-wide settings every transform may read (from [tool.pycodemod], or defaults).

export const TARGET_VERSIONS = [
  'py38', 'py39', 'py310', 'py311', 'py312', 'py313', 'py314',
] as const;
export type TargetVersion = (typeof TARGET_VERSIONS)[number];

export interface Settings {
  targetVersion: TargetVersion;
  lineLength: number;
  knownFirstParty: string[];
  knownThirdParty: string[];
  /** Source roots (absolute paths) used to detect first-party modules. */
  src: string[];
  /** Folder the config came from (or the cwd); relative settings resolve against it. */
  projectRoot: string;
  /** Per-transform option tables, keyed by transform id, already validated. */
  transformOptions: Record<string, Record<string, unknown>>;
  /** Larger files are skipped with a reason, unread (bytes; 0: no limit). */
  maxFileSize: number;
  /**
   * Parse every file, and so report every syntax error. Without it, a file in which no selected transform
   * finds anything to look at from its text (`mayApply`) is not parsed: it is left as it is, unchecked.
   */
  checkSyntax: boolean;
}

/**
 * 10 MB: more than ten times the largest file in the CPython standard library (pydoc_data/topics.py, 757 kB).
 * Memory grows with the file: one 10 MB module takes about 0.5 GB and several seconds in one worker, and the
 * tree-sitter tree, the pass texts and the diff of a larger one can reach gigabytes.
 */
export const DEFAULT_MAX_FILE_SIZE = 10_000_000;

export function defaultSettings(projectRoot = process.cwd()): Settings {
  return {
    targetVersion: 'py39',
    lineLength: 88,
    knownFirstParty: [],
    knownThirdParty: [],
    src: [projectRoot, `${projectRoot}/src`],
    projectRoot,
    transformOptions: {},
    maxFileSize: DEFAULT_MAX_FILE_SIZE,
    checkSyntax: false,
  };
}

/** (3, 10) for 'py310'. */
export function targetMinor(v: TargetVersion): number {
  return Number(v.slice(3));
}
