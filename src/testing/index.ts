// pycodemod/testing: fixture tests for a transform, the same ones the built-in transforms run.
//
//   import { defineFixtureTests } from 'pycodemod/testing';
//   import myTransform from '../codemods/my-transform.js';
//   defineFixtureTests(myTransform, new URL('./fixtures/my-transform', import.meta.url));
import { fileURLToPath } from 'node:url';
import type { AnyTransform } from '../core/types.js';
import { readFixtureCases, type FixtureCase } from './fixture-cases.js';
import { checkFixtureCase, type CheckCaseOptions } from './check-case.js';
import { resolveTestApi, type TestApi } from './test-api.js';

export { readFixtureCases, parseCaseOptions, parseSkipsFile, SETTING_KEYS } from './fixture-cases.js';
export type { FixtureCase, CaseOptions, ExpectedSkip } from './fixture-cases.js';
export { checkFixtureCase, caseSettings, casePath } from './check-case.js';
export type { CheckCaseOptions, CaseResult } from './check-case.js';
export type { TestApi } from './test-api.js';

/** A `file:` URL (`new URL('./fixtures', import.meta.url)`); typed by shape so no DOM or Node types are needed. */
export interface FileUrl {
  readonly href: string;
}

export interface FixtureTestOptions extends Omit<CheckCaseOptions, 'dir'> {
  /**
   * The test runner's `describe` and `it`. Default: vitest's when running under vitest, else the global
   * ones (jest, mocha). For node:test: `{ test: { describe, it } }` from `'node:test'`.
   */
  test?: TestApi;
  /** The name of the `describe` block (default: `fixtures/<transform id>`). */
  name?: string;
}

/**
 * Registers one test per case of the fixture folder `dir` (a path or a `file:` URL):
 * `<case>.input.py` is run through `transform` alone and must give `<case>.output.py` exactly (no output
 * file: the input must not change). Optional beside it: `<case>.options.json` (settings such as
 * `target-version`, a `path` to transform the source as, and the transform's options) and
 * `<case>.skips.txt` (the skips the transform must report: `LINE:COLUMN: REASON` per line).
 * Every case also checks that its output parses (and compiles with python3, when installed), that a
 * second run changes nothing, and that an output file is not a copy of its input.
 * The folder must hold at least one case; files that belong to no case (an output without an input)
 * fail the suite.
 */
export function defineFixtureTests(transform: AnyTransform, dir: string | FileUrl, options: FixtureTestOptions = {}): void {
  const { test, name, ...checkOptions } = options;
  const api = resolveTestApi(test);
  const folder = typeof dir !== 'string' ? fileURLToPath(dir.href) : dir.startsWith('file:') ? fileURLToPath(dir) : dir;
  api.describe(name ?? `fixtures/${transform.id}`, () => {
    let cases: FixtureCase[] = [];
    let readError: unknown;
    try {
      cases = readFixtureCases(folder);
      if (cases.length === 0) readError = new Error(`${folder}: no <case>.input.py files`);
    } catch (err) {
      readError = err;
    }
    if (readError !== undefined) {
      // Registered as a failing test: a broken folder must not pass as "no tests".
      api.it('reads the fixture folder', () => {
        throw readError;
      });
      return;
    }
    for (const c of cases) {
      api.it(c.name, async () => {
        await checkFixtureCase(transform, c, { ...checkOptions, dir: folder });
      });
    }
  });
}
