// The public library API: the same machinery the CLI uses, for scripted upgrades.
export { defineTransform } from './core/types.js';
export type {
  AnyTransform, AppliedEdit, Edit, Fix, OptionSpec, OptionSpecs, OptionValues, ReportInput, Skip, Transform,
  TransformContext, TransformDocs,
} from './core/types.js';
export type { Settings, TargetVersion } from './core/settings.js';
export type { EngineOutcome } from './core/engine.js';
export type { PythonHelpers } from './core/python/helpers.js';
export { builtinTransforms } from '../transforms/index.js';
export { PycodemodError, UsageError, ConfigError, TransformNotFoundError, ParserInitError } from './core/errors.js';
export { transformSource, type TransformSourceOptions, type TransformSourceResult } from './api/transform-source.js';
export { run, type RunOptions, type RunReport, type RunStats } from './runner/run.js';
export type { FileResult } from './runner/file-result.js';
export type { RunSummary } from './runner/summary.js';
export { unifiedDiff } from './core/diff.js';
