import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load-config.js';
import { ConfigError } from '../src/core/errors.js';
import { builtinTransforms } from '../transforms/index.js';
import { tempProject } from './helpers/cli.js';

const load = (cwd: string, extra: { configFile?: string; isolated?: boolean } = {}) => loadConfig({ cwd, transforms: builtinTransforms, ...extra });

describe('loadConfig', () => {
  it('reads [tool.pycodemod] from the nearest pyproject.toml upward', () => {
    const root = tempProject({
      'pyproject.toml': '[tool.pycodemod]\ntarget-version = "py311"\nline-length = 100\nselect = ["group-imports"]\nknown-first-party = ["app"]\nsrc = ["lib"]\n',
      'pkg/sub/x.py': '',
    });
    const c = load(join(root, 'pkg/sub'));
    expect(c.path).toBe(join(root, 'pyproject.toml'));
    expect(c.settings).toMatchObject({ targetVersion: 'py311', lineLength: 100, knownFirstParty: ['app'], src: [join(root, 'lib')], projectRoot: root });
    expect(c.select).toEqual(['group-imports']);
  });

  it('defaults when there is no config, and with --isolated', () => {
    const root = tempProject({ 'pyproject.toml': '[tool.pycodemod]\ntarget-version = "py312"\n' });
    expect(load(root, { isolated: true }).settings.targetVersion).toBe('py39');
    expect(load(tempProject({})).settings).toMatchObject({ targetVersion: 'py39', lineLength: 88 });
  });

  it('prefers a pyproject.toml with a [tool.pycodemod] table over a nearer one without', () => {
    const root = tempProject({ 'pyproject.toml': '[tool.pycodemod]\nline-length = 120\n', 'sub/pyproject.toml': '[project]\nname = "x"\n' });
    expect(load(join(root, 'sub')).settings.lineLength).toBe(120);
  });

  it('validates per-transform option tables', () => {
    const root = tempProject({ 'pyproject.toml': '[tool.pycodemod.group-imports]\nno-such-option = true\n' });
    expect(() => load(root)).toThrow(/unknown option `no-such-option` for transform `group-imports`/);
  });

  it.each([
    ['an unknown key', 'colour = "red"\n', /unknown key `colour`/],
    ['a snake_case key', 'line_length = 90\n', /unknown key `line_length`/],
    ['a bad target version', 'target-version = "py27"\n', /target-version.*py38/],
    ['a bad line length', 'line-length = "wide"\n', /line-length/],
    ['a non-list select', 'select = 3\n', /select.*list of strings/],
  ])('rejects %s with a ConfigError naming the file', (_name, body, message) => {
    const root = tempProject({ 'pyproject.toml': `[tool.pycodemod]\n${body}` });
    let error: unknown;
    try {
      load(root);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain(join(root, 'pyproject.toml'));
  });

  it('reports invalid TOML with its line', () => {
    const root = tempProject({ 'pyproject.toml': '[tool.pycodemod]\nselect = [\n' });
    expect(() => load(root)).toThrow(ConfigError);
  });

  it('falls back to [tool.isort] and [tool.ruff.lint.isort] for section settings', () => {
    const isort = tempProject({ 'pyproject.toml': '[tool.isort]\nknown_first_party = ["app"]\nknown_third_party = ["vendored"]\n' });
    expect(load(isort).settings).toMatchObject({ knownFirstParty: ['app'], knownThirdParty: ['vendored'] });
    const ruff = tempProject({ 'pyproject.toml': '[tool.ruff.lint.isort]\nknown-first-party = ["svc"]\n[tool.isort]\nknown_first_party = ["other"]\n' });
    expect(load(ruff).settings.knownFirstParty).toEqual(['svc']);
    const own = tempProject({ 'pyproject.toml': '[tool.pycodemod]\nknown-first-party = ["mine"]\n[tool.isort]\nknown_first_party = ["other"]\n' });
    expect(load(own).settings.knownFirstParty).toEqual(['mine']);
  });

  it('reads a bare table from --config FILE', () => {
    const root = tempProject({ 'pycodemod.toml': 'line-length = 70\n' });
    expect(load(root, { configFile: 'pycodemod.toml' }).settings.lineLength).toBe(70);
    expect(() => load(root, { configFile: 'missing.toml' })).toThrow(/not found/);
  });
});
