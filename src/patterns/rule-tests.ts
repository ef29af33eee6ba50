// `pycodemod test-rules`: every rule's own examples, run through the same engine as a real run (ast-grep's
// `sg test` is the model). `valid` snippets must come out untouched and unflagged; `invalid` ones must be
// rewritten or flagged; each `[[tests]]` input must become exactly its output, which must be a fixed point.
import { unifiedDiff } from '../core/diff.js';
import { runEngine } from '../core/engine.js';
import type { PythonParser } from '../core/parser.js';
import type { Settings } from '../core/settings.js';
import type { AnyTransform } from '../core/types.js';
import type { RuleDefinition } from './rule.js';

export interface RuleTestFailure {
  /** `valid #2`, `invalid #1`, `tests #3`. */
  test: string;
  message: string;
  /** For an input/output test: the diff from the expected output to what the rule wrote. */
  diff?: string;
}

export interface RuleTestResult {
  id: string;
  origin: string;
  passed: number;
  failures: RuleTestFailure[];
}

export function testRule(transform: AnyTransform, rule: RuleDefinition, parser: PythonParser, settings: Settings): RuleTestResult {
  const result: RuleTestResult = { id: rule.id, origin: rule.origin, passed: 0, failures: [] };
  const run = (source: string) => runEngine({ path: 'test_rule.py', source, transforms: [transform], settings, parser });
  const fail = (test: string, message: string, diff?: string) => result.failures.push({ test, message, ...(diff ? { diff } : {}) });
  const ok = () => result.passed++;

  rule.valid.forEach((code, i) => {
    const name = `valid #${i + 1}`;
    const out = run(code);
    if (out.kind !== 'ok') return fail(name, `the snippet does not run: ${out.message}${'line' in out && out.line ? ` (line ${out.line})` : ''}`);
    if (out.output !== code) return fail(name, 'the rule rewrote code it must leave alone', unifiedDiff(name, code, out.output, false));
    if (out.findings.length) return fail(name, `the rule flagged code it must leave alone (line ${out.findings[0]!.line})`);
    ok();
  });
  rule.invalid.forEach((code, i) => {
    const name = `invalid #${i + 1}`;
    const out = run(code);
    if (out.kind !== 'ok') return fail(name, `the snippet does not run: ${out.message}${'line' in out && out.line ? ` (line ${out.line})` : ''}`);
    if (out.output === code && out.findings.length === 0) {
      const skip = out.skips.find((s) => s.transformId === rule.id);
      return fail(name, skip ? `the rule matched but did not rewrite: ${skip.reason} (line ${skip.line})` : 'the rule does not match it');
    }
    ok();
  });
  rule.tests.forEach((t, i) => {
    const name = `tests #${i + 1}`;
    const out = run(t.input);
    if (out.kind !== 'ok') return fail(name, `the input does not run: ${out.message}${'line' in out && out.line ? ` (line ${out.line})` : ''}`);
    if (out.output !== t.output) {
      const skip = out.skips.find((s) => s.transformId === rule.id);
      return fail(name, `the output differs from the expected one${skip ? ` (not rewritten at line ${skip.line}: ${skip.reason})` : ''}`, unifiedDiff(name, t.output, out.output, false));
    }
    const again = run(t.output);
    if (again.kind !== 'ok' || again.output !== t.output) return fail(name, 'a second run changes the output again (the rule does not settle)');
    ok();
  });
  return result;
}

/** The report `test-rules` prints: one line per rule, then each failure with its diff. */
export function formatRuleTests(results: readonly RuleTestResult[]): string {
  let out = '';
  for (const r of results) {
    const total = r.passed + r.failures.length;
    out += `${r.failures.length ? 'FAIL' : 'ok  '} ${r.id} (${r.origin}): ${r.passed}/${total} passed${total === 0 ? ' (no tests)' : ''}\n`;
    for (const f of r.failures) {
      out += `  ${f.test}: ${f.message}\n`;
      if (f.diff) out += f.diff.replace(/^/gm, '    ').replace(/ +$/gm, '');
    }
  }
  const failed = results.reduce((n, r) => n + r.failures.length, 0);
  const passed = results.reduce((n, r) => n + r.passed, 0);
  out += `${results.length} rule${results.length === 1 ? '' : 's'}: ${passed} passed, ${failed} failed\n`;
  return out;
}
