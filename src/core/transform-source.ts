// Rewrite one source string: the engine plus the file-format rules (BOM) the runner also uses.
import { loadPythonParser } from './parser.js';
import { runEngine, type EngineOutcome } from './engine.js';
import { defaultSettings, type Settings } from './settings.js';
import type { AnyTransform } from './types.js';

export interface TransformSourceOptions {
  /** The file's path, used for `.pyi` checks, `__main__.py` and first-party detection. */
  path?: string;
  transforms: readonly AnyTransform[];
  settings?: Partial<Settings>;
}

export async function transformSourceWith(source: string, options: TransformSourceOptions): Promise<EngineOutcome> {
  const parser = await loadPythonParser();
  const settings = { ...defaultSettings(), ...options.settings };
  const bom = source.startsWith('\uFEFF') ? '\uFEFF' : '';
  const outcome = runEngine({
    path: options.path ?? 'module.py',
    source: source.slice(bom.length),
    transforms: options.transforms,
    settings,
    parser,
  });
  return outcome.kind === 'ok' ? { ...outcome, output: bom + outcome.output } : outcome;
}
