// Which configuration each file uses. As Ruff does it: every file takes its settings from the nearest
// pyproject.toml above it (one with a [tool.pycodemod] table, else the nearest at all), so
// `pycodemod repos/a repos/b` applies a's settings to a's files and b's to b's. A file with no config
// above it uses the run's base configuration (found from the cwd, else from the first path). With
// `--config FILE` (or `--isolated`) that one configuration applies to every file, as Ruff's --config does.
// Command-line flags override every configuration.
//
// A configuration is settings plus its registry (built-ins, or the library caller's `transforms`, plus
// the run's `-t` plugins and its own `plugins`) and the selection made from it.
import { dirname, join, resolve } from 'node:path';
import { configPath, hasPycodemodTable, isLineLength, parseConfig, pyprojectText, readConfigFile, type FileConfig } from '../config/load-config.js';
import { defaultSettings, type Settings } from '../core/settings.js';
import type { AnyTransform } from '../core/types.js';
import { ConfigError, TransformNotFoundError, UsageError } from '../core/errors.js';
import { builtinTransforms } from '../../transforms/index.js';
import { composeRegistry, pluginFiles, PluginLoader, type PluginModule } from '../plugins/load.js';
import { selectTransforms } from './select.js';
import { readRules, ruleTransforms } from '../patterns/load-rules.js';
import type { RunOptions } from './run.js';

export interface RunConfig {
  /** Position in Configurations.all; files and workers refer to a configuration by it. */
  index: number;
  /** The config file its settings came from (none: defaults). */
  path?: string;
  settings: Settings;
  /** Every transform it knows, in run order: built-ins (or the caller's `transforms`), then plugins. */
  registry: AnyTransform[];
  /** The selected transforms: what runs on its files. */
  transforms: AnyTransform[];
  /** Plugin modules loaded for it (`-t` and its own `plugins`). */
  plugins: PluginModule[];
  file: FileConfig;
}

export class Configurations {
  readonly all: RunConfig[] = [];
  private readonly byPath = new Map<string, Promise<RunConfig>>();
  private readonly nearest = new Map<string, Nearest>();
  private readonly loader = new PluginLoader();
  private cliPlugins: PluginModule[] = [];
  private base!: RunConfig;

  private constructor(
    private readonly options: RunOptions,
    readonly cwd: string,
  ) {}

  /** Loads the base configuration and the `-t` plugins. */
  static async create(options: RunOptions): Promise<Configurations> {
    const configs = new Configurations(options, resolve(options.cwd ?? process.cwd()));
    const cli = options.plugins?.length ? pluginFiles(options.plugins, configs.cwd, 'given with -t') : [];
    configs.cliPlugins = await configs.loader.loadAll(cli);
    const path = options.isolated ? undefined : configPath({ cwd: configs.cwd, configFile: options.config, paths: options.paths });
    configs.base = await configs.load(path);
    return configs;
  }

  /** The base configuration: the one --list-transforms, --explain and files without a config of their own use. */
  get baseConfig(): RunConfig {
    return this.base;
  }

  /** Whether every file uses the base configuration (`--config FILE`, `--isolated`). */
  private get fixed(): boolean {
    return !!this.options.config || !!this.options.isolated;
  }

  /** The configuration for a file (absolute path): the nearest config file above it. */
  async forFile(abs: string): Promise<RunConfig> {
    if (this.fixed) return this.base;
    const path = this.nearestConfig(dirname(abs));
    return path === undefined ? this.base : this.load(path);
  }

  /** One configuration per file, in order; each distinct config file is read and its plugins loaded once. */
  async forFiles(files: readonly string[]): Promise<number[]> {
    if (this.fixed) return files.map(() => this.base.index);
    // Files come sorted, so a folder's files are mostly together: one lookup per folder.
    const byDir = new Map<string, number>();
    const out: number[] = [];
    for (const f of files) {
      const dir = dirname(f);
      let index = byDir.get(dir);
      if (index === undefined) {
        index = (await this.forFile(f)).index;
        byDir.set(dir, index);
      }
      out.push(index);
    }
    return out;
  }

  private load(path: string | undefined): Promise<RunConfig> {
    const key = path ?? '';
    let p = this.byPath.get(key);
    if (!p) {
      p = this.build(path);
      this.byPath.set(key, p);
    }
    return p;
  }

