// The command line: yargs flags -> RunOptions, printing at the edge, an exit code.
// 0 success; 1 `--check` found changes or a file failed; 2 usage or configuration error.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import yargs, { type Argv } from 'yargs';
import { PycodemodError, UsageError } from './core/errors.js';
import { readFailure, readRegularFile } from './core/regular-file.js';
import { VERSION } from './core/version.js';
import { parseByteSize } from './core/byte-size.js';
import { TARGET_VERSIONS, type TargetVersion } from './core/settings.js';
import { pluginOrigin } from './plugins/load.js';
import { loadPythonParser } from './core/parser.js';
import { printTree } from './authoring/print-tree.js';
import { newTransform } from './authoring/new-transform.js';
import { displayPath, fileTimeoutMs, resolveFileSettings, resolveRegistry, run, type RunOptions } from './runner/run.js';
import { isLineLength } from './config/load-config.js';
import { decodePythonSource } from './runner/read-source.js';
import { explainImports } from '../transforms/group-imports/explain.js';
import { jsonFile, jsonReport, type JsonFile } from './runner/reporters/json-report.js';
import { failureLine, reportFile, summaryText, type TextMode } from './runner/reporters/text-report.js';
import { describeTransform, listTransforms } from './runner/reporters/transform-docs.js';
import { runStdin } from './runner/stdin.js';
import { findingCount } from './runner/summary.js';
import { patternTransform } from './patterns/pattern-command.js';
import { ruleOf } from './patterns/rule-transform.js';
import { formatRuleTests, testRule } from './patterns/rule-tests.js';
import { searchJson, searchLine, searchMatch, type SearchMatch } from './runner/reporters/search-report.js';
import { ProgressBar, wantsProgress } from './runner/reporters/progress.js';
import { MarkdownReport } from './runner/reporters/markdown-report.js';
import { CI_FORMATS, ciReporter, type CiFormat } from './runner/reporters/ci-reporter.js';
import { mergeReports } from './runner/reporters/merge-reports.js';
import { parseShard } from './runner/shard.js';
import { forgetRejections, interactiveReview, openRejections, type InteractiveOptions } from './runner/reporters/interactive/run-review.js';
import { TtyTerminal, type ReviewTerminal } from './runner/reporters/interactive/terminal.js';
import type { ReadStream } from 'node:tty';
import { HtmlReport } from './runner/reporters/html/html-report.js';
import { repositoryRoot, SplitPatches, type SplitBy } from './runner/reporters/split/split-patches.js';
import { quotePath } from './core/quote-path.js';

export interface CliIO {
  stdout: (s: string | Uint8Array) => void;
  stderr: (s: string) => void;
  readStdin: () => Promise<Buffer>;
  cwd: string;
  env: Record<string, string | undefined>;
  stdoutIsTTY: boolean;
  /** A terminal on stderr gets a progress bar on long runs. */
  stderrIsTTY?: boolean;
  stderrColumns?: number;
  /** How long a run goes before the progress bar appears (default 1000 ms; tests use 0). */
  progressDelayMs?: number;
  /** `-i` needs a terminal on stdin and stdout, and opens it through this. */
  stdinIsTTY?: boolean;
  openTerminal?: (color: boolean) => ReviewTerminal;
}


