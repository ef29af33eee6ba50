// Runs one fixture case through a transform and checks everything a fixture promises. Framework-free:
// a failed check throws node's AssertionError (with `actual`/`expected`, which vitest, jest and node:test
// show as a diff), so the same function serves any test runner.
import { AssertionError } from 'node:assert';
import { resolve } from 'node:path';
import { transformSourceWith } from '../core/transform-source.js';
import { loadPythonParser } from '../core/parser.js';
import { defaultSettings, type Settings } from '../core/settings.js';
import { resolveOptions, validateOptions } from '../core/options.js';
import type { AnyTransform, Skip } from '../core/types.js';
import type { EngineOutcome } from '../core/engine.js';
import type { ExpectedSkip, FixtureCase } from './fixture-cases.js';
import { pythonRejects, PythonUnavailableError } from './python-check.js';
import { FileClock, withTimeLimit } from '../core/time-limit.js';

export interface CheckCaseOptions {
  /** The folder the case came from: the project root of the run, and what `src` entries are relative to. */
  dir: string;
  /**
   * The interpreter that must accept every output (parse it; compile it when the input compiles).
   * Default: `python3` when it is installed, else this check is left out; a string: that interpreter,
   * and a failure when it cannot be run; `false`: never.
   */
  python?: string | false;
  /** Require the input's first line to be a comment (or docstring) saying what the case covers. */
  requireFirstLineComment?: boolean;
  /** Settings for every case (a case's options file wins). */
  settings?: Partial<Omit<Settings, 'transformOptions' | 'projectRoot'>>;
  /** Options of the transform for every case (a case's options file wins). */
  transformOptions?: Record<string, unknown>;
  /**
   * Seconds the transform may take on one run of a case before it is stopped and the case fails (an endless
   * loop would otherwise hang the test runner, whose own timeouts cannot interrupt it). Default 20; 0: none.
   */
  timeout?: number;
}

/** CheckCaseOptions.timeout's default, in seconds. */
export const DEFAULT_CASE_TIMEOUT = 20;

/** What a passing case produced. */
export interface CaseResult {
  output: string;
  skips: Skip[];
  /** Whether the python check ran (false when the interpreter is not installed, or `python: false`). */
  pythonChecked: boolean;
}

function fail(message: string, extra: { actual?: unknown; expected?: unknown } = {}): never {
  // With actual/expected, test runners show a diff; node needs operator 'fail' to keep a message of its own
  // when there are none.
  throw new AssertionError({ message, ...extra, operator: 'actual' in extra ? 'strictEqual' : 'fail' });
}

function describeOutcome(outcome: Exclude<EngineOutcome, { kind: 'ok' }>): string {
  const at = outcome.line !== undefined ? `${outcome.line}:${outcome.column}: ` : '';
  return `${at}${outcome.message}`;
}

/** The settings a case runs with: isolated from the folder the tests run in (no src roots unless given). */
export function caseSettings(transform: AnyTransform, c: FixtureCase, options: CheckCaseOptions): Settings {
  const base = defaultSettings(options.dir);
  const fromCase = c.options?.settings ?? {};
  const merged = { ...base, src: [], ...options.settings, ...fromCase };
  merged.src = (merged.src ?? []).map((p: string) => resolve(options.dir, p));
  const given = { ...options.transformOptions, ...c.options?.transformOptions };
  const where = c.optionsFile ?? 'defineFixtureTests options';
  return { ...merged, transformOptions: { [transform.id]: validateOptions(transform, given, where) } };
}

/** The path a case is transformed as: its options file's `path`, else `<case>.py(i)`. */
export function casePath(c: FixtureCase): string {
  return c.options?.path ?? `${c.name}${c.ext}`;
}

/**
 * Runs `transform` alone over the case's input and checks: an output file is not identical to the input
 * (that is a mistake: a case that must not change has no output file); the output equals the expected
 * text exactly (no trimming: line endings and the final newline count); it parses (tree-sitter and, when
 * available, Python); a second run changes nothing; the skips match `<case>.skips.txt` when there is one.
 */
