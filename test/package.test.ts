// The package as npm would publish it, used the way an author uses it: the files `npm pack` would ship,
// installed into a fresh project (its dependencies linked as npm would hoist them), then
//   - an author's TypeScript codemod type-checks with `strict` and without `skipLibCheck`;
//   - pycodemod/testing runs fixture tests under node:test (no vitest loaded) and under vitest.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const CONSUMER = join(import.meta.dirname, 'package', 'consumer');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  exports: Record<string, string | Record<string, string>>;
};

/** The environment of a child process that is not inside this vitest run. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('VITEST') || key === 'TEST' || key === 'NODE_OPTIONS') delete env[key];
  return env;
}

function sh(cmd: string, args: string[], options: SpawnSyncOptions) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: cleanEnv(), timeout: 120_000, ...options });
  return { status: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

let project: string;
let packed: string[];

beforeAll(() => {
  // CI builds through `npm ci` (prepare: npm run build); build the same way when run from a bare checkout.
  if (!existsSync(join(ROOT, 'dist', 'src', 'testing', 'index.js'))) {
    const b = sh('npm', ['run', 'build'], { cwd: ROOT });
    if (b.status !== 0) throw new Error(`build failed: ${b.out}`);
  }
  const p = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
  packed = (JSON.parse(p.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);

  project = mkdtempSync(join(tmpdir(), 'pycodemod-consumer-'));
  const installed = join(project, 'node_modules', 'pycodemod');
  for (const file of packed) {
    mkdirSync(dirname(join(installed, file)), { recursive: true });
    cpSync(join(ROOT, file), join(installed, file));
  }
  // Dependencies (and what a consumer project brings itself: vitest), hoisted beside the package.
  for (const dep of [...Object.keys(pkg.dependencies), 'vitest', '@types/node']) {
    const at = join(project, 'node_modules', dep);
    mkdirSync(dirname(at), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', dep), at, 'dir');
  }
  cpSync(CONSUMER, project, { recursive: true });
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', type: 'module', private: true }));
}, 180_000);

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

describe('the published package', () => {
  it('ships every file its exports map points to', () => {
    const targets = Object.values(pkg.exports).flatMap((e) => (typeof e === 'string' ? [e] : Object.values(e)));
    expect(targets).toContain('./dist/src/testing/index.js');
    for (const target of targets) expect(packed, `${target} is exported but not packed`).toContain(target.replace(/^\.\//, ''));
  });

  it("type-checks an author's TypeScript codemod with strict and without skipLibCheck", { timeout: 120_000 }, () => {
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const bare = sh(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: project });
    expect(bare.out).toBe('');
    expect(bare.status).toBe(0);
    // The same with Node's types present, as most projects have them.
    const config = JSON.parse(readFileSync(join(project, 'tsconfig.json'), 'utf8'));
    config.compilerOptions.types = ['node'];
    writeFileSync(join(project, 'tsconfig.node.json'), JSON.stringify(config));
    const withNode = sh(process.execPath, [tsc, '-p', 'tsconfig.node.json'], { cwd: project });
    expect(withNode.out).toBe('');
    expect(withNode.status).toBe(0);
  });

  it('type-checks the examples (examples/codemods, their tests included) against the package the same way', { timeout: 120_000 }, () => {
    cpSync(join(ROOT, 'examples'), join(project, 'examples'), { recursive: true });
    const config = JSON.parse(readFileSync(join(project, 'tsconfig.json'), 'utf8'));
    config.compilerOptions.types = ['node'];
    delete config.files;
    config.include = ['examples/**/*.ts'];
    writeFileSync(join(project, 'tsconfig.examples.json'), JSON.stringify(config));
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = sh(process.execPath, [tsc, '-p', 'tsconfig.examples.json'], { cwd: project });
    expect(r.out).toBe('');
    expect(r.status).toBe(0);
  });

  it('the type check is real: a wrong type in the author code fails it', { timeout: 120_000 }, () => {
    writeFileSync(
      join(project, 'wrong.ts'),
      "import type { Node } from 'pycodemod';\nexport const n: Node = 'not a node';\n",
    );
    const config = { extends: './tsconfig.json', files: ['wrong.ts'] };
    writeFileSync(join(project, 'tsconfig.wrong.json'), JSON.stringify(config));
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = sh(process.execPath, [tsc, '-p', 'tsconfig.wrong.json'], { cwd: project });
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(/wrong\.ts.*Type 'string' is not assignable to type 'Node'/s);
  });

  it('pycodemod/testing runs under node:test, and fails a folder with a wrong expected output', { timeout: 120_000 }, () => {
    const ok = sh(process.execPath, ['--test', 'kit.node-test.mjs'], { cwd: project });
    expect(ok.out).toMatch(/fixtures\/upper-todo/);
    expect(ok.out).toMatch(/comment/);
    expect(ok.out).toMatch(/# pass 2\b/);
    expect(ok.status).toBe(0);
    const bad = sh(process.execPath, ['--test', 'kit.node-test.mjs'], { cwd: project, env: { ...cleanEnv(), FIXTURE_FOLDER: 'broken' } });
    expect(bad.out).toMatch(/does not match .*wrong\.output\.py/);
    expect(bad.status).toBe(1);
  });

  it('pycodemod/testing finds vitest on its own in a project that uses it', () => {
    cpSync(join(project, 'kit.vitest.ts'), join(project, 'kit.test.ts'));
    const vitest = join(project, 'node_modules', 'vitest', 'vitest.mjs');
    const r = sh(process.execPath, [vitest, 'run', '--root', project, 'kit.test.ts'], { cwd: project });
    expect(r.out).toMatch(/2 passed/);
    expect(r.status).toBe(0);
  }, 120_000);
});