function buildParser(argv: string[]) {
  const parser = yargs(argv)
    .scriptName('pycodemod')
    .usage('$0 [PATHS...]\n\nRewrite Python source toward the house rules. Without --write, prints the diff of what would change.\nUse `-` as the only path to read source on stdin and write the result to stdout.')
    .command('$0 [paths..]', false)
    // Handled before this parser (main()): listed here so that --help shows them.
    .command('new-transform <id>', 'Write a new codemod to start from: module, fixtures, test (--dir DIR)')
    .command('merge-reports <reports..>', "Merge the shards' JSON reports (--shard K/N --format json) into the whole run's report")
    // Pattern commands (README "Pattern rewrites"): one pattern, run exactly, over the same file walk.
    .command('search [paths..]', 'Print every match of a pattern (ast-grep syntax: $A, $$$ARGS, $_)', (y) =>
      y
        .option('pattern', { alias: 'p', type: 'string', demandOption: true, requiresArg: true, describe: 'The pattern: Python with metavariables' })
        .option('qualified', { type: 'boolean', default: false, describe: 'Match names by what they resolve to through imports' }),
    )
    .command('rewrite [paths..]', 'Rewrite every match of a pattern (a dry-run diff unless --write)', (y) =>
      y
        .option('pattern', { alias: 'p', type: 'string', demandOption: true, requiresArg: true, describe: 'The pattern: Python with metavariables' })
        .option('rewrite', { alias: 'r', type: 'string', demandOption: true, describe: 'The replacement, using the pattern\'s metavariables' })
        .option('qualified', { type: 'boolean', default: false, describe: 'Match names by what they resolve to through imports' })
        .option('imports', { type: 'string', array: true, nargs: 1, requiresArg: true, describe: 'An import the replacement needs (`from datetime import timezone`; repeatable)' }),
    )
    .command('test-rules', "Run the tests of the repository's pattern rules (valid, invalid, input/output)")
    .option('write', { type: 'boolean', default: false, describe: 'Apply the changes in place' })
    .option('check', { type: 'boolean', default: false, describe: 'Print the files that would change; exit 1 if any' })
    .option('diff', { type: 'boolean', default: false, describe: 'With --check or stdin mode: print the diff; with --format json: each changed file\'s diff in the report' })
    .option('format', {
      choices: ['text', 'json', 'markdown', ...CI_FORMATS] as const,
      default: 'text' as 'text' | 'json' | 'markdown' | CiFormat,
      describe: 'Output format (markdown: a summary for a pull-request body; github: workflow annotations; sarif: SARIF 2.1.0; junit: JUnit XML)',
    })
    // One value per flag (comma-separated, repeatable), so `--select x path/` never swallows the path.
    .option('select', { type: 'string', describe: 'Comma-separated transform ids to run instead of the default set (ALL: every transform)' })
    .option('extend-select', { type: 'string', describe: 'Comma-separated transform ids to run besides the selected ones' })
    .option('ignore', { type: 'string', describe: 'Comma-separated transform ids not to run' })
    // One module per flag (repeat -t for more; quote a glob), so `-t it.ts src/` never takes the path for a plugin.
    .option('transform', { alias: 't', type: 'string', array: true, nargs: 1, requiresArg: true, describe: 'Load a plugin: a module (.ts, .js, .mjs) that default-exports a transform or an array of them (repeatable; globs allowed)' })
    .option('exclude', { type: 'string', describe: 'Globs to exclude, comma-separated (replaces the default list)' })
    .option('extend-exclude', { type: 'string', describe: 'Globs to exclude, comma-separated, besides the default list' })
    .option('force-exclude', { type: 'boolean', default: false, describe: 'Apply the excludes to files named on the command line too (pre-commit names every file)' })
    .option('since', { type: 'string', requiresArg: true, describe: 'Only the Python files changed since this git revision (as `git diff --name-only REV` lists them), plus untracked ones' })
    .option('shard', { type: 'string', requiresArg: true, describe: 'Only the K-th of N shards of the files (K/N, 1-based; by a hash of each path); merge the JSON reports with `pycodemod merge-reports`' })
    .option('target-version', { choices: TARGET_VERSIONS, describe: 'Oldest Python version the code must run on' })
    // A string, checked by lineLength(): yargs would turn `abc` into NaN and lose what the user typed.
    .option('line-length', { type: 'string', describe: 'Line length for wrapped imports, 1 to 320 (default 88)' })
    .option('max-file-size', { type: 'string', describe: 'Skip files larger than this: bytes, or 500KB, 10MB, 1MiB (default 10MB; 0: no limit)' })
    .option('check-syntax', { type: 'boolean', describe: 'Parse every file and report every syntax error (by default a file no selected transform has anything to look at is not parsed)' })
    .option('config', { type: 'string', describe: 'Read settings from this TOML file' })
    .option('isolated', { type: 'boolean', default: false, describe: 'Ignore all configuration files' })
    .option('stdin-filename', { type: 'string', describe: 'With `-`: the path the source on stdin belongs to' })
    .option('color', { choices: ['auto', 'always', 'never'] as const, default: 'auto' as 'auto' | 'always' | 'never', describe: 'Colour the diff' })
    .option('list-transforms', { type: 'boolean', default: false, describe: 'List the transforms and exit' })
    .option('explain', { type: 'string', describe: "Print a transform's documentation and exit" })
    .option('explain-imports', { type: 'string', describe: "Print each import of FILE with its section and the reason for it, and exit" })
    .option('print-tree', { type: 'string', describe: 'Print the syntax tree of FILE (`-`: stdin) as transforms see it: node types, field names, ranges; and exit' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'Print only diffs and errors' })
    .option('verbose', { alias: 'v', type: 'boolean', default: false, describe: 'Also print what was not rewritten, and why' })
    .option('jobs', { alias: 'j', type: 'number', describe: 'Worker threads (default: the available cores; with 1, built-ins run on the main thread, plugins in one worker thread)' })
    .option('file-timeout', { type: 'number', describe: 'Seconds a file may take before it is stopped and failed (a plugin stuck in an endless loop); 0: no limit (default 60)' })
    .option('cache', { type: 'boolean', default: true, describe: 'Skip files unchanged since a run that found nothing to change (--no-cache to bypass)' })
    .option('cache-dir', { type: 'string', describe: 'Where the cache lives (default: .pycodemod_cache in the project root)' })
    .option('report', { type: 'string', requiresArg: true, describe: 'Also write an HTML review report of the run to FILE (one self-contained page)' })
    .option('split-by', { choices: ['directory', 'transform', 'codeowners'] as const, describe: 'Write the change as one patch per piece (with --patch-dir): by top-level directory, by transform, or by CODEOWNERS owners' })
    .option('max-files', { type: 'number', requiresArg: true, describe: 'With --split-by: at most N files per patch (directories are cut along subfolders first)' })
    .option('patch-dir', { type: 'string', requiresArg: true, describe: 'With --split-by: the folder for the patches, their Markdown descriptions and pieces.json' })
    .option('interactive', { alias: 'i', type: 'boolean', default: false, describe: 'Review fix by fix (y/n/a/d/A/e/q/?) in a terminal; accepted fixes are written' })
    .option('forget-rejections', { type: 'boolean', default: false, describe: 'Forget the fixes rejected in earlier -i runs, for the files under PATHS' })
    // --help by purpose.
    .group(['write', 'check', 'diff'], 'What to do (default: print the diff of what would change):')
    .group(['format', 'verbose', 'quiet', 'color'], 'Output:')
    .group(['select', 'extend-select', 'ignore', 'transform'], 'Which transforms:')
    .group(['since', 'shard', 'exclude', 'extend-exclude', 'force-exclude', 'stdin-filename'], 'Which files:')
    .group(['config', 'isolated', 'target-version', 'line-length', 'max-file-size', 'check-syntax'], 'Settings (override pyproject.toml):')
    .group(['jobs', 'file-timeout', 'cache', 'cache-dir'], 'Workers and cache:')
    .group(['list-transforms', 'explain', 'explain-imports', 'print-tree'], 'Documentation and authoring (print, then exit):')
    .group(['interactive', 'forget-rejections', 'report', 'split-by', 'max-files', 'patch-dir'], 'Review:')
    .epilogue('Exit codes: 0 success; 1 --check found changes or a file failed; 2 usage or configuration error.')
    .version(VERSION);
  return commonSetup(parser, 'see `pycodemod --help`');
}

