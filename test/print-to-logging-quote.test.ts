// print-to-logging's default quote (for a call with no literal of its own) is counted from the text, or from
// the tree where the text is not plain enough: the text count must be the tree's, or absent, never another.
import { describe, expect, it } from 'vitest';
import { loadPythonParser } from '../src/core/parser.js';
import { preferredQuote, quoteCountsFromText, quoteCountsFromTree } from '../transforms/print-to-logging/preferred-quote.js';

const parser = await loadPythonParser();

function counts(source: string) {
  const tree = parser.parse(source);
  try {
    expect(tree.rootNode.hasError, `test source must parse: ${source}`).toBe(false);
    return { text: quoteCountsFromText(source), tree: quoteCountsFromTree(source, tree.rootNode), quote: preferredQuote(source, tree.rootNode) };
  } finally {
    tree.delete();
  }
}

describe('the default quote of print-to-logging', () => {
  it('counts one-line literals by their opening quote, not comments or triple-quoted strings', () => {
    const r = counts('"""Doc with \'quotes\' and "more"."""\nx = \'a\'  # "b" "c" \'\nt = "d"\nu = \'e\'\nv = \'\'\'f\'\'\'\n');
    expect(r.text).toEqual({ single: 2, double: 1 });
    expect(r.tree).toEqual({ single: 2, double: 1 });
    expect(r.quote).toBe("'");
  });

  it('reads escapes, prefixes, raw and byte strings, and f-string fields without quotes', () => {
    const src = 's = \'it\\\'s\'\nt = rb"\\"" + Rb\'\\\\\'\nu = f"{x:>{w}} {{y}}" + F\'{z!r}\'\nv = "é😀 # not a comment"\n';
    const r = counts(src);
    expect(r.text).toEqual({ single: 3, double: 3 });
    expect(r.tree).toEqual(r.text);
    expect(r.quote).toBe('"'); // a tie: double
  });

  it('leaves to the tree what the text cannot settle: quotes, comments or escapes in f-string fields', () => {
    for (const src of [
      'x = f"{d[\'k\']}" + \'y\'\n',
      'x = f"{n:\'>10}"\n',
      'x = f"""{\n  a  # a comment\n}"""\n',
      'x = f"\\{n}"\n',
    ]) {
      const r = counts(src);
      expect(r.text, src).toBeUndefined();
      expect(r.quote).toBe(r.tree.single > r.tree.double ? "'" : '"');
    }
    // The nested literals count: the tree sees 'k' and 'y'.
    expect(counts('x = f"{d[\'k\']}" + \'y\'\n').quote).toBe("'");
  });

  it('agrees with the tree on text and tree alike, line breaks of every kind', () => {
    for (const src of ['a = "x"\r\nb = \'y\'\r\nc = \'z\'\r\n', "a = 'x' \\\n    'y'\n", 'def f(x="a", y=\'b\'):\n    return f"{x}" f\'{y}\'\n']) {
      const r = counts(src);
      expect(r.text, src).toEqual(r.tree);
    }
  });
});
