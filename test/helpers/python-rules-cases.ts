// Generated inputs for the differential test of src/core/python-rules.ts against python3: programs whose
// layout is built from random indentation units (spaces, tabs, mixes, form feeds) with the constructs that
// must not count (brackets, backslash continuations, multi-line strings, comments, blank lines), then
// mutated line by line; and Python 2 forms (or their look-alikes in strings and comments) dropped into
// random places. Shared by test/python-rules.test.ts (a seeded sample) and
// test/corpus/python-rules-differential.ts (many more, plus mutations of real files).
import { checkPythonRules, type PythonRuleViolation } from '../../src/core/python-rules.js';
import type { PythonVerdict } from './python-compile.js';

export type Random = () => number;

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const UNITS = ['    ', '  ', '\t', ' \t', '\t ', '        ', '\t\t', '   ', ' ', '\f    ', '\t    '];
const HEADERS = ['if x:', 'for i in y:', 'while z:', 'def f(a, b=(1, 2)):', 'class C(B):', 'try:', 'with a as b:', 'else:', 'elif q:', 'async def g():', 'match v:', 'case 1:'];
const SIMPLE = [
  'x = 1', 'pass', 'return a', 'print(x)', 'y = [1,\n{i}2,\n  3]', 'f(a,\n{i}  b)', 's = """\n  text\n\tmore\n"""', 'z = a + \\\n   b',
  'if x: pass', 't = (\n)', 'u = {\n\n  1: 2}', "w = '''a\n'''", 'v = f"{x!r:>{w}}"', 'n = 0o777 + 0x1F + 1_000 + 1e5 + 2j + 0.5', '# only a comment',
  'x = 1; y = 2', 'lambda a, b: a', 'del x', 'q = not x', 'print >> f, x', 'exec(code)', 'print', 'r = rb"\\x00" + Rb"\\"" + br"a"',
];

/** One random program, valid as far as its layout goes (mutations then break it). */
export function randomProgram(random: Random): string {
  const lines: string[] = [];
  const emit = (indent: string, depth: number, budget: number): void => {
    const count = 1 + Math.floor(random() * 3);
    for (let k = 0; k < count && budget > 0; k++, budget--) {
      const r = random();
      if (r < 0.12) lines.push(pick(random, ['', '   ', '\t', '  # c', '#', '\f'])); // blank and comment-only lines
      if (r < 0.4 && depth < 4) {
        lines.push(indent + pick(random, HEADERS));
        const unit = pick(random, UNITS);
        emit(indent + unit, depth + 1, budget - 1);
      } else {
        const stmt = pick(random, SIMPLE).replace(/\{i\}/g, () => pick(random, ['', ' ', '\t', '        ', '  ']));
        lines.push(indent + stmt.split('\n').join('\n'));
      }
    }
  };
  emit('', 0, 12);
  const eol = pick(random, ['\n', '\n', '\n', '\r\n', '\r']);
  const text = lines.join('\n').split('\n').join(eol);
  return random() < 0.85 ? text + eol : text;
}

/** Changes the leading whitespace of a few lines, or drops or repeats one. */
export function mutateLayout(source: string, random: Random): string {
  const eol = source.includes('\r\n') ? '\r\n' : source.includes('\r') && !source.includes('\n') ? '\r' : '\n';
  const lines = source.split(eol);
  const times = 1 + Math.floor(random() * 2);
  for (let t = 0; t < times && lines.length > 0; t++) {
    const i = Math.floor(random() * lines.length);
    const line = lines[i]!;
    const indent = /^[ \t\f]*/.exec(line)![0];
    const rest = line.slice(indent.length);
    const r = random();
    if (r < 0.15) lines.splice(i, 1);
    else if (r < 0.22) lines.splice(i, 0, line);
    else if (r < 0.35) lines[i] = `${indent} ${rest}`;
    else if (r < 0.48) lines[i] = indent.slice(1) + rest;
    else if (r < 0.6) lines[i] = indent.replace(/ {8}|    /, '\t') + rest;
    else if (r < 0.72) lines[i] = indent.replace(/\t/, pick(random, ['        ', '    ', ' \t'])) + rest;
    else if (r < 0.8) lines[i] = `\f${indent}${rest}`;
    else if (r < 0.88) lines[i] = pick(random, UNITS) + indent + rest;
    else lines[i] = (indent.length > 1 ? indent.slice(0, -2) : '') + rest;
  }
  return lines.join(eol);
}

