// --shard K/N and merge-reports: a deterministic 1/N of the files by a hash of each path (stable when other
// files are renamed), and the N shards' JSON reports merged into the whole run's report, byte for byte.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempProject } from './helpers/cli.js';
import { parseShard, shardOf } from '../src/runner/shard.js';
import { mergeReports } from '../src/runner/reporters/merge-reports.js';
import { JSON_REPORT_VERSION } from '../src/runner/reporters/json-report.js';
import { emptySummary } from '../src/runner/summary.js';

/** Each test runs the CLI several times; a shared, loaded machine can be slow. */
const SLOW = 120_000;

const MUTABLE = 'def f(x=[]):\n    return x\n';
const PRINTS = 'import os\n\ndef g():\n    print("hi", os.sep)\n';
const CLEAN = 'def g(x=None):\n    return x\n';

/** 40 files: some changed by one transform, some by two, clean ones, and every kind of file that is not processed. */
function project(): string {
  const files: Record<string, string | Buffer> = {};
  for (let i = 0; i < 30; i++) files[`pkg${i % 4}/mod_${i}.py`] = i % 3 === 0 ? MUTABLE : i % 3 === 1 ? `${PRINTS}\n\n${MUTABLE}` : CLEAN;
  files['broken.py'] = 'def f(x=[]:\n';
  files['latin.py'] = Buffer.from('# coding: latin-1\ns = "caf\xe9"\n', 'latin1');
  files['lambdas.py'] = 'g = lambda x=[]: x\n'; // a place left alone (a skip)
  // A nested project with its own selection: the run's transforms are those of both configurations.
  files['sub/pyproject.toml'] = '[tool.pycodemod]\nselect = ["print-to-logging"]\n';
  for (let i = 0; i < 6; i++) files[`sub/s${i}.py`] = i % 2 ? PRINTS : CLEAN;
  return tempProject(files);
}

const ARGS = ['--format', 'json', '--no-cache', '.', 'missing.py', 'gone/'];

describe('--shard K/N', () => {
  it('parses K/N (1-based) and refuses anything else', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, count: 1 });
    for (const bad of ['0/4', '5/4', '1/0', '-1/4', 'a/b', '2', '1/10001', '1.5/4', ''])
      expect(() => parseShard(bad), bad).toThrow(/--shard must be K\/N/);
  });

  it('gives a path the same shard every time, spreading paths evenly', () => {
    expect(shardOf('pkg/mod.py', 4)).toBe(shardOf('pkg/mod.py', 4));
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) counts[shardOf(`src/app/module_${i}.py`, 4) - 1]!++;
    for (const n of counts) expect(n).toBeGreaterThan(850); // 1000 each on average
    // Paths that differ only slightly still spread (the hash is mixed, not its low bits alone).
    const small = new Set(Array.from({ length: 64 }, (_, i) => shardOf(`m${i}.py`, 2)));
    expect(small).toEqual(new Set([1, 2]));
  });

  it('splits the files into N disjoint parts that together are the whole run', async () => {
    const dir = project();
    const whole = JSON.parse((await runCli(ARGS, { cwd: dir })).stdout) as { files: { path: string }[] };
    const parts: string[][] = [];
    for (let k = 1; k <= 3; k++) {
      const r = JSON.parse((await runCli([...ARGS, '--shard', `${k}/3`], { cwd: dir })).stdout) as { files: { path: string }[] };
      parts.push(r.files.map((f) => f.path));
    }
    const all = parts.flat();
    expect(new Set(all).size).toBe(all.length);
    expect(all.sort()).toEqual(whole.files.map((f) => f.path).sort());
    for (const part of parts) expect(part.length).toBeGreaterThan(0);
  }, SLOW);

  it('keeps each file in its shard when other files are renamed, added or removed', async () => {
    const dir = project();
    const shardFiles = async () => {
      const byShard = new Map<string, number>();
      for (let k = 1; k <= 4; k++) {
        const r = JSON.parse((await runCli(['--format', 'json', '--no-cache', '--shard', `${k}/4`], { cwd: dir })).stdout) as { files: { path: string }[] };
        for (const f of r.files) byShard.set(f.path, k);
      }
      return byShard;
    };
    const before = await shardFiles();
    renameSync(join(dir, 'pkg0/mod_0.py'), join(dir, 'pkg0/renamed.py'));
    renameSync(join(dir, 'pkg1/mod_1.py'), join(dir, 'pkg3/moved.py'));
    writeFileSync(join(dir, 'pkg2/new.py'), MUTABLE);
    const after = await shardFiles();
    for (const [path, k] of before) if (after.has(path)) expect(after.get(path), path).toBe(k);
    expect(after.size).toBe(before.size + 1);
  }, SLOW);

  it('with a shard holding no file, says so (exit 0)', async () => {
    const dir = tempProject({ 'only.py': CLEAN });
    const empty = [1, 2].find((k) => shardOf('only.py', 2) !== k)!;
    const r = await runCli(['--check', '--shard', `${empty}/2`], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`warning: no Python files found (none in shard ${empty}/2 of 1)`);
  }, SLOW);
});

