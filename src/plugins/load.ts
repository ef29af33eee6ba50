// Plugins are transforms: a module whose default export is one transform (what `defineTransform` returns)
// or an array of them. Loading one builds it (bundle.ts), imports the result and checks every transform it
// exports, so a mistake is an error naming the file before any Python file is touched.
//
// Transforms loaded here remember where they came from (`pluginOrigin`): that is how a worker thread loads
// the same code by path, and how the cache key covers the plugin's code.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PluginError } from '../core/errors.js';
import type { AnyTransform, OptionSpec } from '../core/types.js';
import { buildPlugin, type BuiltPlugin } from './bundle.js';
import { expandGlob, isGlob } from './glob.js';

export interface PluginModule extends BuiltPlugin {
  /** The transforms it exports, in export order. */
  transforms: AnyTransform[];
}

const origins = new WeakMap<AnyTransform, PluginModule>();

/** The plugin module a transform was loaded from (undefined: a built-in, or an object made by the caller). */
export function pluginOrigin(t: AnyTransform): PluginModule | undefined {
  return origins.get(t);
}

/** The plugin file of each plugin transform among `transforms`, by id (a failure it causes names the file). */
export function pluginFilesOf(transforms: readonly AnyTransform[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const t of transforms) {
    const origin = origins.get(t);
    if (origin) files.set(t.id, origin.file);
  }
  return files;
}

/** Transform ids: kebab-case, as the built-ins, usable unquoted in `[tool.pycodemod.<id>]` and `skip[id]`. */
export const TRANSFORM_ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
/** Keys of [tool.pycodemod] a transform id would collide with in its options table. */
export const RESERVED_IDS = new Set([
  'select', 'extend-select', 'ignore', 'exclude', 'extend-exclude', 'target-version', 'line-length', 'known-first-party',
  'known-third-party', 'src', 'plugins', 'all',
]);

/** A plugin file to load; one a glob found may be a helper module (no default export), skipped then. */
export interface PluginFile {
  file: string;
  /** Named by a glob, not by its own path. */
  fromGlob: boolean;
}

/**
 * Expands plugin paths and globs (relative to `base`) into files. A literal path must exist; a glob must
 * match something. Globs leave out declaration files and tests (`*.d.ts`, `*.test.*`, `*.spec.*`), so
 * `codemods/*.ts` can sit beside the codemods' own tests, and a module a glob matches that has no default
 * export is taken for a helper the codemods share, not a plugin.
 */
export function pluginFiles(patterns: readonly string[], base: string, where: string): PluginFile[] {
  const files = new Map<string, PluginFile>();
  for (const pattern of patterns) {
    if (isGlob(pattern)) {
      const matched = expandGlob(pattern, base).filter((f) => /\.(?:[cm]?[jt]s)$/.test(f) && !/\.d\.[cm]?ts$|\.(?:test|spec)\.[cm]?[jt]s$/.test(f));
      if (matched.length === 0) throw new PluginError(`plugin glob \`${pattern}\` ${where} matches no .ts/.js file (relative to ${base})`);
      for (const file of matched) if (!files.has(file)) files.set(file, { file, fromGlob: true });
      continue;
    }
    const abs = resolve(base, pattern);
    let isFile = false;
    try {
      isFile = statSync(abs).isFile();
    } catch {
      throw new PluginError(`plugin \`${pattern}\` ${where} not found: ${abs}`);
    }
    if (!isFile) throw new PluginError(`plugin \`${pattern}\` ${where} is not a file: ${abs}`, 'name a module, or use a glob such as `codemods/*.ts`');
    files.set(abs, { file: abs, fromGlob: false });
  }
  return [...files.values()];
}

/**
 * Loads plugin modules, each once per loader: a run makes one loader, so a file named by `-t` and by a
 * config's glob is one module. A file is built again by the next loader, so an edit between two runs of
 * a long-lived process is seen (an unchanged one is the same bundle, hence the same module instance).
 */
export class PluginLoader {
  private readonly loaded = new Map<string, Promise<PluginModule>>();

  async load({ file, fromGlob }: PluginFile): Promise<PluginModule> {
    let p = this.loaded.get(file);
    if (!p) {
      p = loadPluginModule(file);
      this.loaded.set(file, p);
    }
    const module = await p;
    if (module.transforms.length === 0 && !fromGlob)
      throw new PluginError(`plugin ${file} has no default export`, 'export default defineTransform({ id, description, transform(ctx) {...} }), or an array of them');
    return module;
  }

  /** The modules that export transforms (a glob's helper modules are left out), in the order given. */
  async loadAll(files: readonly PluginFile[]): Promise<PluginModule[]> {
    return (await Promise.all(files.map((f) => this.load(f)))).filter((m) => m.transforms.length > 0);
  }
}

async function loadPluginModule(file: string): Promise<PluginModule> {
  const built = await buildPlugin(file);
  enableSourceMaps();
  let namespace: Record<string, unknown>;
  try {
    namespace = (await import(pathToFileURL(built.bundle).href)) as Record<string, unknown>;
  } catch (err) {
    throw new PluginError(`plugin ${file} failed to load: ${(err as Error).stack ?? String(err)}`);
  }
  const module: PluginModule = { ...built, transforms: [] };
  module.transforms = transformsOf(namespace, file);
  for (const t of module.transforms) origins.set(t, module);
  return module;
}

/** A plugin's stack traces name its own files and lines (the bundle carries a source map). */
export function enableSourceMaps(): void {
  process.setSourceMapsEnabled(true);
}

/**
 * The transforms a plugin module's namespace exports, checked and normalized (absent `options` become
 * `{}`). Workers call this too, so both sides see the same list.
 */