/**
 * What every parser here shares: -h/--help, unknown flags refused, nothing read from the environment, no
 * exit and no help on a mistake: a usage error (exit 2) with `hint`.
 */
function commonSetup<T>(parser: Argv<T>, hint: string): Argv<T> {
  return parser
    .help()
    .alias('help', 'h')
    .strict()
    .env(false)
    .exitProcess(false)
    .showHelpOnFail(false)
    .wrap(100)
    .fail((msg, err) => {
      throw err ?? new UsageError(msg, hint);
    });
}

/** The parsed flags, or undefined when yargs printed instead (--help, --version): that text went to stdout. */
async function parseFlags<T>(parser: Argv<T>, argv: string[], io: CliIO) {
  let printed = '';
  const args = await parser.parseAsync(argv, {}, (_err, _argv, output) => {
    printed = output;
  });
  if (!printed) return args;
  // yargs handed us the text instead of printing it.
  io.stdout(printed.endsWith('\n') ? printed : `${printed}\n`);
  return undefined;
}

type Args = Awaited<ReturnType<ReturnType<typeof buildParser>['parseAsync']>>;

export async function main(argv: string[], io: CliIO): Promise<number> {
  try {
    if (argv[0] === 'new-transform') return await newTransformCommand(argv.slice(1), io);
    if (argv[0] === 'merge-reports') return await mergeReportsCommand(argv.slice(1), io);
    // yargs swallows a bare `-`; carry it through as a token of our own.
    const tokens = pluginFlagsRepeated(argv.map((a) => (a === '-' ? STDIN_TOKEN : a)));
    const args = await parseFlags(buildParser(tokens), tokens, io);
    if (!args) return 0; // --help or --version
    return await execute(args, io);
  } catch (err) {
    if (err instanceof PycodemodError) {
      io.stderr(`pycodemod: error: ${err.message}\n${err.hint ? `  hint: ${err.hint}\n` : ''}`);
      return err.exitCode;
    }
    io.stderr(`pycodemod: internal error (please report it): ${(err as Error).stack ?? String(err)}\n`);
    return 2;
  }
}