describe('pycodemod merge-reports', () => {
  it("merges the shards' JSON reports into the whole run's report, byte for byte", async () => {
    const dir = project();
    const whole = await runCli(ARGS, { cwd: dir });
    expect(whole.code).toBe(1);
    const parsed = JSON.parse(whole.stdout) as { transforms: string[]; summary: Record<string, unknown>; files: { status: string }[] };
    // The run has something of every kind to merge.
    expect(new Set(parsed.files.map((f) => f.status))).toEqual(new Set(['changed', 'unchanged', 'skipped', 'failed']));
    expect(parsed.transforms).toContain('print-to-logging');
    expect(Object.keys(parsed.summary.editsByTransform as object).length).toBeGreaterThan(1);
    for (const count of [1, 2, 3, 7, 64]) {
      const names = await shardReportsAnyCode(dir, count);
      const merged = await runCli(['merge-reports', ...names.reverse()], { cwd: dir });
      expect(merged.code, merged.stderr).toBe(0);
      expect(merged.stdout, `${count} shards`).toBe(whole.stdout);
    }
  }, SLOW);

  it('merges reports made with --diff and --write too, and writes to -o FILE', async () => {
    const dir = project();
    const diffDir = project();
    const whole = await runCli([...ARGS, '--diff'], { cwd: diffDir });
    const names = await shardReportsAnyCode(diffDir, 3, ['--diff']);
    expect((await runCli(['merge-reports', ...names, '-o', 'merged.json'], { cwd: diffDir })).code).toBe(0);
    expect(readFileSync(join(diffDir, 'merged.json'), 'utf8')).toBe(whole.stdout);
    // --write: each shard writes its own files; the merge is the report of one --write over all of them.
    // (Two copies of the project: no missing path in the arguments, which the report names by absolute path.)
    const copy = project();
    const wholeWrite = await runCli([...ARGS.slice(0, 4), '--write'], { cwd: copy });
    const writes = await shardReportsAnyCode(dir, 4, ['--write'], ARGS.slice(0, 4));
    expect(JSON.parse(wholeWrite.stdout).summary.changed).toBeGreaterThan(10);
    const merged = await runCli(['merge-reports', ...writes], { cwd: dir });
    expect(merged.stdout).toBe(wholeWrite.stdout);
  }, SLOW);

  it('refuses an incomplete or inconsistent set of shards (exit 2), saying what is wrong', async () => {
    const dir = project();
    const names = await shardReportsAnyCode(dir, 4);
    const expectError = async (args: string[], message: RegExp | string) => {
      const r = await runCli(['merge-reports', ...args], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
    };
    await expectError([names[0]!, names[1]!, names[3]!], 'incomplete: shard 3/4 missing');
    await expectError([names[0]!], 'incomplete: shards 2/4, 3/4, 4/4 missing');
    await expectError([...names, names[2]!], /shard 3\/4 is given twice/);
    const other = await shardReportsAnyCode(dir, 2);
    await expectError([...names, other[0]!], /the number of shards \(2, not 4\) differs/);
    writeFileSync(join(dir, 'whole.json'), (await runCli(ARGS, { cwd: dir })).stdout);
    await expectError(['whole.json'], /whole.json is the report of a whole run, not of a shard/);
    const selected = await runCli([...ARGS, '--select', 'mutable-defaults', '--shard', '1/4'], { cwd: dir });
    writeFileSync(join(dir, 'selected.json'), selected.stdout);
    await expectError([names[1]!, names[2]!, names[3]!, 'selected.json'], /the list of transforms differs/);
    writeFileSync(join(dir, 'bad.json'), '{"version": 1, "files": [');
    await expectError(['bad.json'], /bad.json is not JSON/);
    await expectError(['nope.json'], /cannot read nope.json/);
    await expectError([], /Not enough non-option arguments|needs the JSON reports/);
  }, SLOW);

  // Each report is read on its own terms first (its version is the one this pycodemod reads, its positions
  // are places in its whole run), then the set is checked: no position filled twice, none left empty.
  it('refuses a report of another version, a position outside the run, and a run with a place no shard fills', () => {
    const report = (name: string, index: number, total: number, positions: number[], extra: object = {}) => ({
      name,
      text: JSON.stringify({
        version: JSON_REPORT_VERSION,
        transforms: ['mutable-defaults'],
        write: false,
        files: positions.map((p) => ({ path: `f${p}.py`, status: 'unchanged' })),
        summary: { ...emptySummary(), files: positions.length, unchanged: positions.length },
        shard: { index, count: 2, total, positions },
        ...extra,
      }),
    });
    const refused = (inputs: { name: string; text: string }[]) => {
      try {
        mergeReports(inputs);
      } catch (err) {
        return (err as Error).message;
      }
      return 'merged';
    };
    expect(refused([report('a.json', 1, 2, [0]), report('b.json', 2, 2, [1])])).toBe('merged');
    expect(refused([report('a.json', 1, 2, [0]), report('b.json', 2, 2, [1], { version: JSON_REPORT_VERSION + 1 })])).toBe(
      `b.json is a version ${JSON_REPORT_VERSION + 1} report; this pycodemod reads version ${JSON_REPORT_VERSION}`,
    );
    expect(refused([report('a.json', 1, 2, [0]), report('b.json', 2, 2, [2])])).toBe('b.json: its "shard.positions" do not match its files');
    expect(refused([report('a.json', 1, 3, [0]), report('b.json', 2, 3, [2])])).toBe('the shards hold fewer files than the whole run (3): the reports are not shards of one run');
    expect(refused([report('a.json', 1, 2, [0]), report('b.json', 2, 2, [0])])).toMatch(/^b\.json: f0\.py is at a place another shard fills \(f0\.py\)/);
  });
});

/** The shards' reports, whatever each shard's exit code (a shard without a failed file exits 0). */
async function shardReportsAnyCode(dir: string, count: number, extra: string[] = [], args = ARGS): Promise<string[]> {
  const names: string[] = [];
  for (let k = 1; k <= count; k++) {
    const r = await runCli([...args, ...extra, '--shard', `${k}/${count}`], { cwd: dir });
    expect([0, 1]).toContain(r.code);
    const name = `shard-${k}-of-${count}${extra.join('')}.json`;
    writeFileSync(join(dir, name), r.stdout);
    names.push(name);
  }
  return names;
}
