// `--split-by directory|transform|codeowners [--max-files N] --patch-dir DIR`: every patch applies on the
// original tree on its own (`git apply --check`), and all of them applied one after another give exactly
// what `--write` writes. CODEOWNERS is resolved as GitHub resolves it (the last matching rule wins).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempProject } from './helpers/cli.js';
import { copyTree, gitApply, treeBytes } from './helpers/git.js';
import { ownersOf, parseCodeowners } from '../src/runner/reporters/split/codeowners.js';

const MUTABLE = 'def f(x=[]):\n    return x\n';
const PRINTS = 'import sys\nimport os\n\n\ndef main():\n    print("args", sys.argv, os.sep)\n';

/** A git repository with files in several folders, some changed by more than one transform, and awkward bytes. */
function repository(extra: Record<string, string | Buffer> = {}): string {
  const dir = tempProject({
    'app/api/views.py': PRINTS,
    'app/api/models.py': MUTABLE,
    'app/cli.py': 'import sys, os\n',
    'app/core/db.py': MUTABLE,
    'app/core/cache.py': MUTABLE.replace(/\n/g, '\r\n'),
    'lib/bom.py': '\uFEFFimport sys\nimport os\n\nprint(os, sys)\n',
    'lib/noeol.py': 'import sys\nimport os',
    'lib/clean.py': 'import os\n',
    'setup.py': PRINTS,
    'docs/conf.py': MUTABLE,
    ...extra,
  });
  for (const args of [['init', '-q'], ['add', '-A'], ['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'init']]) {
    const r = spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
  }
  return dir;
}

interface Manifest {
  root: string;
  by: string;
  pieces: { name: string; patch: string; title: string; key: string; owners?: string[]; part?: [number, number]; files: string[]; edits: Record<string, number> }[];
}

/** The split of `dir` into `out`; checks each patch alone and all together against --write. */
async function splitAndCheck(dir: string, args: string[]): Promise<{ manifest: Manifest; out: string; stdout: string; stderr: string }> {
  const out = mkdtempSync(join(tmpdir(), 'pycodemod-patches-'));
  const r = await runCli([...args, '--patch-dir', out, '--no-cache'], { cwd: dir });
  expect(r.stderr).not.toContain('error');
  expect(r.code).toBe(0);
  const manifest = JSON.parse(readFileSync(join(out, 'pieces.json'), 'utf8')) as Manifest;
  // stdout lists the patches written, one a line.
  expect(r.stdout.trim().split('\n').map((l) => l.split('/').pop())).toEqual(manifest.pieces.map((p) => p.patch));

  // Each on its own applies on the original tree.
  for (const piece of manifest.pieces) {
    const patch = readFileSync(join(out, piece.patch), 'utf8');
    const check = gitApply(dir, patch, { check: true });
    expect(check.stderr, piece.patch).toBe('');
    expect(check.ok, piece.patch).toBe(true);
    // Its description names it and how to apply it.
    expect(readFileSync(join(out, `${piece.name}.md`), 'utf8')).toContain(`git apply ${piece.patch}`);
  }
  // Every changed file is in exactly one piece.
  const files = manifest.pieces.flatMap((p) => p.files);
  expect(new Set(files).size).toBe(files.length);

  // All of them, one after another, equal the whole change (--write on a copy), byte for byte.
  const split = copyTree(dir);
  for (const piece of manifest.pieces) expect(gitApply(split, readFileSync(join(out, piece.patch), 'utf8')).ok, piece.patch).toBe(true);
  const written = copyTree(dir);
  const w = await runCli(['--write', '--no-cache'], { cwd: written });
  expect(w.code).toBe(0);
  const strip = (m: Map<string, Buffer>) => new Map([...m].filter(([k]) => !k.startsWith('.git/')));
  expect(strip(treeBytes(split))).toEqual(strip(treeBytes(written)));
  expect(strip(treeBytes(split))).not.toEqual(strip(treeBytes(dir)));
  return { manifest, out, stdout: r.stdout, stderr: r.stderr };
}

describe('--split-by', () => {
  it('directory: one patch per top-level folder; each applies alone, all together equal --write', async () => {
    const dir = repository();
    const { manifest, stderr } = await splitAndCheck(dir, ['--split-by', 'directory']);
    expect(manifest.pieces.map((p) => [p.key, p.files])).toEqual([
      ['.', ['setup.py']],
      ['app', ['app/api/models.py', 'app/api/views.py', 'app/cli.py', 'app/core/cache.py', 'app/core/db.py']],
      ['docs', ['docs/conf.py']],
      ['lib', ['lib/bom.py', 'lib/noeol.py']],
    ]);
    expect(manifest.pieces[1]!.title).toBe('pycodemod: app/');
    expect(stderr).toContain('9 changed files split by directory into 4 patches');
  });

  it('directory --max-files: a folder too big is cut along its subfolders first, then into parts', async () => {
    const dir = repository();
    const { manifest } = await splitAndCheck(dir, ['--split-by', 'directory', '--max-files', '2']);
    expect(manifest.pieces.map((p) => p.files)).toEqual([
      ['setup.py'],
      ['app/cli.py'],
      ['app/api/models.py', 'app/api/views.py'],
      ['app/core/cache.py', 'app/core/db.py'],
      ['docs/conf.py'],
      ['lib/bom.py', 'lib/noeol.py'],
    ]);
    for (const p of manifest.pieces) expect(p.files.length).toBeLessThanOrEqual(2);
    expect(manifest.pieces.map((p) => p.title)).toContain('pycodemod: app/api/ (part 2 of 3)');

    // One folder with more files than N and no subfolders: parts of at most N files.
    const flat = repository(Object.fromEntries([1, 2, 3, 4, 5].map((i) => [`many/m${i}.py`, MUTABLE])));
    const cut = await splitAndCheck(flat, ['--split-by', 'directory', '--max-files', '2']);
    expect(cut.manifest.pieces.filter((p) => p.key === 'many').map((p) => [p.files.length, p.part])).toEqual([
      [2, [1, 3]],
      [2, [2, 3]],
      [1, [3, 3]],
    ]);
  });

  it('transform: each file goes whole to the piece of its first transform; the description lists the riders', async () => {
    const dir = repository();
    const { manifest, out } = await splitAndCheck(dir, ['--split-by', 'transform']);
    expect(manifest.pieces.map((p) => p.key)).toEqual(['mutable-defaults', 'print-to-logging', 'group-imports']);
    const print = manifest.pieces[1]!;
    expect(print.files).toEqual(['app/api/views.py', 'lib/bom.py', 'setup.py']);
    expect(print.edits).toEqual({ 'print-to-logging': 3, 'group-imports': 3 });
    const md = readFileSync(join(out, `${print.name}.md`), 'utf8');
    expect(md).toContain('3 of these files are also changed by other transforms');
    expect(md).toContain('- `setup.py`: group-imports 1');
    expect(manifest.pieces[2]!.files).toEqual(['app/cli.py', 'lib/noeol.py']);
  });

  it('codeowners: files grouped by their owners, the last matching rule winning, as GitHub resolves it', async () => {
    const dir = repository({
      '.github/CODEOWNERS': [
        '# everything else',
        '*           @org/platform',
        '*.py        @org/python',
        '/app/       @org/app',
        'app/core/   @org/core @alice',
        '/app/core/db.py @bob',
        '/docs/',
        '',
      ].join('\n'),
    });
    // `*.py` beats `*` (later); `/app/` beats `*.py` for app's files; `/app/core/db.py`, the last, beats all.
    const { manifest, out } = await splitAndCheck(dir, ['--split-by', 'codeowners']);
    expect(manifest.pieces.map((p) => [p.key, p.files])).toEqual([
      ['(no owners)', ['docs/conf.py']],
      ['@bob', ['app/core/db.py']],
      ['@org/app', ['app/api/models.py', 'app/api/views.py', 'app/cli.py']],
      ['@org/core @alice', ['app/core/cache.py']],
      ['@org/python', ['lib/bom.py', 'lib/noeol.py', 'setup.py']],
    ]);
    expect(readFileSync(join(out, `${manifest.pieces[3]!.name}.md`), 'utf8')).toContain('Owners (CODEOWNERS): @org/core @alice');
  });

  it('run from a subfolder: patch paths are relative to the repository root, where git apply takes them', async () => {
    const dir = repository();
    const out = mkdtempSync(join(tmpdir(), 'pycodemod-patches-'));
    const r = await runCli(['--split-by', 'directory', '--patch-dir', out, '--no-cache', '.'], { cwd: join(dir, 'app', 'api') });
    expect(r.code).toBe(0);
    const patch = readFileSync(join(out, '01-app.patch'), 'utf8');
    expect(patch).toContain('--- a/app/api/views.py\n');
    expect(gitApply(dir, patch, { check: true }).ok).toBe(true);
  });

  it('refuses what would not make sense, with exit 2', async () => {
    const dir = repository();
    const bad = async (args: string[], message: string) => {
      const r = await runCli(args, { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
    };
    await bad(['--split-by', 'directory'], '--split-by needs --patch-dir');
    await bad(['--patch-dir', 'p'], '--patch-dir goes with --split-by');
    await bad(['--split-by', 'directory', '--patch-dir', 'p', '--write'], 'cannot be used with --write');
    await bad(['--split-by', 'directory', '--patch-dir', 'p', '--max-files', '0'], '--max-files must be a whole number of at least 1');
    await bad(['--split-by', 'codeowners', '--patch-dir', 'p'], 'no CODEOWNERS file');
    // A folder holding other files is not written into (nor emptied).
    writeFileSync(join(dir, 'notes.txt'), 'mine\n');
    await bad(['--split-by', 'directory', '--patch-dir', '.'], 'holds other files');
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine\n');
  });

  it('a second split into the same folder replaces the first one: no stale piece is left to apply', async () => {
    const dir = repository();
    const out = mkdtempSync(join(tmpdir(), 'pycodemod-patches-'));
    expect((await runCli(['--split-by', 'directory', '--patch-dir', out, '--no-cache'], { cwd: dir })).code).toBe(0);
    expect(readdirSync(out).filter((n) => n.endsWith('.patch'))).toHaveLength(4);
    expect((await runCli(['--split-by', 'directory', '--patch-dir', out, '--no-cache', 'lib'], { cwd: dir })).code).toBe(0);
    expect(readdirSync(out).filter((n) => n.endsWith('.patch'))).toEqual(['01-lib.patch']);
    expect(existsSync(join(out, 'pieces.json'))).toBe(true);
  });
});

describe('CODEOWNERS matching', () => {
  const rules = (text: string) => parseCodeowners(text);
  const owners = (text: string, path: string) => ownersOf(rules(text), path).owners;

  it('patterns as gitignore reads them: anchored or at any depth, folders, * and **', () => {
    expect(owners('*.py @a', 'x/y/z.py')).toEqual(['@a']);
    expect(owners('/build/ @a', 'build/x.py')).toEqual(['@a']);
    expect(owners('/build/ @a', 'src/build/x.py')).toEqual([]);
    expect(owners('build/ @a', 'src/build/x.py')).toEqual(['@a']);
    expect(owners('apps/ @a', 'apps/x/y.py')).toEqual(['@a']);
    expect(owners('docs/* @a', 'docs/x.py')).toEqual(['@a']);
    expect(owners('docs/* @a', 'docs/deep/x.py')).toEqual([]); // GitHub: only the files directly in docs/
    expect(owners('**/logs @a', 'x/logs/y.py')).toEqual(['@a']);
    expect(owners('/scripts/** @a', 'scripts/a/b.py')).toEqual(['@a']);
    expect(owners('a/**/b.py @a', 'a/x/y/b.py')).toEqual(['@a']);
    expect(owners('a/**/b.py @a', 'a/b.py')).toEqual(['@a']);
    expect(owners('setup.py @a', 'setup.py')).toEqual(['@a']);
    expect(owners('setup.py @a', 'setup_py')).toEqual([]);
  });

  it('the last matching rule wins, a rule without owners leaves the file without any; comments and bad lines', () => {
    const text = '* @all   # default\n/src/ @src-team @bob@example.com\n/src/vendored/\n!/src/x.py @nobody\n\\#odd.py @hash\n';
    expect(owners(text, 'README.py')).toEqual(['@all']);
    expect(owners(text, 'src/a.py')).toEqual(['@src-team', '@bob@example.com']);
    expect(owners(text, 'src/vendored/lib.py')).toEqual([]);
    expect(owners(text, 'src/x.py')).toEqual(['@src-team', '@bob@example.com']); // `!` is ignored, as GitHub does
    expect(owners(text, '#odd.py')).toEqual(['@hash']);
    expect(rules(text).ignored).toEqual([{ line: 4, reason: '`!` (negation) is not supported in CODEOWNERS' }]);
  });
});