export function transformsOf(namespace: Record<string, unknown>, file: string): AnyTransform[] {
  let value = namespace.default;
  // A CommonJS module that set `exports.default` (compiled ES module syntax).
  if (isObject(value) && '__esModule' in value && 'default' in value && !('id' in value)) value = value.default;
  // No default export: a helper module (the loader decides whether that is an error).
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) throw new PluginError(`plugin ${file} exports an empty list of transforms`);
  const ids = new Set<string>();
  return list.map((t, i) => {
    const checked = checkTransform(t, `${file}${Array.isArray(value) ? ` (export #${i + 1})` : ''}`);
    if (ids.has(checked.id)) throw new PluginError(`plugin ${file} exports two transforms with the id \`${checked.id}\``);
    ids.add(checked.id);
    return checked;
  });
}

function checkTransform(t: unknown, where: string): AnyTransform {
  const bad = (what: string) => new PluginError(`${where}: ${what}`, 'a plugin exports defineTransform({ id, description, transform(ctx) {...} }) (options, docs optional)');
  if (!isObject(t)) return raise(bad(`the default export is not a transform (got ${describe(t)})`));
  const { id } = t;
  if (typeof id !== 'string') return raise(bad('the transform has no string `id`'));
  if (!TRANSFORM_ID.test(id)) return raise(bad(`transform id \`${id}\` must be kebab-case: lower-case letters, digits and single dashes (like \`rename-fetch\`)`));
  if (RESERVED_IDS.has(id)) return raise(bad(`transform id \`${id}\` is a key of [tool.pycodemod]; choose another id`));
  if (typeof t.transform !== 'function') return raise(bad(`transform \`${id}\` has no \`transform(ctx)\` function`));
  if (typeof t.description !== 'string' || t.description.trim() === '') return raise(bad(`transform \`${id}\` needs a one-line \`description\``));
  for (const flag of ['enabledByDefault', 'settlesInOnePass'] as const)
    if (t[flag] !== undefined && typeof t[flag] !== 'boolean') return raise(bad(`\`${flag}\` of \`${id}\` must be true or false`));
  if (t.appliesTo !== undefined && typeof t.appliesTo !== 'function') return raise(bad(`\`appliesTo\` of \`${id}\` must be a function of the path`));
  const options = t.options ?? {};
  if (!isObject(options)) return raise(bad(`\`options\` of \`${id}\` must be an object of option specs`));
  for (const [key, spec] of Object.entries(options)) checkOptionSpec(id, key, spec, where);
  if (t.docs !== undefined && !isObject(t.docs)) return raise(bad(`\`docs\` of \`${id}\` must be an object`));
  return { ...(t as unknown as AnyTransform), options };
}

function checkOptionSpec(id: string, key: string, spec: unknown, where: string): void {
  const fail = (what: string) => {
    throw new PluginError(`${where}: option \`${key}\` of \`${id}\` ${what}`, "an option spec is { type: 'boolean' | 'string' | 'number' | 'string[]', default, description, choices? }");
  };
  if (!/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/.test(key)) fail('must have a kebab-case name');
  if (!isObject(spec)) return fail('is not an option spec');
  const type = spec.type;
  if (type !== 'boolean' && type !== 'string' && type !== 'number' && type !== 'string[]') return fail(`has an unknown type ${describe(type)}`);
  const d = spec.default;
  const ok = type === 'string[]' ? Array.isArray(d) && d.every((v) => typeof v === 'string') : typeof d === type;
  if (!ok) fail(`has a default that is not a ${type}: ${describe(d)}`);
  if (spec.choices !== undefined) {
    if (type !== 'string' || !Array.isArray(spec.choices) || !spec.choices.every((c) => typeof c === 'string')) fail('has `choices` that are not a list of strings for a string option');
    else if (!(spec.choices as string[]).includes(d as string)) fail(`has a default ${describe(d)} that is not one of its choices`);
  }
}

/**
 * The registry of one configuration: the built-ins, then each plugin module's transforms in load order.
 * An id may appear once: a plugin reusing a built-in's id, or two plugins sharing one, is an error naming both.
 */
export function composeRegistry(builtins: readonly AnyTransform[], modules: readonly PluginModule[]): AnyTransform[] {
  const seen = new Map<string, string | undefined>(builtins.map((t) => [t.id, undefined]));
  const all = [...builtins];
  for (const m of modules) {
    for (const t of m.transforms) {
      if (seen.has(t.id)) {
        const other = seen.get(t.id);
        throw new PluginError(
          other === undefined
            ? `plugin ${m.file} defines \`${t.id}\`, the id of a built-in transform`
            : `transform id \`${t.id}\` is defined twice: by ${other} and by ${m.file}`,
          'transform ids must be unique: rename one of them',
        );
      }
      seen.set(t.id, m.file);
      all.push(t);
    }
  }
  return all;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'object') return 'an object';
  return JSON.stringify(v) ?? typeof v;
}

function raise(err: Error): never {
  throw err;
}


/**
 * The library's way to load plugins as objects: `run({ transforms: [...builtinTransforms, ...await loadPlugins(['codemods/*.ts'])] })`.
 * Transforms loaded this way remember their module, so they run in worker threads and are cached like
 * the built-ins. Paths and globs are relative to `cwd`; ids must be unique among them.
 */
export async function loadPlugins(paths: readonly string[], options: { cwd?: string } = {}): Promise<AnyTransform[]> {
  return composeRegistry([], await loadPluginModules(paths, options));
}

/** The plugin modules that paths and globs (relative to `cwd`) name, loaded. */
export async function loadPluginModules(paths: readonly string[], options: { cwd?: string } = {}): Promise<PluginModule[]> {
  const files = pluginFiles(paths, resolve(options.cwd ?? process.cwd()), 'given to the library');
  return new PluginLoader().loadAll(files);
}
