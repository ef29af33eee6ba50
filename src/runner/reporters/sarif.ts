// `--format sarif`: one SARIF 2.1.0 log (OASIS Static Analysis Results Interchange Format), for GitHub code
// scanning and the other tools that read it. Each transform is a rule; each fix that would be made (or
// was, with --write) and each finding is a result at its line and column; with -v, each place a transform
// left alone is a `note` result giving the reason. Files that failed or were skipped are the invocation's
// notifications (the tool could not analyse them), and a failed file makes `executionSuccessful` false.
// Columns are UTF-16 code units, as the rest of pycodemod counts them (`columnKind`).
import { pathToFileURL } from 'node:url';
import { isAbsolute } from 'node:path';
import { VERSION } from '../../core/version.js';
import type { FileResult } from '../file-result.js';
import { ciItems, failureId, type CiReporter, type CiReporterOptions } from './ci-reporter.js';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const SRCROOT = '%SRCROOT%';

interface Region {
  startLine: number;
  startColumn?: number;
  endLine?: number;
  endColumn?: number;
}

interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level: 'error' | 'warning' | 'note';
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region?: Region } }[];
  properties?: Record<string, unknown>;
}

interface Notification {
  level: 'error' | 'warning';
  message: { text: string };
  descriptor: { id: string };
  associatedRule?: { id: string };
  locations: SarifResult['locations'];
}

export function sarifReporter(options: CiReporterOptions): CiReporter {
  const results: SarifResult[] = [];
  const notifications: Notification[] = [];
  // Paths relative to the run's folder (%SRCROOT%); an absolute one (a missing path as typed) as a file URI.
  const location = (path: string, region?: Region): SarifResult['locations'] => [
    {
      physicalLocation: {
        artifactLocation: isAbsolute(path) ? { uri: pathToFileURL(path).href } : { uri: uriOf(path), uriBaseId: SRCROOT },
        ...(region ? { region } : {}),
      },
    },
  ];
  return {
    file(r: FileResult) {
      for (const item of ciItems(r, options.verbose))
        switch (item.kind) {
          case 'fix': {
            const e = item.edit;
            results.push({
              ruleId: e.transform,
              level: 'warning',
              message: { text: e.message },
              locations: location(r.path, { startLine: e.line, startColumn: e.column }),
              properties: { fix: options.write ? 'applied' : 'available' },
            });
            break;
          }
          case 'finding': {
            const f = item.finding;
            results.push({
              ruleId: f.transformId,
              level: 'warning',
              message: { text: f.message },
              locations: location(r.path, { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn }),
              properties: { fix: 'none' },
            });
            break;
          }
          case 'not-rewritten': {
            const s = item.skip;
            results.push({
              ruleId: s.transformId,
              level: 'note',
              message: { text: `not rewritten: ${s.reason}` },
              locations: location(r.path, { startLine: s.line, startColumn: s.column }),
              properties: { fix: 'none' },
            });
            break;
          }
          case 'failed': {
            const { error, transformId } = item.result;
            const region = error.line ? { startLine: error.line, ...(error.column ? { startColumn: error.column } : {}) } : undefined;
            notifications.push({
              level: 'error',
              message: { text: error.message },
              descriptor: { id: failureId(item.result) },
              ...(transformId ? { associatedRule: { id: transformId } } : {}),
              locations: location(r.path, region),
            });
            break;
          }
          case 'skipped':
            notifications.push({ level: 'warning', message: { text: `skipped: ${item.result.detail}` }, descriptor: { id: `skipped-${item.result.reason}` }, locations: location(r.path) });
            break;
        }
      return '';
    },
    end({ summary, transforms }) {
      // Rules: every transform that ran, plus any a result names that the run did not list (defensive).
      const rules = transforms.map((t) => ({
        id: t.id,
        shortDescription: { text: t.description },
        ...(t.docs?.whatItDoes ? { fullDescription: { text: t.docs.whatItDoes } } : {}),
        help: { text: helpText(t) },
        defaultConfiguration: { level: 'warning' as const, enabled: t.enabledByDefault !== false },
      }));
      const index = new Map(rules.map((r, i) => [r.id, i]));
      for (const r of results) {
        if (!index.has(r.ruleId)) index.set(r.ruleId, rules.push({ id: r.ruleId, shortDescription: { text: r.ruleId }, help: { text: r.ruleId }, defaultConfiguration: { level: 'warning', enabled: true } }) - 1);
        r.ruleIndex = index.get(r.ruleId);
      }
      const log = {
        $schema: SARIF_SCHEMA,
        version: '2.1.0',
        runs: [
          {
            tool: { driver: { name: 'pycodemod', version: VERSION, semanticVersion: VERSION, rules } },
            originalUriBaseIds: { [SRCROOT]: { uri: folderUri(options.cwd) } },
            columnKind: 'utf16CodeUnits',
            invocations: [{ executionSuccessful: summary.failed === 0, toolExecutionNotifications: notifications }],
            results,
          },
        ],
      };
      return `${JSON.stringify(log, null, 2)}\n`;
    },
  };
}

/** Why the rule exists and what its rewrite can change (what it does is the full description). */
function helpText(t: { description: string; docs?: { whatItDoes?: string; why?: string; semantics?: string } }): string {
  const parts = t.docs?.why ? [`Why: ${t.docs.why}`] : [t.description];
  if (t.docs?.semantics) parts.push(`What the rewrite can change: ${t.docs.semantics}`);
  return parts.join('\n\n');
}

/** A report path (relative, `/`-separated) as a relative URI reference: each segment percent-encoded. */
export function uriOf(path: string): string {
  return path
    .split('/')
    .map((segment) => (segment === '..' || segment === '.' ? segment : encodeURIComponent(segment)))
    .join('/');
}

function folderUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}
