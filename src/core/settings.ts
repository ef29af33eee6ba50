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
}

export function defaultSettings(projectRoot = process.cwd()): Settings {
  return {
    targetVersion: 'py39',
    lineLength: 88,
    knownFirstParty: [],
    knownThirdParty: [],
    src: [projectRoot, `${projectRoot}/src`],
    projectRoot,
    transformOptions: {},
  };
}

/** (3, 10) for 'py310'. */
export function targetMinor(v: TargetVersion): number {
  return Number(v.slice(3));
}