const PLUGIN_MODULE = /\.[mc]?[jt]s$/i;

/**
 * `-t` takes one module per flag, so `-t it.ts src/` never takes the path for a plugin. A glob the shell
 * expanded (`-t codemods/*.ts src/` gives `-t codemods/a.ts codemods/b.ts src/`) would then leave the other
 * modules among the paths, to be read as Python: module files right after a `-t` are its plugins too.
 */
export function pluginFlagsRepeated(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    out.push(a);
    if (a === '--') {
      out.push(...argv.slice(i + 1));
      break;
    }
    if ((a === '-t' || a === '--transform') && i + 1 < argv.length) {
      out.push(argv[++i]!);
      while (i + 1 < argv.length && PLUGIN_MODULE.test(argv[i + 1]!) && !argv[i + 1]!.startsWith('-')) out.push(a, argv[++i]!);
    }
  }
  return out;
}

/** `pycodemod new-transform ID [--dir DIR]`: the files of a new codemod, which pass their tests as generated. */
async function newTransformCommand(argv: string[], io: CliIO): Promise<number> {
  const parser = yargs(argv)
    .scriptName('pycodemod new-transform')
    .usage('$0 ID [--dir DIR]\n\nWrite a new codemod to start from: a transform module that reports (rewrites nothing until its report gets a fix), a fixture folder and a fixture test (pycodemod/testing). Nothing is overwritten.')
    .command('$0 <id>', false)
    .positional('id', { type: 'string', describe: 'The transform id (kebab-case)' })
    .option('dir', { type: 'string', default: 'codemods', describe: 'Where to write it (relative to the current folder)' });
  const args = await parseFlags(commonSetup(parser, 'see `pycodemod new-transform --help`'), argv, io);
  if (!args) return 0; // --help
  const created = newTransform(String(args.id), { cwd: io.cwd, dir: args.dir });
  io.stdout(`Created:\n${created.files.map((f) => `  ${f}\n`).join('')}${created.next}\n`);
  return 0;
}

/** `pycodemod merge-reports SHARD.json...`: the shards' JSON reports as the whole run's report. */
async function mergeReportsCommand(argv: string[], io: CliIO): Promise<number> {
  const parser = yargs(argv)
    .scriptName('pycodemod merge-reports')
    .usage('$0 REPORT.json... [-o FILE]\n\nMerge the JSON reports of the N shards of one run (pycodemod --shard K/N --format json) into the report the whole run would print, byte for byte. Every shard must be there, once.')
    .command('$0 <reports..>', false)
    .positional('reports', { type: 'string', array: true, describe: 'The shards\' JSON reports (any order)' })
    .option('output', { alias: 'o', type: 'string', requiresArg: true, describe: 'Write the merged report to FILE instead of stdout' });
  const args = await parseFlags(commonSetup(parser, 'see `pycodemod merge-reports --help`'), argv, io);
  if (!args) return 0; // --help
  const inputs = (args.reports as string[]).map((name) => {
    try {
      return { name, text: readRegularFile(resolve(io.cwd, name)).bytes.toString('utf8') };
    } catch (err) {
      throw new UsageError(`cannot read ${name}: ${readFailure(err)}`);
    }
  });
  const merged = mergeReports(inputs);
  if (args.output === undefined) io.stdout(merged);
  else writeFileSync(resolve(io.cwd, args.output), merged);
  return 0;
}

/** --print-tree FILE (or `-`): the tree-sitter tree of a Python file, as transforms see it. */
async function printFileTree(file: string, io: CliIO): Promise<number> {
  const stdin = file === STDIN_TOKEN;
  let bytes: Buffer;
  try {
    bytes = stdin ? await io.readStdin() : readRegularFile(resolve(io.cwd, file)).bytes; // a FIFO is refused, not waited on
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${readFailure(err)}`);
  }
  const decoded = decodePythonSource(bytes);
  if (!decoded.ok) throw new UsageError(`${stdin ? 'stdin' : file}: ${decoded.reason}`);
  const parser = await loadPythonParser();
  const tree = parser.parse(decoded.text);
  try {
    io.stdout(printTree(tree, decoded.text));
    if (tree.rootNode.hasError) io.stderr(`pycodemod: ${stdin ? 'stdin' : file} has syntax errors: see the ERROR and MISSING nodes\n`);
  } finally {
    tree.delete();
  }
  return 0;
}

/** --explain-imports FILE: the sections group-imports gives the file's imports, with the settings a run would use. */
async function explainFileImports(file: string, options: RunOptions & { cwd: string }): Promise<string> {
  const abs = resolve(options.cwd, file);
  let bytes: Buffer;
  try {
    bytes = readRegularFile(abs).bytes;
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${readFailure(err)}`);
  }
  const decoded = decodePythonSource(bytes);
  if (!decoded.ok) throw new UsageError(`${file}: ${decoded.reason}`);
  const { settings } = await resolveFileSettings({ ...options, paths: [file] }, file);
  return explainImports(decoded.text, abs, settings);
}

