// `pycodemod merge-reports SHARD.json...`: the JSON reports of the N shards of one run (`--shard K/N
// --format json`) merged into the report the whole run would have printed, byte for byte. Each shard
// report says where its files stand in the whole run (`shard.positions`), so the merge puts every file
// back in its place and checks that the set is complete: every shard once, every position filled once,
// the same transforms, the same mode. The summary is the sum of the shards' summaries (each count is a
// sum over files).
import { UsageError } from '../../core/errors.js';
import type { ShardInfo } from '../shard.js';
import type { RunSummary } from '../summary.js';
import { JSON_REPORT_VERSION, jsonReport, type JsonFile } from './json-report.js';

interface ShardReport {
  version: number;
  transforms: string[];
  write: boolean;
  files: JsonFile[];
  summary: RunSummary;
  shard?: ShardInfo;
}

export function mergeReports(inputs: readonly { name: string; text: string }[]): string {
  if (inputs.length === 0) throw new UsageError('merge-reports needs the JSON reports of the shards (pycodemod --shard K/N --format json)');
  const reports = inputs.map(({ name, text }) => ({ name, report: parseReport(name, text) }));
  const [first] = reports;
  const { count, total } = first!.report.shard!;
  const byIndex = new Map<number, string>();
  // (Every report is of JSON_REPORT_VERSION and each position is within its own run: parseReport saw to it.)
  for (const { name, report } of reports) {
    const shard = report.shard!;
    const differs = (what: string) => new UsageError(`${name}: ${what} differs from ${first!.name}'s: the reports are not shards of one run`);
    if (shard.count !== count) throw differs(`the number of shards (${shard.count}, not ${count})`);
    if (shard.total !== total) throw differs(`the number of files in the whole run (${shard.total}, not ${total})`);
    if (report.write !== first!.report.write) throw differs('the mode (--write)');
    if (JSON.stringify(report.transforms) !== JSON.stringify(first!.report.transforms)) throw differs('the list of transforms');
    const seen = byIndex.get(shard.index);
    if (seen !== undefined) throw new UsageError(`shard ${shard.index}/${count} is given twice (${seen} and ${name})`);
    byIndex.set(shard.index, name);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((k) => !byIndex.has(k));
  if (missing.length) throw new UsageError(`incomplete: shard${missing.length > 1 ? 's' : ''} ${missing.map((k) => `${k}/${count}`).join(', ')} missing`);

  const files: (JsonFile | undefined)[] = new Array(total);
  for (const { name, report } of reports)
    report.files.forEach((file, i) => {
      const at = report.shard!.positions[i]!;
      if (files[at] !== undefined) throw new UsageError(`${name}: ${file.path} is at a place another shard fills (${files[at]!.path}): the reports are not shards of one run`);
      files[at] = file;
    });
  const hole = files.findIndex((f) => f === undefined);
  if (hole >= 0) throw new UsageError(`the shards hold fewer files than the whole run (${total}): the reports are not shards of one run`);
  const summary = reports.map((r) => r.report.summary).reduce((a, b) => addSummaries(a, b));
  return jsonReport(files as JsonFile[], summary, { transforms: first!.report.transforms, write: first!.report.write });
}

function parseReport(name: string, text: string): ShardReport {
  let report: ShardReport;
  try {
    report = JSON.parse(text) as ShardReport;
  } catch (err) {
    throw new UsageError(`${name} is not JSON (${(err as Error).message})`);
  }
  if (report === null || typeof report !== 'object' || !Array.isArray(report.files) || typeof report.summary !== 'object')
    throw new UsageError(`${name} is not a pycodemod JSON report (pycodemod --format json)`);
  if (report.version !== JSON_REPORT_VERSION) throw new UsageError(`${name} is a version ${report.version} report; this pycodemod reads version ${JSON_REPORT_VERSION}`);
  const shard = report.shard;
  if (!shard) throw new UsageError(`${name} is the report of a whole run, not of a shard (run with --shard K/N --format json)`);
  const whole = (n: unknown, min: number) => Number.isInteger(n) && (n as number) >= min;
  if (!whole(shard.count, 1) || !whole(shard.index, 1) || shard.index > shard.count || !whole(shard.total, 0) || !Array.isArray(shard.positions))
    throw new UsageError(`${name}: its "shard" entry is malformed`);
  if (shard.positions.length !== report.files.length || !shard.positions.every((p) => whole(p, 0) && p < shard.total))
    throw new UsageError(`${name}: its "shard.positions" do not match its files`);
  return report;
}

/**
 * The summary of two disjoint sets of files: counts add, tables of counts add key by key (whatever fields
 * a summary has: a newer pycodemod's counts merge too); anything else must be equal.
 */
export function addSummaries(a: RunSummary, b: RunSummary): RunSummary {
  const out: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = (a as unknown as Record<string, unknown>)[key];
    const y = (b as unknown as Record<string, unknown>)[key];
    if (typeof x === 'number' && typeof y === 'number') out[key] = x + y;
    else if (isCounts(x) && isCounts(y)) {
      const sum: Record<string, number> = { ...x };
      for (const [k, n] of Object.entries(y)) sum[k] = (sum[k] ?? 0) + n;
      out[key] = sum;
    } else if (JSON.stringify(x) === JSON.stringify(y)) out[key] = x;
    else throw new UsageError(`the shards' summaries disagree on "${key}", which is not a count`);
  }
  return out as unknown as RunSummary;
}

function isCounts(v: unknown): v is Record<string, number> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((n) => typeof n === 'number');
}
