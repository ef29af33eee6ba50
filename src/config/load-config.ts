// [tool.pycodemod] in the nearest pyproject.toml (or --config FILE): validated, kebab-case keys,
// one table per transform. Section settings fall back to [tool.isort] / [tool.ruff.lint.isort] so a
// project moving from isort or Ruff needs no new config.
//
// Reading is two steps, because a config can name plugins whose option tables it also holds: readConfigFile
// parses the TOML and expands `plugins`; once the caller has loaded them, parseConfig validates the rest
// against the full registry.
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { ConfigError } from '../core/errors.js';
import { TARGET_VERSIONS, defaultSettings, type Settings, type TargetVersion } from '../core/settings.js';
import { validateOptions } from '../core/options.js';
import { parseByteSize } from '../core/byte-size.js';
import type { AnyTransform } from '../core/types.js';
import { readFailure, readRegularTextIfExists } from '../core/regular-file.js';
import { pluginFiles, type PluginFile } from '../plugins/load.js';

export interface FileConfig {
  /** The pyproject.toml the settings came from, if any. */
  path?: string;
  /** Plugin modules it loads (`plugins`, expanded, absolute). */
  plugins?: string[];
  settings: Settings;
  select?: string[];
  extendSelect?: string[];
  ignore?: string[];
  exclude?: string[];
  extendExclude?: string[];
}

type Table = Record<string, unknown>;

const TOP_LEVEL_KEYS = [
  'select', 'extend-select', 'ignore', 'exclude', 'extend-exclude', 'target-version', 'line-length', 'max-file-size', 'check-syntax', 'known-first-party',
  'known-third-party', 'src', 'plugins', 'rules', 'rule-dirs',
] as const;

