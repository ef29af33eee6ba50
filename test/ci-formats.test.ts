// --format github | sarif | junit: the fixes that would be made (or were), findings, failures and skipped
// files, and with -v the places left alone. SARIF is validated against the OASIS SARIF 2.1.0 JSON schema
// (test/schemas/), JUnit XML is parsed by Python's XML parser.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { runCli, tempProject } from './helpers/cli.js';
import { escapeData, escapeProperty } from '../src/runner/reporters/github-annotations.js';
import { uriOf } from '../src/runner/reporters/sarif.js';

const MUTABLE = 'def f(x=[]):\n    return x\n';
const TWO = 'def f(x=[]):\n    return x\n\n\ndef g(y={}):\n    return y\n';
const LAMBDA = 'g = lambda x=[]: x\n';
const CLEAN = 'def g(x=None):\n    return x\n';
const only = ['--select', 'mutable-defaults', '--no-cache'];

/** Each test runs the CLI several times; a shared, loaded machine can be slow. */
const SLOW = 120_000;

/** One file of each kind: two fixes, a place left alone, clean, a syntax error, an encoding skip. */
function project(extra: Record<string, string | Buffer> = {}): string {
  return tempProject({
    'pkg/two.py': TWO,
    'pkg/lambdas.py': LAMBDA,
    'pkg/clean.py': CLEAN,
    'broken.py': 'def f(x=[]:\n    pass\n',
    'latin.py': Buffer.from('# coding: latin-1\ns = "caf\xe9"\n', 'latin1'),
    ...extra,
  });
}

