// Which transforms run: the default set, select, extend-select, ALL, ignore (as Ruff chooses rules).
import { describe, expect, it } from 'vitest';
import { defineTransform, type AnyTransform } from '../src/core/types.js';
import { selectTransforms } from '../src/runner/select.js';
import { loadConfig } from '../src/config/load-config.js';
import { runCli, tempProject } from './helpers/cli.js';

const stub = (id: string, enabledByDefault?: boolean): AnyTransform =>
  defineTransform({
    id,
    description: id,
    docs: { whatItDoes: '', why: '', example: { before: '', after: '' }, semantics: '' },
    options: {},
    enabledByDefault,
    transform() {},
  });

const all = [stub('on-a'), stub('off-b', false), stub('on-c', true)];
const ids = (ts: AnyTransform[]) => ts.map((t) => t.id);

describe('selectTransforms', () => {
  it('with nothing selected runs the transforms that are on by default', () => {
    expect(ids(selectTransforms(all))).toEqual(['on-a', 'on-c']);
  });

  it('select names exactly what runs, off-by-default ones included; ALL is every transform', () => {
    expect(ids(selectTransforms(all, { select: ['off-b'] }))).toEqual(['off-b']);
    expect(ids(selectTransforms(all, { select: ['ALL'] }))).toEqual(['on-a', 'off-b', 'on-c']);
  });

  it('extend-select adds to the default set or to select, in registry order', () => {
    expect(ids(selectTransforms(all, { extendSelect: ['off-b'] }))).toEqual(['on-a', 'off-b', 'on-c']);
    expect(ids(selectTransforms(all, { select: ['on-c'], extendSelect: ['on-a'] }))).toEqual(['on-a', 'on-c']);
    expect(ids(selectTransforms(all, { extendSelect: ['ALL'] }))).toEqual(['on-a', 'off-b', 'on-c']);
  });

  it('ignore is applied last', () => {
    expect(ids(selectTransforms(all, { select: ['ALL'], ignore: ['on-a'] }))).toEqual(['off-b', 'on-c']);
    expect(ids(selectTransforms(all, { extendSelect: ['off-b'], ignore: ['off-b'] }))).toEqual(['on-a', 'on-c']);
  });

  it('an empty select is an error, not "everything"', () => {
    expect(() => selectTransforms(all, { select: [] })).toThrow(/selection is empty/);
  });

  it('unknown ids are errors wherever they appear', () => {
    expect(() => selectTransforms(all, { extendSelect: ['nope'] })).toThrow(/unknown transform `nope`/);
    expect(() => selectTransforms(all, { ignore: ['nope'] })).toThrow(/unknown transform `nope`/);
  });
});

describe('selection from the command line and pyproject.toml', () => {
  const MUTABLE = 'def f(x=[]):\n    return x\n';

  it('--select "" is a usage error (exit 2), and nothing is written', async () => {
    const dir = tempProject({ 'a.py': MUTABLE });
    const r = await runCli(['--select', '', '--write', '.'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/selection is empty/);
  });

  it('select = [] in the config is an error naming the file', () => {
    const dir = tempProject({ 'pyproject.toml': '[tool.pycodemod]\nselect = []\n' });
    expect(() => loadConfig({ cwd: dir, transforms: all })).toThrow(/`select` in \[tool.pycodemod\] in .*pyproject.toml is empty/);
  });

  it('extend-select in the config and --extend-select on the command line both add', async () => {
    const dir = tempProject({ 'pyproject.toml': '[tool.pycodemod]\nselect = ["group-imports"]\nextend-select = ["mutable-defaults"]\n', 'a.py': MUTABLE });
    const viaConfig = await runCli(['--check', '.'], { cwd: dir });
    expect(viaConfig.code).toBe(1); // mutable-defaults ran
    const plain = tempProject({ 'pyproject.toml': '[tool.pycodemod]\nselect = ["group-imports"]\n', 'a.py': MUTABLE });
    expect((await runCli(['--check', '.'], { cwd: plain })).code).toBe(0);
    expect((await runCli(['--check', '--extend-select', 'mutable-defaults', '.'], { cwd: plain })).code).toBe(1);
  });
});
