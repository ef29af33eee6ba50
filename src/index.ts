// The public library API: the same machinery the CLI uses, for scripted upgrades and your own transforms.
// Everything an author's code names is exported here (types included), so `tsc --strict` type-checks a
// codemod against pycodemod without `skipLibCheck`. The fixture-test kit is `pycodemod/testing`.
export { defineTransform } from './core/types.js';
export type {
  AnyTransform, AppliedEdit, Edit, Finding, FindingSpan, Fix, FlagInput, MayApplyContext, OptionSpec, OptionSpecs, OptionType, OptionValues, ReportInput, Skip, Transform,
  TransformContext, TransformDocs,
} from './core/types.js';
// The syntax tree a transform walks (web-tree-sitter's types; its own `Edit` is not ours and is left out).
export type { Language, Node, Point, Query, QueryCapture, QueryMatch, Range, Tree, TreeCursor } from 'web-tree-sitter';
export type { Settings, TargetVersion } from './core/settings.js';
export type { EngineOutcome } from './core/engine.js';
export type {
  ImportOptions, ImportResult, ImportTarget, PythonHelpers, Reference, RemoveImportOptions, RemoveImportResult,
  RenameImportResult,
} from './core/python/helpers.js';
export type { Binding, BindingKind, Scope, ScopeModel } from './core/python/scope.js';
export type { LoggerRequest } from './core/python/logger.js';
// Text helpers the built-in transforms use (offsets are UTF-16 code units, as tree-sitter's).
export { detectIndentUnit, detectLineEnding, indentationAt, LineIndex, lineEndOf, lineStartOf } from './core/text.js';
// Where the code is, apart from strings and comments, before any parse (for `mayApply`).
export { codeText, type CodeText } from './core/python/code-text.js';
export { builtinTransforms } from '../transforms/index.js';
export { PycodemodError, UsageError, ConfigError, TransformNotFoundError, ParserInitError } from './core/errors.js';
export { transformSource, type TransformSourceOptions, type TransformSourceResult } from './api/transform-source.js';
export { run, type RunOptions, type RunReport, type RunStats } from './runner/run.js';
export { loadPlugins } from './plugins/load.js';
export type { FileResult } from './runner/file-result.js';
export type { RunSummary } from './runner/summary.js';
export { unifiedDiff } from './core/diff.js';
