// Editor mode: `pycodemod - --stdin-filename path/to/mod.py` reads source on stdin and writes the
// rewritten source (or, with --diff, the diff) to stdout. Config is found from the cwd as usual.
import { resolve } from 'node:path';
import { diffHunks, formatHunks } from '../core/diff.js';
import { loadPythonParser } from '../core/parser.js';
import { processBytes } from './process-file.js';
import { failureLine } from './reporters/text-report.js';
import { displayPath, resolveFileSettings, type RunOptions } from './run.js';

export interface StdinOptions extends RunOptions {
  filename: string;
  diff: boolean;
  check: boolean;
  color: boolean;
}

export async function runStdin(source: Buffer, options: StdinOptions, io: { stdout: (s: string | Uint8Array) => void; stderr: (s: string) => void }): Promise<number> {
  // The settings of the nearest pyproject.toml above the file the source stands for.
  const { cwd, settings, transforms } = await resolveFileSettings(options, options.filename);
  const parser = await loadPythonParser();
  const abs = resolve(cwd, options.filename);
  const result = processBytes(abs, displayPath(cwd, abs), source, { parser, transforms, settings, write: false, diff: options.diff });
  const passThrough = () => {
    if (!options.diff && !options.check) io.stdout(source); // byte for byte, whatever its encoding
  };
  switch (result.kind) {
    case 'changed':
      if (options.diff) io.stdout(formatHunks(result.path, result.hunks ?? diffHunks(result.before, result.after), options.color));
      else if (options.check) io.stdout(`${result.path}\n`);
      // Keep a BOM the input had: an editor replaces the buffer with exactly this.
      else io.stdout((source[0] === 0xef && source[1] === 0xbb && source[2] === 0xbf ? '\uFEFF' : '') + result.after);
      return options.check ? 1 : 0;
    case 'unchanged':
      passThrough();
      return 0;
    case 'skipped':
      io.stderr(`${result.path}: skipped: ${result.detail}\n`);
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
