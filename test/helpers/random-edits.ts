// Random rewrites of Python source for fuzzing the statement check: shared by its unit test (over the
// fixtures) and test/corpus/statement-check-fuzz.ts (over the real-code corpus).
import type { Edit } from '../../src/core/types.js';

/** A small deterministic generator (mulberry32), so a failure can be replayed with its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Pieces that make or break Python: indentation, headers, clauses, decorators, brackets, quotes,
// line continuations, statements, blank lines.
const PIECES = [
  '\n', '    ', '\t', 'pass\n', 'x = 1\n', '    x = 1\n', 'if x:\n', '    if x:\n', ')', '(', '"', "'''", '#', ':', '',
  'else:\n', '    elif x:\n', 'except E:\n', '    finally:\n', 'case 1:\n', '@d\n', '    @d\n', '\\\n', 'x = \\\n', 'x = (\n', '"""\n',
];

/** One to three random edits of `source`: line insertions, deletions, re-indents, in-line changes. */
export function randomEdits(source: string, random: () => number): Edit[] {
  const lineStarts = [0];
  for (let i = source.indexOf('\n'); i !== -1 && i + 1 < source.length; i = source.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const one = (): Edit => {
    const kind = random();
    const line = Math.floor(random() * lineStarts.length);
    const start = lineStarts[line]!;
    const end = lineStarts[line + 1] ?? source.length;
    if (kind < 0.3) return { start, end: start, text: pick(PIECES) }; // insert at a line start
    if (kind < 0.5) return { start, end, text: '' }; // delete a line
    if (kind < 0.7) return { start, end, text: source.slice(start, end).replace(/^\s*/, pick(['', '    ', '        ', '\t'])) }; // re-indent
    const at = start + Math.floor(random() * Math.max(1, end - start));
    return { start: at, end: Math.min(source.length, at + Math.floor(random() * 3)), text: pick(PIECES) }; // inside a line
  };
  return Array.from({ length: 1 + Math.floor(random() * 3) }, one);
}
