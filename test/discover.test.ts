import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverFiles } from '../src/runner/discover.js';
import { tempProject } from './helpers/cli.js';

const rel = (root: string, files: string[]) => files.map((f) => f.slice(root.length + 1));

describe('discoverFiles', () => {
  it('walks folders for .py and .pyi files, sorted and de-duplicated', () => {
    const root = tempProject({ 'b.py': '', 'a/z.pyi': '', 'a/y.py': '', 'notes.txt': '', 'a/data.json': '' });
    const { files } = discoverFiles([root, join(root, 'a'), join(root, 'b.py')], { root });
    expect(rel(root, files)).toEqual(['a/y.py', 'a/z.pyi', 'b.py']);
  });

  it('skips the default excludes (.venv, __pycache__, build, *.egg-info, ...)', () => {
    const root = tempProject({
      'pkg/m.py': '', '.venv/lib/x.py': '', 'venv/x.py': '', 'pkg/__pycache__/m.py': '', 'build/x.py': '',
      'dist/x.py': '', 'x.egg-info/y.py': '', '.tox/t.py': '', 'node_modules/n.py': '', '.git/g.py': '',
    });
    expect(rel(root, discoverFiles([root], { root }).files)).toEqual(['pkg/m.py']);
  });

  it('honours .gitignore files, nested ones too', () => {
    const root = tempProject({
      '.gitignore': 'generated/\n*_pb2.py\n',
      'pkg/.gitignore': 'local_*.py\n',
      'pkg/m.py': '', 'pkg/local_settings.py': '', 'generated/g.py': '', 'pkg/api_pb2.py': '', 'other/local_x.py': '',
    });
    mkdirSync(join(root, '.git'));
    expect(rel(root, discoverFiles([root], { root }).files)).toEqual(['other/local_x.py', 'pkg/m.py']);
  });

  it('applies --exclude (replacing defaults) and --extend-exclude globs', () => {
    const root = tempProject({ 'a/m.py': '', 'a/tests/t.py': '', 'build/b.py': '', 'migrations/0001.py': '' });
    expect(rel(root, discoverFiles([root], { root, extendExclude: ['migrations', 'tests/'] }).files)).toEqual(['a/m.py']);
    expect(rel(root, discoverFiles([root], { root, exclude: ['a'] }).files)).toEqual(['build/b.py', 'migrations/0001.py']);
  });

  it('processes a file named explicitly even when excluded', () => {
    const root = tempProject({ 'build/b.py': '' });
    expect(rel(root, discoverFiles([join(root, 'build/b.py')], { root }).files)).toEqual(['build/b.py']);
  });

  it('does not follow symlinked folders', () => {
    const root = tempProject({ 'real/m.py': '' });
    symlinkSync(join(root, 'real'), join(root, 'link'));
    expect(rel(root, discoverFiles([root], { root }).files)).toEqual(['real/m.py']);
  });

  it('lists paths that do not exist', () => {
    const root = tempProject({});
    writeFileSync(join(root, 'x.py'), '');
    expect(discoverFiles([join(root, 'nope.py')], { root }).missing).toEqual([join(root, 'nope.py')]);
  });
});