  private async build(path: string | undefined): Promise<RunConfig> {
    const options = this.options;
    const read = path ? readConfigFile(path, { explicit: path === (options.config && resolve(this.cwd, options.config)) }) : undefined;
    const own = read ? await this.loader.loadAll(read.plugins) : [];
    const plugins = [...this.cliPlugins, ...own.filter((m) => !this.cliPlugins.includes(m))];
    // `exactly` (search, rewrite): the given transforms and nothing else, whatever the config selects.
    const base = composeRegistry(options.transforms ?? builtinTransforms, options.exactly ? [] : plugins);
    const registry = options.exactly || !read ? base : [...base, ...(await ruleTransforms(readRules(read.table, read.path), base))];
    // Option tables for a built-in are accepted even when the caller's `transforms` replace the built-ins:
    // a project's pyproject.toml must not become an error because one library call runs other transforms.
    const known = [...registry, ...builtinTransforms.filter((b) => !registry.some((t) => t.id === b.id))];
    const file: FileConfig = read ? parseConfig(read, known) : { settings: defaultSettings(this.cwd) };
    const settings: Settings = { ...file.settings };
    if (options.targetVersion) settings.targetVersion = options.targetVersion;
    if (options.lineLength !== undefined) {
      if (!isLineLength(options.lineLength))
        throw new UsageError(`the line length must be a whole number from 1 to 320, got ${JSON.stringify(options.lineLength)}`);
      settings.lineLength = options.lineLength;
    }
    if (read) checkConfigIds(registry, file);
    if (options.maxFileSize !== undefined) settings.maxFileSize = options.maxFileSize;
    if (options.checkSyntax) settings.checkSyntax = true;
    // Ids from the command line that only another configuration knows (one repository's plugin) are left
    // out here; checkSelection() makes sure each is known somewhere.
    const select = options.select?.length ? knownHere(options.select, registry) : (options.select ?? file.select);
    const transforms = options.exactly
      ? registry
      : select && select.length === 0 && options.select?.length
        ? []
        : selectTransforms(registry, {
            select,
            extendSelect: [...(file.extendSelect ?? []), ...knownHere(options.extendSelect ?? [], registry)],
            ignore: options.ignore ? knownHere(options.ignore, registry) : file.ignore,
          });
    const config: RunConfig = { index: this.all.length, path: file.path, settings, registry, transforms, plugins, file };
    this.all.push(config);
    return config;
  }

  /** Every id given on the command line must be known to at least one of the run's configurations. */
  checkSelection(): void {
    const o = this.options;
    for (const id of [...(o.select ?? []), ...(o.extendSelect ?? []), ...(o.ignore ?? [])]) {
      if (id === 'ALL' || this.all.some((c) => c.registry.some((t) => t.id === id))) continue;
      const known = [...new Set(this.all.flatMap((c) => c.registry.map((t) => t.id)))];
      throw new TransformNotFoundError(`unknown transform \`${id}\``, `known transforms: ${known.join(', ')} (see --list-transforms)`);
    }
  }

  /** The nearest pyproject.toml above `dir` with a [tool.pycodemod] table, else the nearest at all (memoized per folder). */
  private nearestConfig(dir: string): string | undefined {
    const found = this.nearestIn(dir);
    return found.withTable ?? found.any;
  }

  /** One look per folder (a file-system call each): its own pyproject.toml, else its parent's answer. */
  private nearestIn(dir: string): Nearest {
    let found = this.nearest.get(dir);
    if (found) return found;
    const candidate = join(dir, 'pyproject.toml');
    const up = dirname(dir);
    const above: Nearest = up === dir ? {} : this.nearestIn(up);
    const text = pyprojectText(candidate); // never blocks on a FIFO; an unreadable one is a config error
    if (text !== undefined) found = { withTable: hasPycodemodTable(text) ? candidate : above.withTable, any: candidate };
    else found = above;
    this.nearest.set(dir, found);
    return found;
  }
}

/** An unknown transform id in a config file is an error naming the file and the key. */
function checkConfigIds(registry: readonly AnyTransform[], file: FileConfig): void {
  const lists = [['select', file.select], ['extend-select', file.extendSelect], ['ignore', file.ignore]] as const;
  for (const [key, ids] of lists)
    for (const id of ids ?? [])
      if (id !== 'ALL' && !registry.some((t) => t.id === id))
        throw new ConfigError(
          `unknown transform \`${id}\` in \`${key}\` of [tool.pycodemod] in ${file.path}`,
          `known transforms: ${registry.map((t) => t.id).join(', ')} (see --list-transforms)`,
        );
}

interface Nearest {
  /** The nearest pyproject.toml with a [tool.pycodemod] table. */
  withTable?: string;
  /** The nearest pyproject.toml at all. */
  any?: string;
}

function knownHere(ids: readonly string[], registry: readonly AnyTransform[]): string[] {
  return ids.filter((id) => id === 'ALL' || registry.some((t) => t.id === id));
}