/** --line-length as a number; anything but a whole number from 1 to 320 is a usage error, as in the config. */
function lineLength(v: string | string[] | undefined): number | undefined {
  if (v === undefined) return undefined;
  const text = String([v].flat().at(-1)).trim();
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!isLineLength(n)) throw new UsageError(`--line-length must be a whole number from 1 to 320, got ${JSON.stringify(text)}`);
  return n;
}

/** A repeatable, comma-separated flag as a list (undefined when not given). */
const csv = (v: string | string[] | undefined) =>
  v === undefined ? undefined : [v].flat().flatMap((s) => String(s).split(',')).map((s) => s.trim()).filter(Boolean);

/** --max-file-size as bytes (undefined when not given). */
function maxFileSize(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const bytes = parseByteSize(value);
  if (bytes === undefined) throw new UsageError(`--max-file-size must be a number of bytes or a size such as 10MB or 500KB (0: no limit), got ${JSON.stringify(value)}`);
  return bytes;
}

async function execute(args: Args, io: CliIO): Promise<number> {
  const color = args.color === 'always' || (args.color === 'auto' && io.stdoutIsTTY && !io.env.NO_COLOR);
  const command = args._[0] as string | undefined;
  const common: RunOptions & { cwd: string } = {
    cwd: io.cwd,
    select: csv(args.select),
    extendSelect: csv(args['extend-select']),
    ignore: csv(args.ignore),
    exclude: csv(args.exclude),
    extendExclude: csv(args['extend-exclude']),
    targetVersion: args['target-version'] as TargetVersion | undefined,
    lineLength: lineLength(args['line-length']),
    maxFileSize: maxFileSize(args['max-file-size']),
    checkSyntax: args['check-syntax'] === true,
    config: args.config,
    isolated: args.isolated,
    plugins: (args.transform as string[] | undefined)?.filter((p) => p !== ''),
    since: args.since,
    shard: args.shard === undefined ? undefined : parseShard(String([args.shard].flat().at(-1))),
  };

  if (command === 'test-rules') return testRulesCommand(common, io);
  if (command === 'search' || command === 'rewrite') {
    for (const flag of ['select', 'extend-select', 'ignore', 'transform', 'list-transforms', 'explain', 'explain-imports', 'print-tree', 'stdin-filename'] as const)
      if (args[flag] !== undefined && args[flag] !== false) throw new UsageError(`--${flag} does not apply to \`pycodemod ${command}\`, which runs only its pattern`);
    if (isStdin(args)) throw new UsageError(`\`pycodemod ${command}\` reads files, not stdin`);
    const transform = await patternTransform({
      pattern: args.pattern as string,
      rewrite: command === 'rewrite' ? (args.rewrite as string) : undefined,
      qualified: args.qualified as boolean,
      imports: (args.imports as string[] | undefined) ?? [],
    });
    Object.assign(common, { transforms: [transform], exactly: true, plugins: undefined });
    if (command === 'search') {
      if (args.write || args.check || args.diff) throw new UsageError('`pycodemod search` only prints matches: use `pycodemod rewrite` to change code');
      return searchCommand(common, args, io);
    }
  }

  if (args['list-transforms'] || args.explain !== undefined) {
    // The registry a run from here would use: built-ins, -t plugins and the config's plugins.
    const { registry } = await resolveRegistry(common);
    const from = (t: (typeof registry)[number]) => {
      const file = pluginOrigin(t)?.file;
      return file && (file.startsWith(io.cwd + sep) ? displayPath(io.cwd, file) : file);
    };
    io.stdout(args.explain !== undefined ? describeTransform(registry, args.explain, from) : listTransforms(registry, from));
    return 0;
  }
  if (args.write && args.check) throw new UsageError('--write and --check cannot be used together');
  if (args.diff && !args.check && !isStdin(args) && args.format !== 'json')
    throw new UsageError('--diff goes with --check, --format json or stdin mode (a dry run already prints the diff)');

  if (args['print-tree'] !== undefined) return printFileTree(args['print-tree'], io);
  if (args['explain-imports'] !== undefined) {
    io.stdout(await explainFileImports(args['explain-imports'], common));
    return 0;
  }

  const fileTimeout = args['file-timeout'];
  fileTimeoutMs(fileTimeout, '--file-timeout'); // checked before any mode runs

  if (args.interactive || args['forget-rejections']) return interactiveCommand(common, args, io, color);

  if (isStdin(args)) {
    if (args.write) throw new UsageError('--write cannot be used with stdin (`-`): the result goes to stdout');
    for (const flag of ['since', 'shard'] as const) if (args[flag] !== undefined) throw new UsageError(`--${flag} chooses among files: it does not apply to stdin (\`-\`)`);
    if (isCiFormat(args.format)) throw new UsageError(`--format ${args.format} reports a run over files, not stdin`);
    const json = args.format === 'json';
    if (args.format === 'markdown') throw new UsageError('--format markdown summarises a run over files, not stdin');
    if (args.report !== undefined || args['split-by'] !== undefined) throw new UsageError(`--${args.report !== undefined ? 'report' : 'split-by'} works on a run over files, not stdin`);
    const source = await io.readStdin();
    const filename = args['stdin-filename'] ?? 'stdin.py';
    return runStdin(source, { ...common, paths: [filename], filename, diff: args.diff, check: args.check, json, color, fileTimeout }, io);
  }
  if (args['stdin-filename']) throw new UsageError('--stdin-filename goes with `-` as the path');

  const mode: TextMode = args.write ? 'write' : args.check ? (args.diff ? 'check-diff' : 'check') : 'diff';
  const json = args.format === 'json';
  const markdown = args.format === 'markdown' ? new MarkdownReport() : undefined;
  const html = args.report !== undefined ? new HtmlReport() : undefined;
  const split = splitPatches(args, io, mode);
  if (markdown && args.diff) throw new UsageError('--diff does not apply to --format markdown (a summary); use --format json --diff for the diffs');
  const ci = isCiFormat(args.format) ? ciReporter(args.format, { cwd: io.cwd, env: io.env, write: args.write, verbose: args.verbose }) : undefined;
  if (ci && args.diff) throw new UsageError(`--diff does not apply to --format ${args.format}; use --format json --diff for the diffs`);
  const jsonFiles: JsonFile[] = [];
  const flags = runFlags(args);
  const progress = wantsProgress({ stderrIsTTY: io.stderrIsTTY ?? false, json: json || ci !== undefined, quiet: args.quiet })
    ? new ProgressBar({ write: io.stderr, columns: io.stderrColumns, delayMs: io.progressDelayMs })
    : undefined;
  // The bar is erased before anything else reaches the terminal, and redrawn on the next file.
  const sinks = {
    out: (s: string) => {
      progress?.clear();
      io.stdout(s);
    },
    err: (s: string) => {
      progress?.clear();
      io.stderr(s);
    },
  };
  const report = await run({
    ...common,
    ...flags,
    // This process ends after the run: the main thread may take its share of the files (run.ts).
    shareMainThread: true,
    write: args.write,
    forceExclude: args['force-exclude'],
    // The report shows every diff: computed in the workers (with --write, from the texts afterwards).
    diff: html !== undefined || split !== undefined || (json ? args.diff : !markdown && !ci && (mode === 'diff' || mode === 'check-diff')),
    collectResults: false,
    fileTimeout,
    onResult: (r) => {
      html?.add(r);
      if (split) {
        split.patches.add(r);
        if (r.kind !== 'changed') reportFile(r, mode, sinks, { color, verbose: args.verbose });
      } else if (json) jsonFiles.push(jsonFile(r, { diff: args.diff }));
      else if (markdown) markdown.add(r);
      else if (ci) sinks.out(ci.file(r));
      else reportFile(r, mode, sinks, { color, verbose: args.verbose });
    },
    onProgress: progress ? (done, total) => progress.update(done, total) : undefined,
  });
  progress?.clear();
  const s = report.summary;
  if (split) {
    const { pieces, written } = split.patches.write(split.dir, report.transforms);
    for (const w of written) io.stdout(`${quotePath(displayPath(io.cwd, w.patch))}\n`);
    if (!args.quiet) io.stderr(`pycodemod: ${s.changed} changed file${s.changed === 1 ? '' : 's'} split by ${args['split-by']} into ${pieces.length} patch${pieces.length === 1 ? '' : 'es'} in ${displayPath(io.cwd, split.dir)} (apply each at ${split.patches.root === io.cwd ? 'this folder' : split.patches.root}: git apply NAME.patch)\n`);
  }
  if (html) writeReport(resolve(io.cwd, args.report!), html.render(s, { version: VERSION, transforms: report.transforms, write: args.write }), args.quiet, io);
  if (json) io.stdout(jsonReport(jsonFiles, s, { transforms: report.transforms, write: args.write, shard: report.shard }));
  else if (markdown) io.stdout(markdown.render(s, { transforms: report.transforms, write: args.write }));
  else {
    if (ci) io.stdout(ci.end({ summary: s, transforms: report.transformDefinitions }));
    if (!args.quiet) io.stderr(summaryText(s, mode));
  }
  if (s.files === 0 && !args.quiet)
    io.stderr(
      `pycodemod: warning: ${args.since !== undefined ? `no Python file changed since ${args.since}` : 'no Python files found'}` +
        `${report.shard && report.shard.total > 0 ? ` (none in shard ${report.shard.index}/${report.shard.count} of ${report.shard.total})` : ''}\n`,
    );
  const removed = report.stats.staleTempsRemoved;
  if (removed && !args.quiet) io.stderr(`pycodemod: removed ${removed} temp file${removed === 1 ? '' : 's'} left by an interrupted --write\n`);
  if (s.failed > 0) return 1;
  if (args.check && (s.changed > 0 || findingCount(s) > 0)) return 1;
  return 0;
}

