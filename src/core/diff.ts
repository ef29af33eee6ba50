// Git-style unified diffs (`--- a/p` / `+++ b/p`), optionally coloured.
import { structuredPatch } from 'diff';

const ANSI = { red: '\x1b[31m', green: '\x1b[32m', cyan: '\x1b[36m', bold: '\x1b[1m', reset: '\x1b[0m' };

export function unifiedDiff(path: string, before: string, after: string, color = false): string {
  const patch = structuredPatch(`a/${path}`, `b/${path}`, before, after, '', '', { context: 3 });
  if (patch.hunks.length === 0) return '';
  const paint = (code: string, s: string) => (color ? `${code}${s}${ANSI.reset}` : s);
  const out: string[] = [paint(ANSI.bold, `--- a/${path}`), paint(ANSI.bold, `+++ b/${path}`)];
  for (const h of patch.hunks) {
    out.push(paint(ANSI.cyan, `@@ -${range(h.oldStart, h.oldLines)} +${range(h.newStart, h.newLines)} @@`));
    for (const line of h.lines) {
      if (line.startsWith('+')) out.push(paint(ANSI.green, line));
      else if (line.startsWith('-')) out.push(paint(ANSI.red, line));
      else out.push(line);
    }
  }
  return `${out.join('\n')}\n`;
}

// A zero-length range names the line before it, as diff(1) does.
function range(start: number, lines: number): string {
  if (lines === 1) return `${start}`;
  return `${lines === 0 ? Math.max(start - 1, 0) : start},${lines}`;
}
