// The output formats for CI systems (`--format github|sarif|junit`): reporters over the same FileResult
// stream as the text and JSON output. Each lists the fixes that would be made (or were, with --write), the
// findings, the files that failed or were skipped, and with -v the places left alone and why.
import type { AnyTransform } from '../../core/types.js';
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