/** The flags of every run over files: the paths (default `.`), --jobs (checked), --cache, --cache-dir. */
function runFlags(args: Args): Pick<RunOptions, 'paths' | 'jobs' | 'cache' | 'cacheDir'> {
  const jobs = args.jobs;
  if (jobs !== undefined && (!Number.isInteger(jobs) || jobs < 1)) throw new UsageError(`--jobs must be a whole number of at least 1, got ${jobs}`);
  return { paths: (args.paths as string[] | undefined) ?? ['.'], jobs, cache: args.cache, cacheDir: args['cache-dir'] };
}

/** `search`: each match as `path:line:col: text` (or JSON with captures); exit 0 when something matched, 1 when not (as grep). */
async function searchCommand(common: RunOptions & { cwd: string }, args: Args, io: CliIO): Promise<number> {
  const json = args.format === 'json';
  const matches: SearchMatch[] = [];
  const flags = runFlags(args);
  const report = await run({
    ...common,
    ...flags,
    shareMainThread: true,
    collectResults: false,
    onResult: (r) => {
      if (r.kind === 'failed') io.stderr(failureLine(r));
      if (r.kind !== 'changed' && r.kind !== 'unchanged') return;
      for (const f of r.findings ?? []) {
        if (json) matches.push(searchMatch(r.path, f));
        else io.stdout(searchLine(r.path, f));
      }
    },
  });
  const found = findingCount(report.summary);
  if (json) io.stdout(searchJson(args.pattern as string, matches, report.summary));
  else if (!args.quiet) io.stderr(`${found} match${found === 1 ? '' : 'es'} in ${report.summary.files} file${report.summary.files === 1 ? '' : 's'}${report.summary.failed ? `, ${report.summary.failed} failed` : ''}\n`);
  return found > 0 ? 0 : 1;
}

