// `e` in interactive review: the fix's hunks in an editor, as `git add -p` does it. The user changes the
// '+' lines (or keeps a removed line by turning its '-' into ' '); the result is the text so far with each
// hunk's old lines replaced by the edited hunk's new side.
import type { StructuredPatchHunk } from 'diff';
import { detectLineEnding } from '../../../core/text.js';

export function hunksForEditing(path: string, what: string, hunks: readonly StructuredPatchHunk[]): string {
  const head = [
    `# Edit the change to ${path} (${what}).`,
    "# Lines starting with '+' are the new text, ' ' lines are context, '-' lines are removed.",
    "# To keep a removed line, turn its '-' into a ' '. To drop an added line, delete it.",
    "# Lines starting with '#' are ignored. Delete every line to leave the fix undecided.",
  ];
  return `${[...head, ...hunkLines(hunks)].join('\n')}\n`;
}

/** Terminal colours for hunk lines: the `@@` line, added lines, removed lines. */
export interface HunkPaint {
  cyan(s: string): string;
  green(s: string): string;
  red(s: string): string;
}

/**
 * The hunks as review shows them, on the terminal (painted) and in the editor (plain): each `@@ -a,b +c,d @@`
 * line, then the hunk's lines without the CR of a CRLF line break. (Here, not in session.ts: session.ts
 * imports this module.)
 */
export function hunkLines(hunks: readonly StructuredPatchHunk[], paint?: HunkPaint): string[] {
  const out: string[] = [];
  for (const h of hunks) {
    const header = `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`;
    out.push(paint ? paint.cyan(header) : header);
    for (const raw of h.lines) {
      const line = raw.replace(/\r$/, '');
      if (paint && line.startsWith('+')) out.push(paint.green(line));
      else if (paint && line.startsWith('-')) out.push(paint.red(line));
      else out.push(line);
    }
  }
  return out;
}

export type EditedText = { ok: true; text: string } | { ok: false; reason: string } | { ok: 'empty' };

/**
 * `before` with the edited hunks applied. The hunks' positions come from the originals (the `@@` lines the
 * user sees are only separators); each edited hunk gives its new lines: its ' ' and '+' lines.
 */
export function applyEditedHunks(before: string, hunks: readonly StructuredPatchHunk[], edited: string): EditedText {
  const lines = edited.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const pieces: string[][] = [];
  let current: string[] | undefined;
  let noNewlineAtEnd = false;
  let previous = '';
  for (const raw of lines) {
    const line = raw.replace(/\r$/, '');
    if (line.startsWith('#')) continue;
    if (line.startsWith('@@')) {
      pieces.push((current = []));
      continue;
    }
    if (!current) {
      if (line.trim() === '') continue;
      return { ok: false, reason: 'a line before the first @@ line' };
    }
    if (line.startsWith('\\')) {
      // "\ No newline at end of file" after a new-side line of the last hunk: the file ends without one.
      if (pieces.length === hunks.length && previous !== '-') noNewlineAtEnd = true;
      continue;
    }
    previous = line[0] ?? ' ';
    // An editor may strip the space of an empty context line.
    if (line === '') current.push('');
    else if (line[0] === ' ' || line[0] === '+') current.push(line.slice(1));
    else if (line[0] !== '-') return { ok: false, reason: `a line that is not context (' '), added ('+') or removed ('-'): ${JSON.stringify(line.slice(0, 40))}` };
  }
  if (pieces.length === 0) return { ok: 'empty' };
  if (pieces.length !== hunks.length) return { ok: false, reason: `${hunks.length} hunk${hunks.length === 1 ? '' : 's'} (@@ lines) expected, found ${pieces.length}` };

  const eol = detectLineEnding(before);
  const old = splitLines(before);
  // From the last hunk to the first, so earlier positions hold.
  for (let i = hunks.length - 1; i >= 0; i--) {
    const h = hunks[i]!;
    const newLines = pieces[i]!;
    const from = Math.max(0, h.oldStart - 1);
    const lastHunk = i === hunks.length - 1;
    const replacement = newLines.map((l, k) => {
      const lastLine = lastHunk && k === newLines.length - 1;
      const reachesEnd = from + h.oldLines >= old.length;
      // The file's last line has no line break when the edited hunk says so, as the diff showed it.
      const noBreak = lastLine && reachesEnd && noNewlineAtEnd;
      return noBreak ? l : l + eol;
    });
    old.splice(from, h.oldLines, ...replacement);
  }
  return { ok: true, text: old.join('') };
}

/** Lines with their line breaks, split as the diff splits them (after each '\n'). */
function splitLines(text: string): string[] {
  const out: string[] = [];
  let at = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    out.push(text.slice(at, i + 1));
    at = i + 1;
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}
