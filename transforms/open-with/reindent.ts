// Moving a run of whole lines one indentation step deeper, the way an editor's "indent" would, but
// never inside a string: a line that starts inside a multi-line string (or f-string) is part of the
// string's value and keeps its bytes. Continuation lines inside brackets and comment lines move with
// their statement. Blank lines stay empty.
import type { Node } from 'web-tree-sitter';

/** Offsets of the line starts in (start, end) that lie inside a string (their text is the string's value). */
export function lineStartsInsideStrings(root: Node, source: string, start: number, end: number): Set<number> {
  const inside = new Set<number>();
  const breaks = /\r\n|\n|\r/g;
  breaks.lastIndex = start;
  for (let m = breaks.exec(source); m && m.index + m[0].length < end; m = breaks.exec(source)) {
    const lineStart = m.index + m[0].length;
    for (let n: Node | null = root.descendantForIndex(lineStart, lineStart); n; n = n.parent) {
      if (n.type === 'string' && n.startIndex < lineStart && lineStart < n.endIndex) {
        inside.add(lineStart);
        break;
      }
    }
  }
  return inside;
}

/**
 * The text of source[start, end) (whole lines) with `step` added after the indentation of every line
 * that has content and does not start inside a string.
 */
export function indentLines(source: string, start: number, end: number, step: string, insideStrings: Set<number>): string {
  let out = '';
  let at = start;
  while (at < end) {
    const m = /\r\n|\n|\r/g;
    m.lastIndex = at;
    const br = m.exec(source);
    const lineEnd = br && br.index < end ? br.index + br[0].length : end;
    const line = source.slice(at, lineEnd);
    const blank = /^[ \t\f]*(\r\n|\n|\r)?$/.test(line);
    // Every line must move by the same amount under every tab size (Python compares indentation with
    // tabs of 8 and of 1 columns). Spaces go after the line's own indentation: a line indented "\t    "
    // becomes "\t        " (spaces put in front of a tab could land it at the same column). A tab goes
    // in front: after spaces it would only reach the next tab stop ("\t    " + "\t" is column 16, the
    // same as "\t\t"), in front it moves the whole line by one tab. (A form feed resets the column:
    // in front means after the last one.)
    const lead = /^[ \t\f]*/.exec(line)![0];
    const front = lead.lastIndexOf('\f') + 1;
    const moved = step.includes('\t') ? line.slice(0, front) + step + line.slice(front) : lead + step + line.slice(lead.length);
    out += blank || insideStrings.has(at) ? line : moved;
    at = lineEnd;
  }
  return out;
}
