// `--format junit`: JUnit XML, which CI systems (GitLab, Jenkins, Azure Pipelines, CircleCI) show as a
// test report. A test suite per file that has something to say; in it, a failing test case per fix that
// would be made (or a passing one per fix made, with --write) and per finding, an error per file that
// failed, a skipped test case per file skipped and, with -v, per place a transform left alone. A run with
// nothing to report has one passing test case, so the report is never empty.
import { quotePath } from '../../core/quote-path.js';
import type { FileResult } from '../file-result.js';
import { ciItems, failureId, type CiReporter, type CiReporterOptions } from './ci-reporter.js';

interface TestCase {
  name: string;
  line?: number;
  /** The element inside <testcase>, if any. */
  outcome?: { tag: 'failure' | 'error' | 'skipped'; type?: string; message: string; body?: string };
}

interface Suite {
  name: string;
  cases: TestCase[];
}

export function junitReporter(options: CiReporterOptions): CiReporter {
  const suites: Suite[] = [];
  return {
    file(r: FileResult) {
      const cases: TestCase[] = [];
      const where = (line: number, column?: number) => `${quotePath(r.path)}:${line}${column ? `:${column}` : ''}`;
      for (const item of ciItems(r, options.verbose))
        switch (item.kind) {
          case 'fix': {
            const e = item.edit;
            const name = `${e.transform} at ${e.line}:${e.column}`;
            // --write made the fix: nothing fails any more, the case records it.
            if (options.write) cases.push({ name, line: e.line });
            else cases.push({ name, line: e.line, outcome: { tag: 'failure', type: e.transform, message: e.message, body: `${where(e.line, e.column)}: [${e.transform}] ${e.message} (a fix is available: pycodemod --write)` } });
            break;
          }
          case 'finding': {
            const f = item.finding;
            cases.push({ name: `${f.transformId} at ${f.line}:${f.column}`, line: f.line, outcome: { tag: 'failure', type: f.transformId, message: f.message, body: `${where(f.line, f.column)}: [${f.transformId}] ${f.message}` } });
            break;
          }
          case 'not-rewritten': {
            const s = item.skip;
            cases.push({ name: `${s.transformId} at ${s.line}:${s.column}`, line: s.line, outcome: { tag: 'skipped', message: `not rewritten: ${s.reason}` } });
            break;
          }
          case 'failed': {
            const type = failureId(item.result);
            const { line, column, message } = item.result.error;
            cases.push({ name: type, line, outcome: { tag: 'error', type, message, body: `${line ? where(line, column) : quotePath(r.path)}: ${message}` } });
            break;
          }
          case 'skipped':
            cases.push({ name: `skipped (${item.result.reason})`, outcome: { tag: 'skipped', message: item.result.detail } });
            break;
        }
      if (cases.length) suites.push({ name: r.path, cases });
      return '';
    },
    end() {
      if (suites.length === 0) suites.push({ name: 'pycodemod', cases: [{ name: 'nothing to change' }] });
      const count = (cases: TestCase[], tag?: string) => cases.filter((c) => (tag ? c.outcome?.tag === tag : true)).length;
      const all = suites.flatMap((s) => s.cases);
      const totals = (cases: TestCase[]) =>
        `tests="${count(cases)}" failures="${count(cases, 'failure')}" errors="${count(cases, 'error')}" skipped="${count(cases, 'skipped')}"`;
      const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="pycodemod" ${totals(all)}>`];
      for (const suite of suites) {
        lines.push(`  <testsuite name="${attr(suite.name)}" ${totals(suite.cases)}>`);
        for (const c of suite.cases) {
          const head = `    <testcase name="${attr(c.name)}" classname="${attr(suite.name)}" file="${attr(suite.name)}"${c.line ? ` line="${c.line}"` : ''}`;
          if (!c.outcome) {
            lines.push(`${head}/>`);
            continue;
          }
          const o = c.outcome;
          const open = `<${o.tag}${o.type ? ` type="${attr(o.type)}"` : ''} message="${attr(o.message)}"`;
          lines.push(`${head}>`, `      ${o.body ? `${open}>${text(o.body)}</${o.tag}>` : `${open}/>`}`, '    </testcase>');
        }
        lines.push('  </testsuite>');
      }
      lines.push('</testsuites>');
      return `${lines.join('\n')}\n`;
    },
  };
}

/**
 * Characters XML 1.0 cannot carry at all (controls other than tab, newline, carriage return; lone
 * surrogates; U+FFFE/U+FFFF) are written as visible `\uXXXX` escapes, so an odd file name or message
 * never makes the report unreadable.
 */
function visible(s: string): string {
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Element text. */
function text(s: string): string {
  return visible(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An attribute value: also quotes, and tab/newline/CR as references (a parser would normalise them to spaces). */
function attr(s: string): string {
  return text(s).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}
