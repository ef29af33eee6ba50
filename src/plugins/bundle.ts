// A plugin module, built once per run into one ES module that every thread imports (esbuild, the tool
// made for resolving and transpiling TypeScript and JavaScript modules). This is what lets plugins work:
//
// - `.ts`, `.mts`, `.cts`, `.js`, `.mjs`, `.cjs` with no build step, ES modules or CommonJS, with the
//   plugin's own tsconfig paths;
// - the cache key covers exactly the code that runs: the bundle holds the plugin and every local module it
//   imports, so editing a helper changes it; packages it imports are kept out of the bundle and named
//   with their version;
// - main thread and workers run the same code, even if a file is edited during the run;
// - `import ... from 'pycodemod'` (and `pycodemod/...`) always means the pycodemod that runs the plugin,
//   whether or not the plugin's folder has it installed (a codemod kept outside any package works).
//
// The bundle is written to a private temporary folder (removed when the process exits) with a source map,
// so a plugin's stack traces name its own files and lines.
import type { Plugin } from 'esbuild';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { hash } from 'node:crypto';
import { PluginError } from '../core/errors.js';

export interface BuiltPlugin {
  /** The plugin's source file (absolute). */
  file: string;
  /** The built ES module (absolute path) the main thread and the workers import. */
  bundle: string;
  /** What the cache knows the plugin's code by: its bundle (all local modules) and its packages' versions. */
  hash: string;
}

const LOCAL_SOURCE = /\.(?:[cm]?[jt]s|[jt]sx)$/;

export async function buildPlugin(file: string): Promise<BuiltPlugin> {
  const dir = dirname(file);
  const packages = new Map<string, string>();
  // Imported when a plugin is first built: runs without plugins (and the workers) never load esbuild.
  const { build } = await import('esbuild');
  let result;
  try {
    result = await build({
      entryPoints: [file],
      bundle: true,
      write: false,
      platform: 'node',
      format: 'esm',
      target: `node${process.versions.node.split('.')[0]}`,
      // Paths in the output (comments, source map) relative to the plugin's folder: the bundle text, hence
      // the cache key, does not depend on the temporary folder or the cwd.
      absWorkingDir: dir,
      outfile: join(dir, '__pycodemod_plugin__.mjs'),
      sourcemap: 'inline',
      sourcesContent: false,
      sourceRoot: `${pathToFileURL(dir).href}/`,
      logLevel: 'silent',
      // CommonJS modules in the bundle call require(): give them one that resolves from the plugin's folder.
      banner: {
        js: `import { createRequire as __pycodemodCreateRequire } from 'node:module'; const require = __pycodemodCreateRequire(${JSON.stringify(pathToFileURL(file).href)});`,
      },
      plugins: [ownPackage(), externalPackages(packages), fileLocation()],
    });
  } catch (err) {
    throw new PluginError(`cannot load plugin ${file}: ${buildMessage(err, dir)}`, 'fix the error in the plugin module, or its import');
  }
  const code = result.outputFiles[0]!.text;
  const identity = hash('sha1', JSON.stringify({ code, packages: [...packages].sort() }), 'hex');
  const bundle = join(bundleDir(), `${basename(file, extname(file))}-${identity.slice(0, 16)}.mjs`);
  if (!existsSync(bundle)) writeFileSync(bundle, code);
  return { file, bundle, hash: identity };
}

/** `pycodemod` and `pycodemod/<sub>` are the running tool: its own entry modules, by its export map. */
function ownPackage(): Plugin {
  return {
    name: 'pycodemod-self',
    setup(b) {
      b.onResolve({ filter: /^pycodemod(?:\/.*)?$/ }, (args) => {
        const target = ownExport(args.path);
        return target ? { path: args.kind === 'require-call' ? fileURLToPath(target) : target, external: true } : undefined;
      });
    },
  };
}

/**
 * Packages stay out of the bundle (native addons, their own file lookups) and are imported from where
 * they are installed, by absolute path: the bundle sits in a temporary folder where bare names resolve
 * to nothing. Each package's name and version go into the cache key.
 */