describe('--format github', () => {
  it('prints one workflow command per fix, failure and skipped file; the summary stays on stderr', async () => {
    const dir = project();
    const ref = await reference(dir);
    const r = await runCli([...only, '--check', '--format', 'github'], { cwd: dir });
    expect(r.code).toBe(1);
    const broken = ref.files.find((f) => f.path === 'broken.py')!.error!;
    const latin = ref.files.find((f) => f.path === 'latin.py')!.reason!.replace(/^encoding: /, '');
    const [first, second] = ref.files.find((f) => f.path === 'pkg/two.py')!.edits;
    expect([first!.line, second!.line]).toEqual([1, 5]);
    expect(r.stdout).toBe(
      `::error file=broken.py,line=${broken.line},col=${broken.column},title=pycodemod syntax error::${escapeData(broken.message)}\n` +
        `::warning file=latin.py,title=pycodemod skipped (encoding)::${escapeData(latin)}\n` +
        `::warning file=pkg/two.py,line=1,col=${first!.column},title=pycodemod (mutable-defaults)::${escapeData(first!.message)}\n` +
        `::warning file=pkg/two.py,line=5,col=${second!.column},title=pycodemod (mutable-defaults)::${escapeData(second!.message)}\n`,
    );
    expect(r.stderr).toContain('1 file would be changed');
  }, SLOW);

  it('with -v, adds a notice per place left alone; with --write, the fixes are notices that say so', async () => {
    const dir = project();
    const verbose = await runCli([...only, '--format', 'github', '-v'], { cwd: dir });
    expect(verbose.stdout).toContain('::notice file=pkg/lambdas.py,line=1,col=12,title=pycodemod (mutable-defaults) not rewritten::mutable default of `x` in a lambda');
    const plain = await runCli([...only, '--format', 'github'], { cwd: dir });
    expect(plain.stdout).not.toContain('::notice');
    const write = await runCli([...only, '--write', '--format', 'github'], { cwd: dir });
    expect(write.stdout).toMatch(/^::notice file=pkg\/two\.py,line=1,col=\d+,title=pycodemod \(mutable-defaults\) fixed::mutable default/m);
    expect(readFileSync(join(dir, 'pkg/two.py'), 'utf8')).not.toBe(TWO);
  }, SLOW);

  it('names files relative to GITHUB_WORKSPACE when the run is in a sub-folder', async () => {
    const dir = project();
    const r = await runCli([...only, '--format', 'github'], { cwd: join(dir, 'pkg'), env: { GITHUB_WORKSPACE: dir } });
    expect(r.stdout).toMatch(/^::warning file=pkg\/two\.py,line=1,col=\d+,/);
  }, SLOW);

  it('escapes what would end a property or the command', async () => {
    expect(escapeData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext');
    expect(escapeProperty('a,b:c%\n')).toBe('a%2Cb%3Ac%25%0A');
    const dir = tempProject({ 'a,b: c%.py': MUTABLE, 'new\nline.py': MUTABLE });
    const r = await runCli([...only, '--format', 'github'], { cwd: dir });
    const lines = r.stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(2); // a newline in a name never splits a command
    expect(lines[0]).toMatch(/^::warning file=a%2Cb%3A c%25\.py,line=1,col=\d+,title=pycodemod \(mutable-defaults\)::/);
    expect(lines[1]).toMatch(/^::warning file=new%0Aline\.py,line=1,/);
  }, SLOW);
});

describe('--format sarif', () => {
  const schema = JSON.parse(readFileSync(join(import.meta.dirname, 'schemas', 'sarif-schema-2.1.0.json'), 'utf8')) as object;
  // The schema is draft-04 JSON Schema (ajv-draft-04); its uri, uri-reference and date-time formats are checked (ajv-formats).
  // Both packages are CommonJS: their default export is on `.default` under NodeNext.
  const ajv = new ajvDraft04.default({ allErrors: true, strict: false });
  ajvFormats.default(ajv);
  const validate = ajv.compile(schema);
  const valid = (log: unknown) => {
    const ok = validate(log);
    return ok ? 'valid' : JSON.stringify(validate.errors, null, 2);
  };

  interface Log {
    $schema: string;
    version: string;
    runs: {
      tool: { driver: { name: string; rules: { id: string; shortDescription: { text: string } }[] } };
      columnKind: string;
      originalUriBaseIds: Record<string, { uri: string }>;
      invocations: { executionSuccessful: boolean; toolExecutionNotifications: { level: string; descriptor: { id: string }; message: { text: string }; locations: unknown[] }[] }[];
      results: { ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region?: { startLine: number; startColumn?: number } } }[] }[];
    }[];
  }

  it('is valid SARIF 2.1.0: a rule per transform, a result per fix, failures as notifications', async () => {
    const dir = project();
    const r = await runCli([...only, '--check', '--format', 'sarif'], { cwd: dir });
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout) as Log;
    expect(valid(log)).toBe('valid');
    const [run] = log.runs;
    expect(log.version).toBe('2.1.0');
    expect(run!.tool.driver.name).toBe('pycodemod');
    expect(run!.tool.driver.rules.map((rule) => rule.id)).toEqual(['mutable-defaults']);
    expect(run!.columnKind).toBe('utf16CodeUnits');
    expect(run!.originalUriBaseIds['%SRCROOT%']!.uri).toBe(`file://${dir}/`);
    const edits = (await reference(dir)).files.find((f) => f.path === 'pkg/two.py')!.edits;
    expect(run!.results.map((x) => [x.ruleId, x.ruleIndex, x.level, x.locations[0]!.physicalLocation.artifactLocation.uri, x.locations[0]!.physicalLocation.region])).toEqual(
      edits.map((e) => ['mutable-defaults', 0, 'warning', 'pkg/two.py', { startLine: e.line, startColumn: e.column }]),
    );
    expect(edits).toHaveLength(2);
    expect(run!.results.map((x) => x.message.text)).toEqual(await editMessages(dir, 'pkg/two.py'));
    const [invocation] = run!.invocations;
    expect(invocation!.executionSuccessful).toBe(false);
    expect(invocation!.toolExecutionNotifications.map((n) => [n.level, n.descriptor.id])).toEqual([
      ['error', 'syntax-error'],
      ['warning', 'skipped-encoding'],
    ]);
  }, SLOW);

  it('with -v, lists the places left alone as notes; valid with every transform, a plugin rule and findings', async () => {
    const dir = project({
      'pyproject.toml':
        '[tool.pycodemod]\nextend-select = ["bare-except"]\n\n[[tool.pycodemod.rules]]\nid = "no-eval"\npattern = "eval($X)"\nmessage = "eval runs arbitrary code"\n',
      'app.py': 'import os\n\ndef main():\n    print("hi", os.sep)\n    try:\n        eval(input())\n    except:\n        pass\n',
    });
    const r = await runCli(['--no-cache', '--format', 'sarif', '-v'], { cwd: dir });
    const log = JSON.parse(r.stdout) as Log;
    expect(valid(log)).toBe('valid');
    const run = log.runs[0]!;
    expect(run.tool.driver.rules.map((rule) => rule.id)).toEqual(expect.arrayContaining(['mutable-defaults', 'print-to-logging', 'bare-except', 'no-eval']));
    expect(run.results.find((x) => x.level === 'note')!.message.text).toMatch(/^not rewritten: mutable default of `x` in a lambda/);
    const finding = run.results.find((x) => x.ruleId === 'no-eval')!;
    expect(finding).toMatchObject({ level: 'warning', message: { text: 'eval runs arbitrary code' } });
    expect(finding.locations[0]!.physicalLocation.region).toEqual({ startLine: 6, startColumn: 9, endLine: 6, endColumn: 22 });
    for (const x of run.results) expect(run.tool.driver.rules[x.ruleIndex]!.id).toBe(x.ruleId);
  }, SLOW);

  it('writes file names as URI references (spaces, #, %, non-ASCII), still valid', async () => {
    expect(uriOf('dir with space/a#b%c é.py')).toBe('dir%20with%20space/a%23b%25c%20%C3%A9.py');
    expect(uriOf('../up/x:y.py')).toBe('../up/x%3Ay.py');
    const dir = tempProject({ 'my dir/a#b%c é.py': MUTABLE, 'x:y.py': MUTABLE });
    const log = JSON.parse((await runCli([...only, '--format', 'sarif'], { cwd: dir })).stdout) as Log;
    expect(valid(log)).toBe('valid');
    expect(log.runs[0]!.results.map((x) => x.locations[0]!.physicalLocation.artifactLocation.uri)).toEqual(['my%20dir/a%23b%25c%20%C3%A9.py', 'x%3Ay.py']);
  }, SLOW);

  it('is valid with nothing to report (an empty list of results)', async () => {
    const dir = tempProject({ 'clean.py': CLEAN });
    const r = await runCli([...only, '--check', '--format', 'sarif'], { cwd: dir });
    expect(r.code).toBe(0);
    const log = JSON.parse(r.stdout) as Log;
    expect(valid(log)).toBe('valid');
    expect(log.runs[0]!.results).toEqual([]);
    expect(log.runs[0]!.invocations[0]!.executionSuccessful).toBe(true);
  }, SLOW);

  it('the schema check itself catches a malformed log', () => {
    expect(valid({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).not.toBe('valid');
    expect(valid({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'fatal' }] }] })).not.toBe('valid');
  });
});

