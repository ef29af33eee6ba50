// Authoring aids: `--print-tree FILE` and `new-transform ID`, whose files pass their tests as generated.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempProject } from './helpers/cli.js';

const ROOT = join(import.meta.dirname, '..');

describe('--print-tree', () => {
  it('prints named nodes with field names, ranges, offsets and leaf text, like tree-sitter parse', async () => {
    const dir = tempProject({ 'm.py': 'def f(x=[]):\n    return "é😀" + x  # c\n' });
    const r = await runCli(['--print-tree', 'm.py'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n').slice(1).join('\n')).toBe(
      [
        '(module [0, 0] - [2, 0] 0..39',
        '  (function_definition [0, 0] - [1, 25] 0..38',
        '    name: (identifier [0, 4] - [0, 5] 4..5 "f")',
        '    parameters: (parameters [0, 5] - [0, 11] 5..11',
        '      (default_parameter [0, 6] - [0, 10] 6..10',
        '        name: (identifier [0, 6] - [0, 7] 6..7 "x")',
        '        value: (list [0, 8] - [0, 10] 8..10 "[]")))',
        '    body: (block [1, 4] - [1, 25] 17..38',
        '      (return_statement [1, 4] - [1, 20] 17..33',
        '        (binary_operator [1, 11] - [1, 20] 24..33',
        '          left: (string [1, 11] - [1, 16] 24..29',
        '            (string_start [1, 11] - [1, 12] 24..25 "\\"")',
        // Offsets and columns count UTF-16 code units, as node.startIndex does: é is 1, 😀 is 2.
        '            (string_content [1, 12] - [1, 15] 25..28 "é😀")',
        '            (string_end [1, 15] - [1, 16] 28..29 "\\""))',
        '          right: (identifier [1, 19] - [1, 20] 32..33 "x")))',
        '      (comment [1, 22] - [1, 25] 35..38 "# c"))))',
        '',
      ].join('\n'),
    );
    expect(r.stdout.split('\n')[0]).toMatch(/^; \(type \[row, column\]/);
  });

  it('reads stdin with `-`, and shows ERROR and MISSING nodes of a file that does not parse', async () => {
    const r = await runCli(['--print-tree', '-'], { cwd: tempProject({}), stdin: 'x = (1,\nif y print(2)\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\(ERROR \[/);
    expect(r.stderr).toBe('pycodemod: stdin has syntax errors: see the ERROR and MISSING nodes\n');
    const missing = await runCli(['--print-tree', '-'], { cwd: tempProject({}), stdin: 'def f(:\n    pass\n' });
    expect(missing.stdout).toMatch(/ERROR|MISSING/);
  });

  it('exits 2 for a file it cannot read', async () => {
    const r = await runCli(['--print-tree', 'nope.py'], { cwd: tempProject({}) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot read nope\.py: no such file/);
  });
});

/** The environment of a child process that is not inside this vitest run. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('VITEST') || key === 'TEST' || key === 'NODE_OPTIONS') delete env[key];
  return env;
}

describe('new-transform', { timeout: 120_000 }, () => {
  beforeAll(() => {
    // The generated test imports pycodemod/testing, which the package exports from dist/.
    if (!existsSync(join(ROOT, 'dist', 'src', 'testing', 'index.js'))) {
      const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`build failed: ${r.stdout}${r.stderr}`);
    }
  }, 120_000);

  /** A Python repository with a small Node project for its codemods: pycodemod, vitest and Node's types installed. */
  function project(): string {
    const dir = tempProject({ 'package.json': '{ "name": "codemods", "type": "module", "private": true }\n', 'app/mod.py': 'value = old_function(1)\n' });
    mkdirSync(join(dir, 'node_modules', '@types'), { recursive: true });
    symlinkSync(ROOT, join(dir, 'node_modules', 'pycodemod'), 'dir');
    symlinkSync(join(ROOT, 'node_modules', 'vitest'), join(dir, 'node_modules', 'vitest'), 'dir');
    symlinkSync(join(ROOT, 'node_modules', '@types', 'node'), join(dir, 'node_modules', '@types', 'node'), 'dir');
    return dir;
  }

  it('writes a transform, a fixture folder and a test that pass as generated, then refuses to overwrite them', async () => {
    const dir = project();
    const r = await runCli(['new-transform', 'rename-old'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Created:\n  codemods\/rename-old\.ts\n  codemods\/fixtures\/rename-old\/example\.input\.py\n  codemods\/fixtures\/rename-old\/example\.skips\.txt\n  codemods\/rename-old\.test\.ts\nNext:\n/);

    // Its test passes under vitest, in the project's own folder.
    const vitest = spawnSync(process.execPath, [join(dir, 'node_modules', 'vitest', 'vitest.mjs'), 'run', 'codemods/'], { cwd: dir, encoding: 'utf8', env: { ...cleanEnv(), NO_COLOR: '1' } });
    expect(`${vitest.stdout}${vitest.stderr}`).toMatch(/Tests +1 passed/);
    expect(vitest.status).toBe(0);

    // It type-checks with strict settings.
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { strict: true, noUncheckedIndexedAccess: true, exactOptionalPropertyTypes: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', lib: ['ES2023'], types: ['node'], noEmit: true },
      include: ['codemods'],
    }));
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: dir, encoding: 'utf8' });
    expect(`${tsc.stdout}${tsc.stderr}`).toBe('');

    // As a plugin it reports, and rewrites nothing.
    const run = await runCli(['-t', 'codemods/rename-old.ts', '-v', '--no-cache', 'app'], { cwd: dir });
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('app/mod.py:1:9: [rename-old] not rewritten: call to old_function()\n0 files would be changed, 1 unchanged; not rewritten (see -v): rename-old 1\n');
    // The commented-out fix is the one edit that makes it rewrite.
    const module = join(dir, 'codemods', 'rename-old.ts');
    writeFileSync(module, readFileSync(module, 'utf8').replace('// fix:', 'fix:'));
    const fixed = await runCli(['-t', 'codemods/rename-old.ts', '--no-cache', 'app'], { cwd: dir });
    expect(fixed.stdout).toContain('+value = new_function(1)');

    const again = await runCli(['new-transform', 'rename-old'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/not overwriting codemods\/rename-old\.ts, codemods\/fixtures\/rename-old\/example\.input\.py/);
  });

  it('writes into --dir, and rejects ids that are not kebab-case or taken', async () => {
    const dir = project();
    const r = await runCli(['new-transform', 'drop-x', '--dir', 'tools/mods'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'tools/mods/fixtures/drop-x/example.input.py'))).toBe(true);
    expect(r.stdout).toContain('plugins = ["tools/mods/*.ts"]');
    for (const [id, message] of [['Bad_Id', /must be kebab-case/], ['group-imports', /id of a built-in transform/], ['select', /key of \[tool.pycodemod\]/]] as const) {
      const bad = await runCli(['new-transform', id], { cwd: dir });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(message);
    }
    expect((await runCli(['new-transform'], { cwd: dir })).code).toBe(2);
  });
});