function externalPackages(packages: Map<string, string>): Plugin {
  const builtins = new Set(builtinModules);
  return {
    name: 'pycodemod-packages',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData === 'inner' || args.path.startsWith('node:') || builtins.has(args.path.split('/')[0]!)) return undefined;
        if (args.path.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(args.path)) return undefined;
        const resolved = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'inner' });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        // A tsconfig `paths` alias that leads to a local file is bundled like any local module.
        if (!resolved.path.split(/[\\/]/).includes('node_modules')) return { path: resolved.path };
        packages.set(packageName(args.path), packageVersion(resolved.path));
        return { path: args.kind === 'require-call' ? resolved.path : pathToFileURL(resolved.path).href, external: true };
      });
    },
  };
}

/** `import.meta.url` / `dirname` / `filename` (and CommonJS `__dirname` / `__filename`) keep naming each module's own file. */
function fileLocation(): Plugin {
  return {
    name: 'pycodemod-file-location',
    setup(b) {
      b.onLoad({ filter: LOCAL_SOURCE }, (args) => {
        if (args.path.split(/[\\/]/).includes('node_modules')) return undefined;
        const text = readFileSync(args.path, 'utf8');
        if (!/import\.meta\.(?:url|dirname|filename)|__dirname|__filename/.test(text)) return undefined;
        const url = JSON.stringify(pathToFileURL(args.path).href);
        const contents = text
          .replace(/\bimport\.meta\.url\b/g, url)
          .replace(/\bimport\.meta\.dirname\b|\b__dirname\b/g, JSON.stringify(dirname(args.path)))
          .replace(/\bimport\.meta\.filename\b|\b__filename\b/g, JSON.stringify(args.path));
        return { contents, loader: loaderFor(args.path), resolveDir: dirname(args.path) };
      });
    },
  };
}

function loaderFor(path: string): 'ts' | 'tsx' | 'js' | 'jsx' {
  if (/\.[cm]?ts$/.test(path)) return 'ts';
  if (path.endsWith('.tsx')) return 'tsx';
  if (path.endsWith('.jsx')) return 'jsx';
  return 'js';
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** The version in the nearest package.json above a resolved file of a package. */
function packageVersion(file: string): string {
  for (let dir = dirname(file); dirname(dir) !== dir; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (!existsSync(pkg)) continue;
    try {
      const data = JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string; version?: string };
      if (data.name) return `${data.name}@${data.version ?? '?'}:${dir}`;
    } catch {
      /* a broken package.json: keep looking */
    }
  }
  return file;
}

let ownRoot: { dir: string; exports: Record<string, unknown> } | undefined;

/** The file URL of the running pycodemod's export `pycodemod[/sub]`, from its package.json export map. */
function ownExport(specifier: string): string | undefined {
  if (!ownRoot) {
    let dir = dirname(fileURLToPath(import.meta.url));
    while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
    ownRoot = { dir, exports: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).exports ?? {} };
  }
  const sub = specifier === 'pycodemod' ? '.' : `.${specifier.slice('pycodemod'.length)}`;
  const entry = ownRoot.exports[sub] as string | { import?: string | { default?: string }; default?: string } | undefined;
  let target = typeof entry === 'string' ? entry : entry?.import ?? entry?.default;
  if (typeof target === 'object') target = target.default;
  if (typeof target !== 'string') return undefined;
  // Run from its TypeScript sources (tests, tsx), the tool's entry points are the .ts files dist/ is built from.
  if (import.meta.url.endsWith('.ts')) target = target.replace(/^\.\/dist\//, './').replace(/\.js$/, '.ts');
  return pathToFileURL(join(ownRoot.dir, target)).href;
}

let tempDir: string | undefined;

/** A folder only this process writes to (mkdtemp: unpredictable name, mode 0700), removed on exit. */
function bundleDir(): string {
  if (tempDir && existsSync(tempDir)) return tempDir;
  tempDir = mkdtempSync(join(tmpdir(), 'pycodemod-plugins-'));
  mkdirSync(tempDir, { recursive: true });
  const dirToRemove = tempDir;
  process.once('exit', () => rmSync(dirToRemove, { recursive: true, force: true }));
  return tempDir;
}

function buildMessage(err: unknown, dir: string): string {
  const errors = (err as { errors?: { text: string; location?: { file: string; line: number; column: number } | null }[] }).errors;
  if (!errors?.length) return (err as Error).message;
  return errors
    .slice(0, 5)
    .map((e) => (e.location ? `${resolve(dir, e.location.file)}:${e.location.line}:${e.location.column + 1}: ${e.text}` : e.text))
    .join('; ');
}
