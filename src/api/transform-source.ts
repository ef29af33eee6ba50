// transformSource(): rewrite one source string with the built-in transforms (or your own), the way
// the CLI would rewrite a file with that content.
import { transformSourceWith } from '../core/transform-source.js';
import { defaultSettings, type Settings } from '../core/settings.js';
import type { AnyTransform, AppliedEdit, Finding, Skip } from '../core/types.js';
import { builtinTransforms } from '../../transforms/index.js';
import { selectTransforms } from '../runner/select.js';
import { validateOptions } from '../core/options.js';
import { TransformNotFoundError } from '../core/errors.js';
import { composeRegistry, loadPluginModules } from '../plugins/load.js';
import { limitUserCode, userCodeClock } from '../runner/user-code.js';
import { loadPythonParser } from '../core/parser.js';
import { fileTimeoutMs } from '../runner/run.js';

export interface TransformSourceOptions {
  /** The file's path: decides `.pyi` handling, `__main__.py`, first-party detection. Default `module.py`. */
  path?: string;
  /** Transform ids instead of the default set (`ALL`: every transform). */
  select?: string[];
  /** Transform ids besides the selected (or default) ones. */
  extendSelect?: string[];
  ignore?: string[];
  /** Your own transforms instead of the built-in ones. */
  transforms?: readonly AnyTransform[];
  /** Plugin modules to load besides the built-ins (or `transforms`): paths or globs relative to the cwd, as `-t` takes. */
  plugins?: readonly string[];
  settings?: Partial<Omit<Settings, 'transformOptions'>>;
  /** Options per transform id, as in [tool.pycodemod.<id>] (kebab-case keys). */
  options?: Record<string, Record<string, unknown>>;
  /**
   * Seconds your transforms (plugins, objects: not the built-ins) may take on this source before they are
   * stopped and the result is a failure naming the transform (an endless loop), default 60; 0: no limit.
   */
  fileTimeout?: number;
}

export type TransformSourceResult =
  | { ok: true; changed: boolean; output: string; edits: AppliedEdit[]; skips: Skip[]; findings: Finding[] }
  | { ok: false; error: { message: string; line?: number; column?: number; transformId?: string } };

export async function transformSource(source: string, options: TransformSourceOptions = {}): Promise<TransformSourceResult> {
  const base = options.transforms ?? builtinTransforms;
  const all = options.plugins?.length ? composeRegistry(base, await loadPluginModules(options.plugins)) : base;
  const transforms = selectTransforms(all, { select: options.select, extendSelect: options.extendSelect, ignore: options.ignore });
  const transformOptions: Record<string, Record<string, unknown>> = {};
  for (const [id, values] of Object.entries(options.options ?? {})) {
    const t = all.find((x) => x.id === id);
    if (!t) throw new TransformNotFoundError(`options given for unknown transform \`${id}\``);
    transformOptions[id] = validateOptions(t, values, `options.${id}`);
  }
  const settings: Settings = { ...defaultSettings(), ...options.settings, transformOptions };
  const limitMs = fileTimeoutMs(options.fileTimeout);
  const clock = userCodeClock(limitMs);
  await loadPythonParser(); // (once per process) not on the transforms' clock
  clock?.start();
  const outcome = await transformSourceWith(source, { path: options.path, transforms: limitUserCode(transforms, clock), settings });
  if (outcome.kind === 'ok')
    return { ok: true, changed: outcome.output !== source, output: outcome.output, edits: outcome.edits, skips: outcome.skips, findings: outcome.findings };
  const { message, line, column } = outcome;
  return { ok: false, error: { message, line, column, transformId: outcome.kind === 'failed' ? outcome.transformId : undefined } };
}