describe('--format junit', () => {
  /** The report as Python's XML parser reads it: [suite name, counts, [case name, outcome tag, message]]. */
  function parseJunit(xml: string): { totals: Record<string, string>; suites: { name: string; attrs: Record<string, string>; cases: [string, string | null, string | null][] }[] } {
    const script = `
import json, sys, xml.etree.ElementTree as ET

root = ET.fromstring(sys.stdin.buffer.read())
assert root.tag == 'testsuites'
out = {'totals': dict(root.attrib), 'suites': []}
for s in root:
    cases = []
    for c in s:
        o = next(iter(c), None)
        cases.append([c.get('name'), o.tag if o is not None else None, o.get('message') if o is not None else None])
    out['suites'].append({'name': s.get('name'), 'attrs': dict(s.attrib), 'cases': cases})
print(json.dumps(out))`;
    const r = spawnSync('python3', ['-c', script], { input: xml, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`not well-formed XML: ${r.stderr}`);
    return JSON.parse(r.stdout);
  }

  it('is well-formed JUnit XML: a suite per file with something to say, a failing case per fix', async () => {
    const dir = project();
    const r = await runCli([...only, '--check', '--format', 'junit', '-v'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="pycodemod"')).toBe(true);
    const report = parseJunit(r.stdout);
    expect(report.totals).toMatchObject({ tests: '5', failures: '2', errors: '1', skipped: '2' });
    expect(report.suites.map((s) => [s.name, s.cases.map((c) => [c[0], c[1]])])).toEqual([
      ['broken.py', [['syntax-error', 'error']]],
      ['latin.py', [['skipped (encoding)', 'skipped']]],
      ['pkg/lambdas.py', [['mutable-defaults at 1:12', 'skipped']]],
      ['pkg/two.py', (await reference(dir)).files.find((f) => f.path === 'pkg/two.py')!.edits.map((e) => [`mutable-defaults at ${e.line}:${e.column}`, 'failure'])],
    ]);
    expect(report.suites[3]!.cases.map((c) => c[2])).toEqual(await editMessages(dir, 'pkg/two.py'));
    expect(report.suites[3]!.attrs).toMatchObject({ tests: '2', failures: '2' });
  }, SLOW);

  it('without -v leaves out the places left alone; with --write the fixes are passing cases', async () => {
    const dir = project();
    const plain = parseJunit((await runCli([...only, '--format', 'junit'], { cwd: dir })).stdout);
    expect(plain.suites.map((s) => s.name)).toEqual(['broken.py', 'latin.py', 'pkg/two.py']);
    const written = parseJunit((await runCli([...only, '--write', '--format', 'junit'], { cwd: dir })).stdout);
    const cases = written.suites.find((s) => s.name === 'pkg/two.py')!.cases;
    expect(cases).toHaveLength(2);
    for (const c of cases) expect(c).toEqual([expect.stringMatching(/^mutable-defaults at \d+:\d+$/), null, null]);
  }, SLOW);

  it('stays well-formed with file names XML cannot hold as they are, and is never empty', async () => {
    const dir = tempProject({ 'a<&>"\'b.py': MUTABLE, 'ctl\x01\x1f.py': MUTABLE, 'tab\tnew\nline.py': MUTABLE });
    const report = parseJunit((await runCli([...only, '--format', 'junit'], { cwd: dir })).stdout);
    expect(report.suites.map((s) => s.name)).toEqual(['a<&>"\'b.py', 'ctl\\u0001\\u001f.py', 'tab\tnew\nline.py']);
    const clean = tempProject({ 'c.py': CLEAN });
    const empty = parseJunit((await runCli([...only, '--format', 'junit'], { cwd: clean })).stdout);
    expect(empty).toEqual({ totals: { name: 'pycodemod', tests: '1', failures: '0', errors: '0', skipped: '0' }, suites: [{ name: 'pycodemod', attrs: expect.any(Object), cases: [['nothing to change', null, null]] }] });
  }, SLOW);
});

describe('CI formats and the CLI', () => {
  it('are refused with stdin and with --diff', async () => {
    const dir = tempProject({});
    for (const format of ['github', 'sarif', 'junit']) {
      const stdin = await runCli(['-', '--format', format], { cwd: dir, stdin: MUTABLE });
      expect(stdin.code).toBe(2);
      expect(stdin.stderr).toContain(`--format ${format} reports a run over files, not stdin`);
      const diff = await runCli(['--check', '--diff', '--format', format], { cwd: dir });
      expect(diff.code).toBe(2);
    }
  }, SLOW);

  it('keep the exit codes of the run: 1 with --check when a file would change', async () => {
    const dir = tempProject({ 'a.py': MUTABLE });
    for (const format of ['github', 'sarif', 'junit']) {
      expect((await runCli([...only, '--check', '--format', format], { cwd: dir })).code).toBe(1);
      expect((await runCli([...only, '--format', format], { cwd: dir })).code).toBe(0);
    }
  }, SLOW);
});

interface JsonReport {
  files: { path: string; edits: { line: number; column: number; message: string }[]; error: { message: string; line: number; column: number } | null; reason?: string }[];
}

/** The JSON report of the same run: the reference the other formats must agree with. */
async function reference(dir: string): Promise<JsonReport> {
  return JSON.parse((await runCli([...only, '--format', 'json'], { cwd: dir })).stdout) as JsonReport;
}

async function editMessages(dir: string, path: string): Promise<string[]> {
  return (await reference(dir)).files.find((f) => f.path === path)!.edits.map((e) => e.message);
}