/** Python 2 forms (and other forms Python 3 rejects), with look-alikes that are valid Python 3. */
const PYTHON2 = [
  'except E, e:', 'a <> b', '`x`', '0777', '10L', '0x1FL', 'ur"a"', 'UR"a"', 'print x', 'print "a", b', 'exec code in ns',
  'raise E, "m"', 'def f(a, (b, c)): pass', 'lambda (a, b): a', 'b"\u00e9"', '1_', '0_7', 'bu"x"',
];
const LOOKALIKES = [
  '"a <> b"', '# `x` 0777 10L', 'x = "print x"', "'''except E, e:'''", 'f"{a!r}"', 'print(x)', 'print >> f, x', 'print if a else b',
  'exec(code)', '0o777', '00', '0.777', '0777.5', '0777e1', '0777j', '10 if a else 2', '1if a else 2', 'raise E(a, b)', 'raise lambda a, b: E',
  'def f(a, *, b=(1)): pass', 'lambda a=(1): a', 'u"a"', 'rb"a"', 'Rb"a"', 'f"{x:<>10}"', 'f"{d["k"]}"', 'except (A, B) as e:', 'print not in x',
];

/** A valid program with one Python 2 form (or a valid look-alike) placed as a statement or inside one. */
export function withPython2Form(random: Random): { source: string; python2: boolean } {
  const python2 = random() < 0.6;
  const form = pick(random, python2 ? PYTHON2 : LOOKALIKES);
  const statement = form.startsWith('except')
    ? `try:\n    pass\n${form}\n    pass`
    : /^(?:print|exec|raise|def|#|lambda)/.test(form)
      ? form
      : `y = ${form}`;
  const wrap = pick(random, ['', 'if x:\n    ', 'def g():\n\t', 'class K:\n  ']);
  const body = statement.split('\n').join(`\n${wrap ? /\n(.*)$/.exec(wrap)![1] : ''}`);
  return { source: `import os\n${wrap}${body}\nz = 1\n`, python2 };
}

export interface Disagreement {
  source: string;
  python: PythonVerdict;
  checker: PythonRuleViolation | undefined;
  problem: string;
}

/**
 * How the checker must relate to Python: never reject what Python accepts; find every IndentationError
 * and TabError Python finds, with the same class on the same line.
 */
export function judge(source: string, python: PythonVerdict): Disagreement | undefined {
  const checker = checkPythonRules(source);
  if (checker && python.ok) return { source, python, checker, problem: 'false rejection: Python accepts it' };
  const layout = python.errorClass === 'IndentationError' || python.errorClass === 'TabError';
  if (layout && !checker) return { source, python, checker, problem: `missed: Python says ${python.errorClass}: ${python.message}` };
  if (layout && checker && (checker.errorClass !== python.errorClass || !sameLine(source, checker, python)))
    return { source, python, checker, problem: `different error: Python ${python.errorClass} line ${python.line}, checker ${checker.errorClass} line ${lineOf(source, checker.offset)}` };
  return undefined;
}

function sameLine(source: string, checker: PythonRuleViolation, python: PythonVerdict): boolean {
  const line = lineOf(source, checker.offset);
  if (line === python.line) return true;
  // At the end of the input CPython 3.11 puts the end-of-file token one line further when CRLF line breaks
  // follow a multi-line string: a quirk of its line count, not a different error.
  return checker.offset >= source.length - 1 && /\r\n/.test(source) && python.line === line + 1;
}

/** 1-based line of an offset, counting line breaks as Python does (CRLF, LF, lone CR). */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) line++;
  }
  return line;
}
