// `pycodemod search` output: `path:line:col: text` per match (an editor's quickfix format), or one JSON
// document with every match, its range and what each metavariable captured.
import type { Finding } from '../../core/types.js';
import type { RunSummary } from '../summary.js';
import { findingCount } from '../summary.js';

export const SEARCH_JSON_VERSION = 1;

export interface SearchMatch {
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  text: string;
  captures: NonNullable<Finding['captures']>;
}

export function searchMatch(path: string, f: Finding): SearchMatch {
  return { path, line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn, text: f.text, captures: f.captures ?? {} };
}

/** The match's first line (a multi-line match ends in ` ...`). */
export function searchLine(path: string, f: Finding): string {
  const lines = f.text.split(/\r\n|\n|\r/);
  return `${path}:${f.line}:${f.column}: ${lines[0]!.trimEnd()}${lines.length > 1 ? ' ...' : ''}\n`;
}

export function searchJson(pattern: string, matches: SearchMatch[], s: RunSummary): string {
  const summary = { files: s.files, matches: findingCount(s), failed: s.failed, skipped: s.skipped };
  return `${JSON.stringify({ version: SEARCH_JSON_VERSION, pattern, matches, summary }, null, 2)}\n`;
}
