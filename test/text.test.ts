import { describe, expect, it } from 'vitest';
import { LineIndex, detached, detectIndentUnit, detectLineEnding, indentationAt } from '../src/core/text.js';

describe('text facts', () => {
  it('detects the indentation step from a top-level block, not an absolute indentation', () => {
    expect(detectIndentUnit('x = {\n        "a": 1,\n}\nclass A:\n\n  # c\n  def f(self):\n      pass\n')).toBe('  ');
    expect(detectIndentUnit('def f():\n\treturn 1\n')).toBe('\t');
    expect(detectIndentUnit('x = 1\n')).toBe('    ');
  });

  it('detects the dominant line ending', () => {
    expect(detectLineEnding('a\r\nb\r\nc\n')).toBe('\r\n');
    expect(detectLineEnding('a\nb')).toBe('\n');
    expect(detectLineEnding('a')).toBe('\n');
  });

  it('reads the indentation of a line, ignoring what precedes a form feed', () => {
    expect(indentationAt('if x:\n    y = 1\n', 12)).toBe('    ');
    expect(indentationAt('\f    y = 1\n', 6)).toBe('    ');
  });

  it('finds line starts the same way with LF, CRLF and lone CR endings', () => {
    const lf = new LineIndex('a\nbc\n\nd');
    expect([0, 2, 5, 6].map((o) => lf.position(o).line)).toEqual([1, 2, 3, 4]);
    const mixed = new LineIndex('a\r\nbc\rd\n');
    expect([0, 3, 6, 8].map((o) => mixed.position(o).line)).toEqual([1, 2, 3, 4]);
  });

  it('gives 1-based lines and columns in code points', () => {
    const idx = new LineIndex('a = "😀"; b = 1\r\nc\n');
    expect(idx.position('a = "😀"; '.length)).toEqual({ line: 1, column: 10 });
    expect(idx.position('a = "😀"; b = 1\r\n'.length)).toEqual({ line: 2, column: 1 });
  });
});

describe('detached', () => {
  it('returns the same text (short, long, astral), cut loose from the string it came from', () => {
    const source = `import os\nfrom ${'a'.repeat(40)}.😀mod import x\n`;
    for (const piece of [source.slice(7, 9), source.slice(15, 62), source.slice(62, 66), '']) expect(detached(piece)).toBe(piece);
  });
});