export async function checkFixtureCase(transform: AnyTransform, c: FixtureCase, options: CheckCaseOptions): Promise<CaseResult> {
  const expected = c.output ?? c.input;
  if (c.output !== undefined && c.output === c.input)
    fail(`${c.outputFile} is identical to its input: delete it (a case without an output file must not change)`);
  if (options.requireFirstLineComment && !/^\uFEFF?(#|"""|''')/.test(c.input))
    fail(`${c.inputFile}: the first line must be a comment that says what the case covers`);

  const settings = caseSettings(transform, c, options);
  const path = casePath(c);
  const limitMs = (options.timeout ?? DEFAULT_CASE_TIMEOUT) * 1000;
  const clock = limitMs > 0 ? new FileClock(limitMs) : undefined;
  const transforms = [clock ? withTimeLimit(transform, clock) : transform];
  const run = async (source: string) => {
    await loadPythonParser(); // (once) not on the transform's clock
    clock?.start();
    // Always parsed (the input must parse), whatever mayApply says: that is checked on its own below.
    return transformSourceWith(source, { path, transforms, settings: { ...settings, checkSyntax: true } });
  };

  const first = await run(c.input);
  if (first.kind === 'syntax-error') fail(`${c.inputFile}: the input does not parse: ${describeOutcome(first)}`);
  if (first.kind === 'failed') fail(`${c.inputFile}: the transform failed: ${describeOutcome(first)}`);
  if (first.output !== expected) {
    const what = c.outputFile ? `does not match ${c.outputFile}` : `changed the input, but there is no ${c.name}.output${c.ext} (the case must not change)`;
    fail(`${c.inputFile}: the output ${what}`, { actual: first.output, expected });
  }

  // A "nothing here" from the text check must hold: the transform, run anyway, reported nothing.
  if (transform.mayApply) {
    const options = resolveOptions(transform, settings.transformOptions[transform.id]) as never;
    const reported = [...first.edits.map((e) => e.message), ...first.skips.map((s) => s.reason), ...first.findings.map((f) => f.message)];
    if (!transform.mayApply(c.input, { path, settings, options }) && reported.length > 0)
      fail(`${c.inputFile}: mayApply() says the file holds nothing for ${transform.id}, but the transform reported: ${reported.slice(0, 3).join('; ')}`);
  }

  let pythonChecked = false;
  if (options.python !== false) {
    const python = options.python ?? 'python3';
    try {
      const problem = pythonRejects(python, c.input, first.output, c.outputFile ?? c.inputFile);
      if (problem) fail(`${c.outputFile ?? c.inputFile}: ${python} rejects the output: ${problem}`);
      pythonChecked = true;
    } catch (err) {
      if (!(err instanceof PythonUnavailableError) || options.python !== undefined) throw err;
    }
  }

  const second = await run(first.output);
  if (second.kind !== 'ok') fail(`${c.inputFile}: a second run over the output failed: ${describeOutcome(second)}`);
  if (second.output !== first.output)
    fail(`${c.inputFile}: a second run over the output changed it again (the transform is not idempotent)`, {
      actual: second.output,
      expected: first.output,
    });

  if (c.skips) checkSkips(c, first.skips, c.skips);
  return { output: first.output, skips: first.skips, pythonChecked };
}

function skipLine(s: { line: number; column?: number; reason: string }): string {
  return `${s.line}${s.column === undefined ? '' : `:${s.column}`}: ${s.reason}`;
}

function matches(e: ExpectedSkip, s: Skip): boolean {
  if (e.line !== s.line || (e.column !== undefined && e.column !== s.column)) return false;
  return e.prefix ? s.reason.startsWith(e.reason) : s.reason === e.reason;
}

/** Every expected skip matches one reported skip, and every reported skip is expected. */
function checkSkips(c: FixtureCase, actual: Skip[], expected: ExpectedSkip[]): void {
  const left = [...actual].sort((a, b) => a.offset - b.offset);
  const missing: ExpectedSkip[] = [];
  for (const e of expected) {
    const i = left.findIndex((s) => matches(e, s));
    if (i === -1) missing.push(e);
    else left.splice(i, 1);
  }
  if (missing.length === 0 && left.length === 0) return;
  const lines = [`${c.skipsFile}: the skips differ from what the transform reported`];
  for (const e of missing) lines.push(`  expected (line ${e.sourceLine}), not reported: ${skipLine(e)}${e.prefix ? '...' : ''}`);
  for (const s of left) lines.push(`  reported, not expected: ${skipLine(s)}`);
  fail(lines.join('\n'), {
    actual: actual.map(skipLine).join('\n'),
    expected: expected.map((e) => skipLine(e) + (e.prefix ? '...' : '')).join('\n'),
  });
}
