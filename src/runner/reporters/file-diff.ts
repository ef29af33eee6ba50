// A changed file's unified diff, as every reporter prints it (the dry run, `--format json --diff`, stdin
// `--diff`, split patches). The engine works on the decoded text, without the UTF-8 BOM; a hunk that shows
// the file's first line puts the BOM back, so the diff is of the file's bytes and `git apply` finds the line.
import type { StructuredPatchHunk } from 'diff';
import { diffHunks, formatHunks } from '../../core/diff.js';
import type { FileResult } from '../file-result.js';

type Changed = Extract<FileResult, { kind: 'changed' }>;

/** The result's hunks (computed in the worker, kept in the cache, or computed here). */
export function resultHunks(r: Changed): StructuredPatchHunk[] {
  const hunks = r.hunks ?? diffHunks(r.before, r.after);
  return r.bom ? hunks.map(withBom) : hunks;
}

export function fileDiff(r: Changed, color = false): string {
  return formatHunks(r.path, resultHunks(r), color);
}

const BOM = '\uFEFF';

/**
 * The first old-side and first new-side line of a hunk that starts at line 1 get the BOM back. A common
 * line that is the first line of one side only (line 1 removed or added) becomes a removal and an addition.
 */
function withBom(h: StructuredPatchHunk): StructuredPatchHunk {
  let oldPending = h.oldStart === 1 && h.oldLines > 0;
  let newPending = h.newStart === 1 && h.newLines > 0;
  if (!oldPending && !newPending) return h;
  const lines: string[] = [];
  for (let i = 0; i < h.lines.length; i++) {
    const line = h.lines[i]!;
    const kind = line[0];
    const text = line.slice(1);
    const oldSide = (kind === ' ' || kind === '-') && oldPending;
    const newSide = (kind === ' ' || kind === '+') && newPending;
    if (kind === ' ' && oldSide !== newSide) {
      // "\ No newline at end of file" after it belongs to both halves.
      const marker = h.lines[i + 1]?.startsWith('\\') ? [h.lines[++i]!] : [];
      lines.push(`-${oldSide ? BOM : ''}${text}`, ...marker, `+${newSide ? BOM : ''}${text}`, ...marker);
    } else if (oldSide || newSide) lines.push(`${kind}${BOM}${text}`);
    else lines.push(line);
    if (kind === ' ' || kind === '-') oldPending = false;
    if (kind === ' ' || kind === '+') newPending = false;
  }
  return { ...h, lines };
}
