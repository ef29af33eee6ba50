// Editor mode: `pycodemod - --stdin-filename path/to/mod.py` reads source on stdin and writes the
// rewritten source (or, with --diff, the diff) to stdout. Config is found from the cwd as usual.
import { resolve } from 'node:path';
import { fileDiff } from './reporters/file-diff.js';
import { loadPythonParser } from '../core/parser.js';
import { processBytes } from './process-file.js';
import { namePlugins } from './workers/task.js';
import { pluginFilesOf } from '../plugins/load.js';
import { failureLine, findingLine } from './reporters/text-report.js';
import { jsonFile, jsonReport } from './reporters/json-report.js';
import { addToSummary, emptySummary } from './summary.js';
import { quotePath } from '../core/quote-path.js';
import { displayPath, fileTimeoutMs, resolveFileSettings, type RunOptions } from './run.js';
import { limitUserCode, userCodeClock } from './user-code.js';

export interface StdinOptions extends RunOptions {
  filename: string;
  diff: boolean;
  check: boolean;
  /** --format json: the JSON report of this one file instead of the source (exit codes as in a run). */
  json?: boolean;
  color: boolean;
}

export async function runStdin(source: Buffer, options: StdinOptions, io: { stdout: (s: string | Uint8Array) => void; stderr: (s: string) => void }): Promise<number> {
  // The settings of the nearest pyproject.toml above the file the source stands for.
  const { cwd, settings, transforms } = await resolveFileSettings(options, options.filename);
  const parser = await loadPythonParser();
  const abs = resolve(cwd, options.filename);
  // One file, on this thread (an editor waits for it: no worker start-up); plugins get the time limit here.
  const limitMs = fileTimeoutMs(options.fileTimeout);
  const clock = userCodeClock(limitMs);
  const limited = limitUserCode(transforms, clock);
  clock?.start();
  // One file an editor or a hook hands over: always parsed, so a syntax error in it is always reported.
  const processed = processBytes(abs, displayPath(cwd, abs), source, { parser, transforms: limited, settings: { ...settings, checkSyntax: true }, write: false, diff: options.diff });
  const result = processed.kind === 'failed' ? namePlugins(processed, pluginFilesOf(transforms)) : processed;
  // Findings (rules without a fix): in the JSON report, else on stderr (stdout carries the source).
  const findings = result.kind === 'changed' || result.kind === 'unchanged' ? (result.findings ?? []) : [];
  if (options.json) {
    const summary = emptySummary();
    addToSummary(summary, result);
    io.stdout(jsonReport([jsonFile(result, { diff: options.diff })], summary, { transforms: transforms.map((t) => t.id), write: false }));
    return result.kind === 'failed' || (options.check && (result.kind === 'changed' || findings.length > 0)) ? 1 : 0;
  }
  for (const f of findings) io.stderr(findingLine(result.path, f));
  const passThrough = () => {
    if (!options.diff && !options.check) io.stdout(source); // byte for byte, whatever its encoding
  };
  switch (result.kind) {
    case 'changed':
      if (options.diff) io.stdout(fileDiff(result, options.color));
      else if (options.check) io.stdout(`${quotePath(result.path)}\n`);
      // Keep a BOM the input had: an editor replaces the buffer with exactly this.
      else io.stdout((source[0] === 0xef && source[1] === 0xbb && source[2] === 0xbf ? '\uFEFF' : '') + result.after);
      return options.check ? 1 : 0;
    case 'unchanged':
      passThrough();
      return options.check && findings.length > 0 ? 1 : 0;
    case 'skipped':
      io.stderr(`${quotePath(result.path)}: skipped: ${result.detail}\n`);
      passThrough();
      return 0;
    case 'failed': {
      io.stderr(failureLine(result));
      // The source goes back unchanged, so an editor integration never loses the buffer.
      passThrough();
      return 1;
    }
  }
}
