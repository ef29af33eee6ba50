// `--format github`: GitHub Actions workflow commands (`::warning file=...,line=...::message`), which GitHub
// shows as annotations on the pull request's diff. One line per fix that would be made (or was made, with
// --write), per finding, per failed or skipped file, and with -v per place left alone.
import { isAbsolute, relative, resolve } from 'node:path';
import { toPosix } from '../posix-paths.js';
import { ciItems, type CiReporter, type CiReporterOptions } from './ci-reporter.js';

export function githubReporter(options: CiReporterOptions): CiReporter {
  const path = annotationPath(options);
  return {
    file(r) {
      const lines: string[] = [];
      const file = path(r.path);
      for (const item of ciItems(r, options.verbose))
        switch (item.kind) {
          case 'fix': {
            const e = item.edit;
            lines.push(command(options.write ? 'notice' : 'warning', { file, line: e.line, col: e.column, title: `pycodemod (${e.transform})${options.write ? ' fixed' : ''}` }, e.message));
            break;
          }
          case 'finding': {
            const f = item.finding;
            lines.push(command('warning', { file, line: f.line, col: f.column, endLine: f.endLine, endColumn: f.endColumn, title: `pycodemod (${f.transformId})` }, f.message));
            break;
          }
          case 'not-rewritten': {
            const s = item.skip;
            lines.push(command('notice', { file, line: s.line, col: s.column, title: `pycodemod (${s.transformId}) not rewritten` }, s.reason));
            break;
          }
          case 'failed': {
            const { cause, transformId, error } = item.result;
            const title = cause === 'syntax-error' ? 'pycodemod syntax error' : `pycodemod error${transformId ? ` (${transformId})` : ''}`;
            lines.push(command('error', { file, line: error.line, col: error.column, title }, error.message));
            break;
          }
          case 'skipped':
            lines.push(command('warning', { file, title: `pycodemod skipped (${item.result.reason})` }, item.result.detail));
            break;
        }
      return lines.join('');
    },
    end: () => '',
  };
}

/**
 * Annotations name files relative to the repository GitHub checked out (GITHUB_WORKSPACE); the run's own
 * paths are relative to where it ran, which is a sub-folder in a `working-directory:` step.
 */
function annotationPath(options: CiReporterOptions): (path: string) => string {
  const workspace = options.env.GITHUB_WORKSPACE;
  return (path) => {
    if (!workspace) return path;
    const abs = isAbsolute(path) ? path : resolve(options.cwd, path);
    const rel = relative(resolve(workspace), abs);
    return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : toPosix(rel);
  };
}

type Level = 'error' | 'warning' | 'notice';

/** One workflow command line, escaped as GitHub's runner unescapes it. */
export function command(level: Level, properties: Record<string, string | number | undefined>, message: string): string {
  const props = Object.entries(properties)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',');
  return `::${level}${props ? ` ${props}` : ''}::${escapeData(message)}\n`;
}

/** The message: `%`, CR and LF are encoded (a newline would end the command). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value: also `:` and `,`, which separate the properties from each other and from the message. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