/** The nearest pyproject.toml from `start` upward that has a [tool.pycodemod] table (else the nearest at all). */
export function findPyproject(start: string): string | undefined {
  let nearest: string | undefined;
  let dir = resolve(start);
  for (;;) {
    const candidate = join(dir, 'pyproject.toml');
    const text = pyprojectText(candidate);
    if (text !== undefined) {
      nearest ??= candidate;
      if (hasPycodemodTable(text)) return candidate;
    }
    const up = dirname(dir);
    if (up === dir) return nearest;
    dir = up;
  }
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Whether a pyproject.toml's text has a [tool.pycodemod] table. */
export function hasPycodemodTable(text: string): boolean {
  return /^\s*\[tool\.pycodemod[\].]/m.test(text);
}

/**
 * The text of a pyproject.toml met while searching upward; undefined when there is none, or when its
 * folder cannot be entered (nothing could be known there, and its files cannot be read either).
 */
export function pyprojectText(path: string): string | undefined {
  return canEnter(dirname(path)) ? readConfigText(path) : undefined;
}

function canEnter(dir: string): boolean {
  try {
    accessSync(dir, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** A config file's text; undefined when there is none. One that exists but cannot be read (a FIFO, no
 *  permission) is an error: guessing its settings could rewrite what the project configured away. */
function readConfigText(p: string): string | undefined {
  try {
    return readRegularTextIfExists(p);
  } catch (err) {
    throw new ConfigError(`cannot read the config file ${p}: ${readFailure(err)}`);
  }
}

export interface LoadConfigOptions {
  cwd: string;
  /** --config FILE */
  configFile?: string;
  /** --isolated: ignore every config file. */
  isolated?: boolean;
  transforms: readonly AnyTransform[];
  /** The paths being processed: when nothing is found from the cwd, the search starts at the first. */
  paths?: readonly string[];
}

export function loadConfig({ cwd, configFile, isolated, transforms, paths }: LoadConfigOptions): FileConfig {
  if (isolated) return { settings: defaultSettings(cwd) };
  const path = configPath({ cwd, configFile, paths });
  if (!path) return { settings: defaultSettings(cwd) };
  return parseConfig(readConfigFile(path, { explicit: !!configFile }), transforms);
}

/** The config file a run starts from: --config FILE, else the nearest upward from the cwd, else from the first path. */
export function configPath({ cwd, configFile, paths }: Pick<LoadConfigOptions, 'cwd' | 'configFile' | 'paths'>): string | undefined {
  if (configFile) return resolve(cwd, configFile);
  const firstPath = paths?.[0] !== undefined ? resolve(cwd, paths[0]) : undefined;
  return findPyproject(cwd) ?? (firstPath ? findPyproject(isDirectory(firstPath) ? firstPath : dirname(firstPath)) : undefined);
}

/** A config file read but not yet validated against the transforms (its plugins are not loaded yet). */
export interface ConfigFile {
  path: string;
  table: Table;
  tool: Table;
  /** The plugin modules `plugins` names, expanded and absolute. */
  plugins: PluginFile[];
}

/** Parses the TOML and expands `plugins` (paths and globs relative to the file's folder). */
export function readConfigFile(path: string, { explicit = false }: { explicit?: boolean } = {}): ConfigFile {
  const text = readConfigText(path);
  if (text === undefined) throw new ConfigError(`config file not found: ${path}`);
  let doc: Table;
  try {
    doc = parseToml(text) as Table;
  } catch (err) {
    const e = err as Error & { line?: number };
    throw new ConfigError(`${path}${e.line ? `:${e.line}` : ''}: invalid TOML: ${e.message.split('\n')[0]}`);
  }
  const tool = (doc.tool ?? {}) as Table;
  // A file given with --config may be a pyproject.toml or a bare pycodemod.toml table.
  const table = (tool.pycodemod as Table | undefined) ?? (explicit && !('tool' in doc) ? doc : {});
  const where = `in [tool.pycodemod] in ${path}`;
  const plugins = 'plugins' in table ? pluginFiles(stringList(table.plugins, 'plugins', `[tool.pycodemod] in ${path}`), dirname(path), where) : [];
  return { path, table, tool, plugins };
}

/** Validates a config file's table against every transform the run knows (built-ins and plugins). */
export function parseConfig(file: ConfigFile, transforms: readonly AnyTransform[]): FileConfig {
  const config = parseTable(file.table, file.path, file.tool, transforms);
  if (file.plugins.length) config.plugins = file.plugins.map((p) => p.file);
  return config;
}

function parseTable(table: Table, path: string, tool: Table, transforms: readonly AnyTransform[]): FileConfig {
  const root = dirname(path);
  const settings = defaultSettings(root);
  const config: FileConfig = { path, settings };
  const where = `[tool.pycodemod] in ${path}`;
  const byId = new Map(transforms.map((t) => [t.id, t]));

  for (const [key, value] of Object.entries(table)) {
    const transform = byId.get(key);
    if (transform) {
      if (!isTable(value)) throw new ConfigError(`\`${key}\` in ${where} must be a table of options`);
      settings.transformOptions[key] = validateOptions(transform, value, `[tool.pycodemod.${key}] in ${path}`);
      continue;
    }
    if (!(TOP_LEVEL_KEYS as readonly string[]).includes(key)) {
      const hint = key.includes('_')
        ? `did you mean \`${key.replace(/_/g, '-')}\`? keys are kebab-case`
        : isTable(value)
          ? `no transform has the id \`${key}\`: if it is a plugin's, load the plugin (\`plugins = ["codemods/*.ts"]\` here, or \`-t FILE\`); known transforms: ${[...byId.keys()].join(', ')}`
          : `known keys: ${TOP_LEVEL_KEYS.join(', ')}, or a transform id: ${[...byId.keys()].join(', ')}`;
      throw new ConfigError(`unknown key \`${key}\` in ${where}`, hint);
    }
    switch (key as (typeof TOP_LEVEL_KEYS)[number]) {
      case 'select':
        config.select = stringList(value, key, where);
        if (config.select.length === 0)
          throw new ConfigError(`\`select\` in ${where} is empty`, 'name at least one transform id, or "ALL"; leave `select` out for the default set');
        break;
      case 'extend-select':
        config.extendSelect = stringList(value, key, where);
        break;
      case 'ignore':
        config.ignore = stringList(value, key, where);
        break;
      case 'exclude':
        config.exclude = stringList(value, key, where);
        break;
      case 'extend-exclude':
        config.extendExclude = stringList(value, key, where);
        break;
      case 'target-version':
        settings.targetVersion = targetVersion(value, where);
        break;
      case 'line-length':
        if (!isLineLength(value))
          throw new ConfigError(`\`line-length\` in ${where} must be a whole number from 1 to 320, got ${JSON.stringify(value)}`);
        settings.lineLength = value;
        break;
      case 'max-file-size': {
        const bytes = parseByteSize(value);
        if (bytes === undefined)
          throw new ConfigError(`\`max-file-size\` in ${where} must be a number of bytes or a size such as "10MB" or "500KB" (0: no limit), got ${JSON.stringify(value)}`);
        settings.maxFileSize = bytes;
        break;
      }
      case 'check-syntax':
        if (typeof value !== 'boolean') throw new ConfigError(`\`check-syntax\` in ${where} must be true or false, got ${JSON.stringify(value)}`);
        settings.checkSyntax = value;
        break;
      case 'known-first-party':
        settings.knownFirstParty = stringList(value, key, where);
        break;
      case 'known-third-party':
        settings.knownThirdParty = stringList(value, key, where);
        break;
      case 'src':
        settings.src = stringList(value, key, where).map((s) => resolve(root, s));
        break;
      case 'plugins':
        break; // expanded and loaded before this table is validated (readConfigFile)
      case 'rules':
      case 'rule-dirs':
        break; // pattern rules: read and compiled into the registry before this table is validated (patterns/load-rules.ts)
    }
  }

  // Section settings from isort or Ruff when pycodemod's own table gives none.
  if (!('known-first-party' in table) && !('known-third-party' in table)) {
    const isort = (tool.isort ?? {}) as Table;
    const ruff = (tool.ruff ?? {}) as Table;
    const ruffIsort = (((ruff.lint ?? {}) as Table).isort ?? ruff.isort ?? {}) as Table;
    const firstParty = asList(ruffIsort['known-first-party']) ?? asList(isort.known_first_party);
    const thirdParty = asList(ruffIsort['known-third-party']) ?? asList(isort.known_third_party);
    if (firstParty) settings.knownFirstParty = firstParty;
    if (thirdParty) settings.knownThirdParty = thirdParty;
  }
  return config;
}

/** Line lengths the tool accepts (as Ruff does: 1 to 320). */
export function isLineLength(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 320;
}

export function targetVersion(value: unknown, where: string): TargetVersion {
  if (typeof value !== 'string' || !(TARGET_VERSIONS as readonly string[]).includes(value))
    throw new ConfigError(`\`target-version\` in ${where} must be one of ${TARGET_VERSIONS.join(', ')}, got ${JSON.stringify(value)}`);
  return value as TargetVersion;
}

function stringList(value: unknown, key: string, where: string): string[] {
  const list = asList(value);
  if (!list) throw new ConfigError(`\`${key}\` in ${where} must be a list of strings, got ${JSON.stringify(value)}`);
  return list;
}

function asList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : undefined;
}

function isTable(v: unknown): v is Table {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
