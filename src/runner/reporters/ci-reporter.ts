// The output formats for CI systems (`--format github|sarif|junit`): reporters over the same FileResult
// stream as the text and JSON output. Each lists the fixes that would be made (or were, with --write), the
// findings, the files that failed or were skipped, and with -v the places left alone and why.
import type { AnyTransform, AppliedEdit, Finding, Skip } from '../../core/types.js';
import type { FileResult } from '../file-result.js';
import type { RunSummary } from '../summary.js';
import { githubReporter } from './github-annotations.js';
import { junitReporter } from './junit.js';
import { sarifReporter } from './sarif.js';

export const CI_FORMATS = ['github', 'sarif', 'junit'] as const;
export type CiFormat = (typeof CI_FORMATS)[number];

export interface CiReporterOptions {
  /** The folder the run's paths are relative to. */
  cwd: string;
  env: Record<string, string | undefined>;
  /** --write: the fixes were made, not proposed. */
  write: boolean;
  /** -v: also list the places transforms left alone, with the reason. */
  verbose: boolean;
}

export interface RunEnd {
  summary: RunSummary;
  /** The transforms that ran (their ids, descriptions and docs name the rules). */
  transforms: readonly AnyTransform[];
}

export interface CiReporter {
  /** What to print for one file, as soon as it is its turn (an empty string: nothing yet). */
  file(r: FileResult): string;
  /** What to print once the run is over. */
  end(run: RunEnd): string;
}

export function ciReporter(format: CiFormat, options: CiReporterOptions): CiReporter {
  switch (format) {
    case 'github':
      return githubReporter(options);
    case 'sarif':
      return sarifReporter(options);
    case 'junit':
      return junitReporter(options);
  }
}

/** What a CI format reports about one file, in the order every format lists it. */
export type CiItem =
  /** A fix that would be made (or was, with --write). */
  | { kind: 'fix'; edit: AppliedEdit }
  | { kind: 'finding'; finding: Finding }
  /** With -v: a place a transform left alone. */
  | { kind: 'not-rewritten'; skip: Skip }
  | { kind: 'failed'; result: Extract<FileResult, { kind: 'failed' }> }
  /** A file skipped for a reason worth telling (an excluded file is not). */
  | { kind: 'skipped'; result: Extract<FileResult, { kind: 'skipped' }> };

/** The items of one file: its fixes, its findings, with `verbose` the places left alone; or why it failed or was skipped. */
export function ciItems(r: FileResult, verbose: boolean): CiItem[] {
  switch (r.kind) {
    case 'changed':
    case 'unchanged':
      return [
        ...(r.kind === 'changed' ? r.edits.map((edit): CiItem => ({ kind: 'fix', edit })) : []),
        ...(r.findings ?? []).map((finding): CiItem => ({ kind: 'finding', finding })),
        ...(verbose ? r.skips.map((skip): CiItem => ({ kind: 'not-rewritten', skip })) : []),
      ];
    case 'failed':
      return [{ kind: 'failed', result: r }];
    case 'skipped':
      return r.reason === 'excluded' ? [] : [{ kind: 'skipped', result: r }];
  }
}

/** A failed file's kind of failure, as the formats name it (SARIF's notification id, JUnit's error type). */
export function failureId(r: Extract<FileResult, { kind: 'failed' }>): 'syntax-error' | 'io-error' | 'transform-error' {
  return r.cause === 'syntax-error' ? 'syntax-error' : r.cause === 'io' ? 'io-error' : 'transform-error';
}