/** `test-rules`: the base configuration's pattern rules, each run on its own examples. */
async function testRulesCommand(common: RunOptions & { cwd: string }, io: CliIO): Promise<number> {
  const config = await resolveRegistry(common);
  const parser = await loadPythonParser();
  const results = config.registry.flatMap((t) => {
    const rule = ruleOf(t);
    return rule ? [testRule(t, rule, parser, config.settings)] : [];
  });
  if (results.length === 0) {
    io.stderr(`pycodemod: no pattern rules found${config.path ? ` in ${displayPath(io.cwd, config.path)}` : ' (no pyproject.toml with [tool.pycodemod])'}\n`);
    return 1;
  }
  io.stdout(formatRuleTests(results));
  return results.some((r) => r.failures.length > 0) ? 1 : 0;
}

/** --split-by / --max-files / --patch-dir, checked together; undefined when not splitting. */
function splitPatches(args: Args, io: CliIO, mode: TextMode) {
  const by = args['split-by'] as SplitBy | undefined;
  const maxFiles = args['max-files'];
  const dir = args['patch-dir'];
  if (by === undefined) {
    if (maxFiles !== undefined || dir !== undefined) throw new UsageError(`--${maxFiles !== undefined ? 'max-files' : 'patch-dir'} goes with --split-by`);
    return undefined;
  }
  if (dir === undefined || dir === '') throw new UsageError('--split-by needs --patch-dir DIR, the folder for the patches');
  if (mode === 'write') throw new UsageError('--split-by writes patches of the change instead of changing files: it cannot be used with --write');
  if (args.format !== 'text') throw new UsageError('--split-by prints the patch files it wrote: it cannot be used with --format');
  if (maxFiles !== undefined && (!Number.isInteger(maxFiles) || maxFiles < 1)) throw new UsageError(`--max-files must be a whole number of at least 1, got ${maxFiles}`);
  return { dir: resolve(io.cwd, dir), patches: new SplitPatches({ by, maxFiles, root: repositoryRoot(io.cwd), cwd: io.cwd }) };
}

