// codeText: where a module's code is, apart from its strings and comments, from the text alone.
import { describe, expect, it } from 'vitest';
import { codeText, outsideBrackets } from '../src/core/python/code-text.js';

/** The code with its strings and comments blanked, as one string (for reading the tests). */
const blanked = (source: string) => {
  const code = codeText(source);
  return code && code.slice(0, source.length);
};

describe('codeText', () => {
  it('blanks strings (with their prefixes and quotes) and comments, and keeps offsets and line breaks', () => {
    const sp = (n: number) => ' '.repeat(n);
    expect(blanked('x = "a#b"  # c\ny = 1\n')).toBe(`x = ${sp(5)}  ${sp(3)}\ny = 1\n`);
    expect(blanked("s = rb'\\''\n")).toBe(`s = ${sp(6)}\n`);
    expect(blanked('d = """one\n"two" \'\'\'\nthree"""\nz\n')).toBe(`d = ${sp(6)}\n${sp(9)}\n${sp(8)}\nz\n`);
    // A backslash takes the next character, in raw strings too; a one-quote string goes on past a backslash-newline.
    expect(blanked('a = r"\\"" + "x\\\ny"\n')).toBe(`a = ${sp(5)} + ${sp(3)}\n${sp(2)}\n`);
  });

  it('reads a name ending in prefix letters as a name, not as a prefix', () => {
    expect(blanked('if"x" in y: pass\n')).toBe('if    in y: pass\n');
    expect(blanked('bar"x"\n')).toBe('bar   \n');
  });

  it("counts an f-string's fields as code for searches, not for brackets", () => {
    const source = 'x = f"{print(a)} {d[\'k\']} ({{"\nprint\n';
    const code = codeText(source)!;
    expect([...code.matches(/\bprint\b/g)].map((m) => m.index)).toEqual([7, source.lastIndexOf('print')]);
    // The `(` inside the f-string's text is no bracket: the statement ends at the line break.
    expect(code.statementEnd(0)).toBe(source.indexOf('\n'));
    expect(code.inCode(source.indexOf('#'))).toBe(true); // no comment inside a string
  });

  it('is undefined where a string cannot be read simply: unterminated, or an f-string reusing its own quote', () => {
    expect(codeText('s = "abc\nt = 1\n')).toBeUndefined();
    expect(codeText('s = """abc\n')).toBeUndefined();
    expect(codeText('s = f"{d["k"]}"\n')).toBeUndefined();
    expect(codeText("s = f'{x'\n")).toBeUndefined();
    expect(codeText('s = f"{d[\'k\']}"\n')).toBeDefined();
  });

  it('finds brackets, statement ends (backslash continuations, `;`) and statements in the code only', () => {
    const source = 'f(a, ")", [b,\n  c])  # )\nx = 1; y = \\\n  2\nif z:  # c\n    pass\n';
    const code = codeText(source)!;
    expect(code.closingBracket(1)).toBe(source.indexOf('])') + 1);
    expect(code.statementEnd(0)).toBe(source.indexOf('\n', source.indexOf('])')));
    const statements = [...code.statements()].map((s) => source.slice(s.start, s.end).trim());
    expect(statements).toEqual(['f(a, ")", [b,\n  c])  # )', 'x = 1', 'y = \\\n  2', 'if z:  # c', 'pass']);
    expect([...code.statements()][2]!.afterSemicolon).toBe(true);
    const header = [...code.statements()][3]!;
    expect(source[code.lastCodeBefore(header.end)]).toBe(':');
  });

  it("finds where a call's first argument ends: a comma outside inner brackets and strings, or the closing bracket", () => {
    const source = 'f("a, b" + g(c, d) + [e, f][0], h)\ng(x)\nk(\n  # a, comment\n  y\n)\n';
    const code = codeText(source)!;
    expect(source.slice(1, code.firstArgumentEnd(1))).toBe('("a, b" + g(c, d) + [e, f][0]');
    const second = source.indexOf('g(x)') + 1;
    expect(source.slice(second, code.firstArgumentEnd(second))).toBe('(x');
    const third = source.indexOf('k(') + 1;
    expect(source[code.firstArgumentEnd(third)]).toBe(')');
  });

  it('does not take a backslash at the end of a comment for a continuation', () => {
    const source = 'raise E  # see \\\nfrom_here = 1\n';
    expect(codeText(source)!.statementEnd(0)).toBe(source.indexOf('\n'));
  });

  it('outsideBrackets drops every bracketed part, nested ones too', () => {
    expect(outsideBrackets(' X(a, [(yield from g)], {1: (2)}) from err')).toBe(' X from err');
  });
});
