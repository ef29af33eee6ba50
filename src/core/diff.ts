// Git-style unified diffs (`--- a/p` / `+++ b/p`), optionally coloured.
import { structuredPatch, type StructuredPatchHunk } from 'diff';

const ANSI = { red: '\x1b[31m', green: '\x1b[32m', cyan: '\x1b[36m', bold: '\x1b[1m', reset: '\x1b[0m' };
const CONTEXT = 3;
const BLOCK = 256;

/** `hunks`, when given, are this pair's `diffHunks` computed earlier (in a worker, or from the cache). */
export function unifiedDiff(path: string, before: string, after: string, color = false, hunks = diffHunks(before, after)): string {
  return formatHunks(path, hunks, color);
}

/** A unified diff from hunks already computed (in a worker, or kept in the cache). */
export function formatHunks(path: string, hunks: readonly StructuredPatchHunk[], color = false): string {
  if (hunks.length === 0) return '';
  const paint = (code: string, s: string) => (color ? `${code}${s}${ANSI.reset}` : s);
  const out: string[] = [paint(ANSI.bold, `--- a/${path}`), paint(ANSI.bold, `+++ b/${path}`)];
  for (const h of hunks) {
    out.push(paint(ANSI.cyan, `@@ -${range(h.oldStart, h.oldLines)} +${range(h.newStart, h.newLines)} @@`));
    for (const line of h.lines) {
      if (line.startsWith('+')) out.push(paint(ANSI.green, line));
      else if (line.startsWith('-')) out.push(paint(ANSI.red, line));
      else out.push(line);
    }
  }
  return `${out.join('\n')}\n`;
}

/**
 * The hunks of a line diff with 3 lines of context. The lines both texts share at the start and at the
 * end (less the context) are cut off first: a rewrite usually touches a few places in a long file, and
 * the line diff costs time in proportion to what it is given.
 */
export function diffHunks(before: string, after: string): StructuredPatchHunk[] {
  if (before === after) return [];
  const shortest = Math.min(before.length, after.length);
  let firstDifference = 0;
  // Whole blocks first (a native string compare), then character by character.
  while (firstDifference + BLOCK <= shortest && before.slice(firstDifference, firstDifference + BLOCK) === after.slice(firstDifference, firstDifference + BLOCK)) firstDifference += BLOCK;
  while (firstDifference < shortest && before.charCodeAt(firstDifference) === after.charCodeAt(firstDifference)) firstDifference++;
  let head = before.lastIndexOf('\n', firstDifference - 1) + 1; // back to the start of the first differing line
  for (let k = 0; k < CONTEXT && head > 0; k++) head = before.lastIndexOf('\n', head - 2) + 1;

  let tail = 0; // length of the shared end, never reaching into the shared start
  const room = shortest - firstDifference;
  while (tail + BLOCK <= room && before.slice(before.length - tail - BLOCK, before.length - tail) === after.slice(after.length - tail - BLOCK, after.length - tail)) tail += BLOCK;
  while (tail < room && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  // The cut must start a line in both texts: a line break inside the shared end is one in both.
  let cut = tail === 0 ? before.length : nextLineStart(before, before.length - tail);
  for (let k = 0; k < CONTEXT && cut < before.length; k++) cut = nextLineStart(before, cut);
  tail = before.length - cut;

  const middle = before.slice(head, before.length - tail);
  const hunks = structuredPatch('', '', middle, after.slice(head, after.length - tail), '', '', { context: CONTEXT }).hunks;
  // Repeated lines at a cut (blank lines, say) can let the line diff place a change inside the margin
  // kept for context; then only the whole texts give the hunks they would have given.
  const first = hunks[0];
  const last = hunks[hunks.length - 1];
  const middleLines = countLines(middle, middle.length) + (middle.endsWith('\n') ? 0 : 1);
  const shortHead = head > 0 && first && changeStart(first) < CONTEXT;
  const shortTail = tail > 0 && last && changeEnd(last) > middleLines - CONTEXT;
  if (shortHead || shortTail) return structuredPatch('', '', before, after, '', '', { context: CONTEXT }).hunks;
  const offset = countLines(before, head);
  for (const h of hunks) {
    h.oldStart += offset;
    h.newStart += offset;
  }
  return hunks;
}

/** Old-text lines before a hunk's first change (0-based from the middle's start). */
function changeStart(h: StructuredPatchHunk): number {
  const lead = h.lines.findIndex((l) => l[0] === '-' || l[0] === '+');
  return h.oldStart - 1 + lead;
}

/** Old-text line number (1-based) just past a hunk's last change. */
function changeEnd(h: StructuredPatchHunk): number {
  let trailing = 0;
  for (let i = h.lines.length - 1; i >= 0 && h.lines[i]![0] !== '-' && h.lines[i]![0] !== '+'; i--) if (h.lines[i]![0] === ' ') trailing++;
  return h.oldStart - 1 + h.oldLines - trailing;
}

function nextLineStart(text: string, from: number): number {
  const i = text.indexOf('\n', from);
  return i === -1 ? text.length : i + 1;
}

function countLines(text: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

// A zero-length range names the line before it, as diff(1) does.
function range(start: number, lines: number): string {
  if (lines === 1) return `${start}`;
  return `${lines === 0 ? Math.max(start - 1, 0) : start},${lines}`;
}