/** --report FILE: written whole (a temp file renamed over it), so a browser never sees half a report. */
function writeReport(path: string, page: string, quiet: boolean, io: CliIO): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, page);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new UsageError(`cannot write the report ${path}: ${(err as Error).message}`);
  }
  if (!quiet) io.stderr(`pycodemod: review report written to ${displayPath(io.cwd, path)}\n`);
}

/** `-i`: review fix by fix; `--forget-rejections` alone only forgets. */
async function interactiveCommand(common: RunOptions & { cwd: string }, args: Args, io: CliIO, color: boolean): Promise<number> {
  if (isStdin(args)) throw new UsageError('interactive review reads files, not stdin');
  for (const flag of ['check', 'diff', 'stdin-filename', 'report', 'split-by', 'patch-dir', 'max-files'] as const)
    if (args[flag] !== undefined && args[flag] !== false) throw new UsageError(`--${flag} cannot be used with ${args.interactive ? '--interactive' : '--forget-rejections'}`);
  if (args.format !== 'text') throw new UsageError(`--format ${args.format} cannot be used with ${args.interactive ? '--interactive' : '--forget-rejections'}`);
  const flags = runFlags(args);
  const options: InteractiveOptions = {
    ...common,
    ...flags,
    fileTimeout: args['file-timeout'],
    forget: args['forget-rejections'],
    verbose: args.verbose,
    stdout: io.stdout,
    stderr: io.stderr,
    openTerminal: () => io.openTerminal!(color),
  };
  if (!args.interactive) {
    io.stderr(await forgetRejections(await openRejections(options), options));
    return 0;
  }
  // Never wait for keys that cannot come (CI, a pipe): refuse before doing anything.
  if (!io.stdinIsTTY || !io.stdoutIsTTY || !io.openTerminal)
    throw new UsageError(
      `interactive review needs a terminal on stdin and stdout (${!io.stdinIsTTY ? 'stdin' : 'stdout'} is not one)`,
      'to review without a terminal: the dry-run diff, --format json --diff, or --report review.html',
    );
  return interactiveReview(options);
}

const STDIN_TOKEN = '\0stdin';

const isCiFormat = (format: string): format is CiFormat => (CI_FORMATS as readonly string[]).includes(format);

function isStdin(args: Args): boolean {
  const paths = args.paths as string[] | undefined;
  if (paths?.includes(STDIN_TOKEN) && paths.length > 1) throw new UsageError('`-` (stdin) cannot be combined with other paths');
  return paths?.length === 1 && paths[0] === STDIN_TOKEN;
}

/** The process entry: real streams, real exit code. */
export async function cli(): Promise<void> {
  // `pycodemod --check | head -1`: the reader went away. Stop writing (no EPIPE stack trace) but finish
  // the run, so the exit code is the one the run deserves (under `set -o pipefail` it is what counts).
  let stdoutClosed = false;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE' && !stdoutClosed) throw err;
    stdoutClosed = true; // later errors are the same closed pipe (ERR_STREAM_DESTROYED)
  });
  process.exitCode = await main(process.argv.slice(2), {
    stdout: (s) => {
      if (!stdoutClosed) process.stdout.write(s);
    },
    stderr: (s) => process.stderr.write(s),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks);
    },
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTTY: !!process.stdout.isTTY,
    stdinIsTTY: !!process.stdin.isTTY,
    openTerminal: (color) => new TtyTerminal(process.stdin as ReadStream, process.stdout, process.env, color),
    stderrIsTTY: !!process.stderr.isTTY,
    stderrColumns: process.stderr.columns,
  });
}
