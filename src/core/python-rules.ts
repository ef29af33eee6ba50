// Python's own rules that tree-sitter-python does not enforce, checked in one linear pass over the text.
//
// tree-sitter-python is a forgiving grammar: it accepts blocks with no statement, indentation that matches
// no outer level, tabs and spaces mixed ambiguously, and the Python 2 forms (`print x`, `exec code`,
// `except X, e:`, `<>`, backticks, `0777`, `10L`, `ur''`, `raise E, V`, tuple parameters). Python 3 rejects
// all of them. This checker applies CPython's rules to the text:
//   - the tokenizer's indentation rules exactly as CPython applies them (Parser/lexer: each line's column is
//     computed with tab size 8 and with tab size 1, and the two readings must agree; a form feed resets both;
//     blank and comment-only lines, lines inside brackets, backslash continuations and multi-line strings do
//     not count): IndentationError "unindent does not match any outer indentation level", TabError, and its
//     limits (100 indentation levels, 200 nested brackets);
//   - the parser's two layout errors: "unexpected indent" (a deeper line that does not follow a `:` header)
//     and "expected an indented block" (a header followed by no deeper line);
//   - the tokenizer's number and string-prefix rules (leading zeros, `10L`, `1_`, `ur''`, non-ASCII bytes);
//   - the compiler's rules for `from __future__ import`: only after the docstring and other future imports,
//     and only features Python knows;
//   - the compiler's rules on statements (python-statement-rules.ts): `return` outside a function, `break`
//     outside a loop, a duplicate parameter, `import *` in a function, ...;
//   - the Python 2 forms above.
// It answers "Python rejects this, here" or nothing; nothing means "not known to be wrong", never "valid":
// the README lists what remains beyond it (a `yield` nested in an expression, duplicate lambda parameters, ...).

import { StatementRules } from './python-statement-rules.js';

export type PythonErrorClass = 'IndentationError' | 'TabError' | 'SyntaxError';

export interface PythonRuleViolation {
  /** UTF-16 offset of the error (where Python reports it). */
  offset: number;
  errorClass: PythonErrorClass;
  message: string;
  /** The construct is Python 2 syntax (`print x`, `<>`, `0777`, ...). */
  python2: boolean;
}

export interface PythonRulesOptions {
  /**
   * Python 3.14 reads `except A, B:` as `except (A, B):` (PEP 758); earlier versions reject it. True when the
   * oldest Python the code must run on is 3.14 or later.
   */
  exceptWithoutParentheses?: boolean;
}

/** The first place the text breaks a rule Python enforces and tree-sitter does not; undefined if none. */
export function checkPythonRules(source: string, options: PythonRulesOptions = {}): PythonRuleViolation | undefined {
  const nul = source.indexOf('\0');
  if (nul !== -1) return violation(nul, 'SyntaxError', 'source code cannot contain null bytes');
  try {
    new Scanner(source, options).run();
    return undefined;
  } catch (err) {
    if (err instanceof Found) return err.violation;
    throw err;
  }
}

/** "IndentationError: unexpected indent", "Python 2 `<>` operator (not Python 3: use !=)". */
export function describeViolation(v: PythonRuleViolation): string {
  return v.python2 ? v.message : `${v.errorClass}: ${v.message}`;
}

// CPython's limits (Parser/lexer/state.h: MAXINDENT, MAXLEVEL) and tab size.
const MAX_INDENT = 100;
const MAX_LEVEL = 200;
const TAB_SIZE = 8;

const TAB = 9;
const LF = 10;
const FF = 12;
const CR = 13;
const SPACE = 32;
const BANG = 33;
const DQUOTE = 34;
const HASH = 35;
const SQUOTE = 39;
const LPAREN = 40;
const RPAREN = 41;
const STAR = 42;
const COMMA = 44;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const COLON = 58;
const SEMI = 59;
const LT = 60;
const EQ = 61;
const GT = 62;
const LBRACKET = 91;
const AT = 64;
const BACKSLASH = 92;
const RBRACKET = 93;
const UNDERSCORE = 95;
const BACKTICK = 96;
const LBRACE = 123;
const RBRACE = 125;
const TILDE = 126;

// Character classes of ASCII, for the main loop's dispatch (everything from 128 up is an identifier character,
// as in CPython's lexer).
const OTHER = 0;
const BLANK = 1;
const IDENT = 2;
const DIGIT = 3;
const NEWLINE = 4;
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if (c === SPACE || c === TAB || c === FF) CLASS[c] = BLANK;
  else if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === UNDERSCORE) CLASS[c] = IDENT;
  else if (c >= ZERO && c <= NINE) CLASS[c] = DIGIT;
  else if (c === LF || c === CR) CLASS[c] = NEWLINE;
}
const classOf = (c: number) => (c < 128 ? CLASS[c]! : c === c ? IDENT : OTHER); // NaN (past the end): OTHER

/** Characters that make a following `=` part of a comparison. */
const COMPARISON_FIRST = new Set([EQ, BANG, LT, GT]);

const isDigit = (c: number) => c >= ZERO && c <= NINE;
const isIdentStart = (c: number) => classOf(c) === IDENT;
const isIdentChar = (c: number) => {
  const k = classOf(c);
  return k === IDENT || k === DIGIT;
};
const isNewline = (c: number) => c === LF || c === CR;
const isQuote = (c: number) => c === DQUOTE || c === SQUOTE;

/** String prefixes Python 3 accepts (any case): t-strings are Python 3.14's. */
const STRING_PREFIXES = new Set(['r', 'u', 'b', 'br', 'rb', 'f', 'fr', 'rf', 't', 'tr', 'rt']);
const PREFIX_LETTERS = /^[rubft]{1,3}$/i;

/** Words that may follow a name directly in valid Python 3 (`print if x else y`, `print in seq`). */
const OPERATOR_WORDS = new Set(['if', 'else', 'and', 'or', 'in', 'is', 'for', 'async']);

/** Compound statements, as Python names them in "expected an indented block after ...". */
const HEADER_NAMES: Record<string, string> = {
  if: "'if' statement", elif: "'elif' statement", else: "'else' statement", for: "'for' statement",
  while: "'while' statement", with: "'with' statement", try: "'try' statement", except: "'except' statement",
  finally: "'finally' statement", match: "'match' statement", case: "'case' statement",
  def: 'function definition', class: 'class definition',
};

/** `from __future__ import` features Python 3 knows (Lib/__future__.py). */
const FUTURE_FEATURES = new Set([
  'nested_scopes', 'generators', 'division', 'absolute_import', 'with_statement', 'print_function',
  'unicode_literals', 'barry_as_FLUFL', 'generator_stop', 'annotations',
]);

// What the statement being read can still be, for the `__future__` rules (tracked only when the text holds
// `__future__`): the docstring (`(`* plain strings `)`*), `from` that may be followed by `__future__`, a
// future import, or anything else.
const enum Stmt {
  DocOpen,
  DocStrings,
  DocClose,
  From,
  Future,
  Other,
}

/** A token, as the `__future__` rules see it. */
const enum Tok {
  PlainString,
  Open,
  Close,
  From,
  FutureName,
  Other,
}

class Found {
  constructor(readonly violation: PythonRuleViolation) {}
}

function violation(offset: number, errorClass: PythonErrorClass, message: string, python2 = false): PythonRuleViolation {
  return { offset, errorClass, message, python2 };
}

const enum Last {
  None,
  Colon,
  Other,
}

class Scanner {
  private pos = 0;
  private readonly n: number;
  /** Bracket depth: inside brackets, line breaks and indentation do not count. */
  private level = 0;
  // The indentation stack, as columns read with tab size 8 and with tab size 1.
  private readonly cols = [0];
  private readonly alts = [0];
  /** The last token of the logical line so far (a `:` there ends a compound statement's header). */
  private last = Last.None;
  /** The next token starts a statement (`print x` is only a statement there). */
  private statementStart = true;
  /** The previous logical line ended with `:`: the next must be indented deeper. */
  private expectBlock = false;
  private headerOffset = 0;
  private headerWord = '';
  private decoratorLine = false;
  private afterDecorator = false;
  private lineStart = 0;
  private lineFirstWordStart = 0;
  private lineFirstWordEnd = 0;
  // `except X, e:` / `raise E, V`: a comma at the clause's own bracket level.
  private exceptLevel = -1;
  private exceptComma = -1;
  private exceptAs = false;
  private raiseLevel = -1;
  // `def f(a, (b, c))` / `lambda (a, b): a`: a parenthesis where a parameter starts.
  private defPending = -1;
  private paramLevel = -1;
  private paramCloser = 0;
  private paramStart = false;
  // A `def`'s parameter names, for the statement rules: a name may come next (after `(`, `,`, `*`, `**`),
  // or the reader is in an annotation or default (after `:` or `=`, up to the next `,`).
  private paramNameNext = false;
  private paramValue = false;
  /** The last token was an assignment's `=` at bracket level 0. */
  private assigned = false;
  private readonly rules: StatementRules;
  private readonly hasCR: boolean;
  // `from __future__ import`: allowed while only the docstring and future imports came before.
  private readonly hasFuture: boolean;
  private futureOpen = true;
  private statements = 0;
  private stmt = Stmt.Other;
  private stmtStart = 0;
  /** The first `__future__` rule broken: reported at the end, as Python's compiler runs after its parser. */
  private futureViolation: PythonRuleViolation | undefined;

  constructor(
    private readonly s: string,
    private readonly options: PythonRulesOptions,
  ) {
    this.n = s.length;
    this.hasCR = s.includes('\r');
    this.hasFuture = s.includes('__future__');
    this.rules = new StatementRules(s);
  }

  private fail(offset: number, errorClass: PythonErrorClass, message: string, python2 = false): never {
    throw new Found(violation(offset, errorClass, message, python2));
  }

  run(): void {
    const s = this.s;
    const n = this.n;
    if (s.charCodeAt(0) === 0xfeff) this.pos = 1;
    let atLineStart = true;
    for (;;) {
      if (atLineStart) {
        atLineStart = false;
        if (this.beginLine()) {
          // Blank or comment-only: no token, no indentation; on to the next line.
          this.pos = this.lineEnd(this.pos);
          if (this.pos >= n) break;
          this.pos = this.skipNewline(this.pos);
          atLineStart = true;
          continue;
        }
      }
      if (this.pos >= n) break;
      const c = s.charCodeAt(this.pos);
      switch (classOf(c)) {
        case BLANK: {
          let p = this.pos + 1;
          while (s.charCodeAt(p) === SPACE) p++;
          this.pos = p;
          break;
        }
        case IDENT:
          this.name();
          break;
        case DIGIT:
          if (this.hasFuture) this.futureToken(Tok.Other);
          this.token();
          this.pos = this.number(this.pos);
          break;
        case NEWLINE:
          this.pos = this.skipNewline(this.pos);
          if (this.level === 0) this.endLogicalLine();
          atLineStart = true;
          break;
        default:
          if (c === HASH) this.pos = this.lineEnd(this.pos);
          else if (isQuote(c)) {
            if (this.hasFuture) this.futureToken(Tok.PlainString);
            this.token();
            this.pos = this.string(this.pos, this.pos, '');
          } else if (c === DOT && isDigit(s.charCodeAt(this.pos + 1))) {
            if (this.hasFuture) this.futureToken(Tok.Other);
            this.token();
            this.pos = this.number(this.pos);
          } else if (c === BACKSLASH) this.pos = this.continuation(this.pos);
          else this.operator(c);
      }
    }
    this.endOfInput();
    // The compiler's errors, once the whole text tokenizes: unknown `__future__` features first, then the
    // statement rules (symbol table, then code generation).
    if (this.futureViolation) throw new Found(this.futureViolation);
    const statementViolation = this.rules.violation();
    if (statementViolation) throw new Found(statementViolation);
  }

  /**
   * At the start of a physical line: the indentation, exactly as CPython's lexer reads it. Returns true for
   * a blank or comment-only line, which does not count.
   */
  private beginLine(): boolean {
    const s = this.s;
    let col = 0;
    let alt = 0;
    let contCol = 0;
    this.lineStart = this.pos;
    for (;;) {
      const c = s.charCodeAt(this.pos);
      if (c === SPACE) {
        col++;
        alt++;
        this.pos++;
      } else if (c === TAB) {
        col = (Math.floor(col / TAB_SIZE) + 1) * TAB_SIZE;
        alt++;
        this.pos++;
      } else if (c === FF) {
        col = alt = 0; // "for Emacs users"
        this.pos++;
      } else if (c === BACKSLASH) {
        // Indentation cannot be split over lines with backslashes: the first one (if not at column 0) decides.
        contCol ||= col;
        this.pos = this.continuation(this.pos);
      } else break;
    }
    if (this.pos >= this.n) return true; // the end of the input is not a line of its own
    const c = s.charCodeAt(this.pos);
    if (c === HASH || isNewline(c)) return true;
    if (this.level > 0) return false;
    if (contCol) col = alt = contCol;
    this.indentation(col, alt);
    this.statementStart = true;
    return false;
  }

  private indentation(col: number, alt: number): void {
    const { cols, alts } = this;
    let depth = cols.length - 1;
    const at = this.pos;
    if (col === cols[depth]) {
      if (alt !== alts[depth]) this.fail(this.lineStart, 'TabError', 'inconsistent use of tabs and spaces in indentation');
      if (this.expectBlock) this.expectedBlock(at);
    } else if (col > cols[depth]!) {
      if (depth + 1 >= MAX_INDENT) this.fail(at, 'IndentationError', 'too many levels of indentation');
      if (alt <= alts[depth]!) this.fail(this.lineStart, 'TabError', 'inconsistent use of tabs and spaces in indentation');
      cols.push(col);
      alts.push(alt);
      this.rules.indent();
      if (!this.expectBlock) this.fail(at, 'IndentationError', 'unexpected indent');
    } else {
      while (depth > 0 && col < cols[depth]!) {
        cols.pop();
        alts.pop();
        this.rules.dedent();
        depth--;
      }
      if (col !== cols[depth]) this.fail(at, 'IndentationError', 'unindent does not match any outer indentation level');
      if (alt !== alts[depth]) this.fail(this.lineStart, 'TabError', 'inconsistent use of tabs and spaces in indentation');
      if (this.expectBlock) this.expectedBlock(at);
      if (this.afterDecorator) this.fail(at, 'IndentationError', 'unexpected unindent');
    }
    this.expectBlock = false;
    this.afterDecorator = false;
    this.rules.lineStart();
  }

  private expectedBlock(at: number): never {
    const line = lineNumber(this.s, this.headerOffset);
    const what = HEADER_NAMES[this.headerWord] ?? (this.headerWord === 'except*' ? "'except*' statement" : undefined);
    this.fail(at, 'IndentationError', `expected an indented block after ${what ? `${what} on line ${line}` : `line ${line}`}`);
  }

  /** A NEWLINE token: the logical line ends. */
  private endLogicalLine(): void {
    this.rules.lineEnd(this.last === Last.Colon);
    if (this.last === Last.Colon) {
      this.expectBlock = true;
      this.headerOffset = this.lineStart;
      this.headerWord = this.headerWordOfLine();
    }
    this.afterDecorator = this.decoratorLine;
    this.decoratorLine = false;
    this.last = Last.None;
    this.lineFirstWordEnd = this.lineFirstWordStart;
    this.exceptLevel = -1;
    this.raiseLevel = -1;
    this.defPending = -1;
    this.paramLevel = -1;
  }

  /** The header's word as Python names it: `async def` is a def, `async for` a for; `except*` its own. */
  private headerWordOfLine(): string {
    const word = this.s.slice(this.lineFirstWordStart, this.lineFirstWordEnd);
    if (word !== 'async' && word !== 'except') return word;
    const next = /^(?:[ \t\f]|\\\r?\n|\\\r)*(\*|[A-Za-z_]\w*)/.exec(this.s.slice(this.lineFirstWordEnd, this.lineFirstWordEnd + 200))?.[1];
    if (word === 'except') return next === '*' ? 'except*' : word;
    return next ?? word;
  }

  private endOfInput(): void {
    // Python ends the input with a NEWLINE (when the last line has none) and then dedents to the margin.
    if (this.level === 0 && this.last !== Last.None) this.endLogicalLine();
    // Python reports the end of the input on the last line: the final line break does not start a new one.
    if (this.expectBlock) this.expectedBlock(isNewline(this.s.charCodeAt(this.n - 1)) ? this.n - 1 : this.n);
  }

  /** Bookkeeping for any token other than a name, `:` and `;`. */
  private token(): void {
    this.last = Last.Other;
    this.statementStart = false;
    this.assigned = false;
    this.paramNameNext = false;
    if (this.level === this.paramLevel) this.paramStart = false;
  }

  private name(): void {
    const s = this.s;
    const start = this.pos;
    let p = start + 1;
    while (isIdentChar(s.charCodeAt(p))) p++;
    const length = p - start;
    if (length <= 3 && isQuote(s.charCodeAt(p))) {
      const prefix = s.slice(start, p);
      const lower = prefix.toLowerCase();
      if (STRING_PREFIXES.has(lower)) {
        if (this.hasFuture) this.futureToken(lower === 'r' || lower === 'u' ? Tok.PlainString : Tok.Other);
        this.token();
        this.pos = this.string(start, p, lower);
        return;
      }
      if (PREFIX_LETTERS.test(prefix)) {
        const py2 = lower === 'ur';
        this.fail(start, 'SyntaxError', py2 ? 'Python 2 string prefix `ur` (not Python 3)' : `invalid string prefix \`${prefix}\``, py2);
      }
    }
    this.pos = p;
    if (this.hasFuture) this.futureToken(isWord(s, start, length, 'from') ? Tok.From : isWord(s, start, length, '__future__') ? Tok.FutureName : Tok.Other);
    const atStatement = this.statementStart;
    if (this.last === Last.None) {
      this.lineFirstWordStart = start;
      this.lineFirstWordEnd = p;
    }
    const { assigned } = this;
    const parameter = this.paramNameNext && this.level === this.paramLevel && this.paramCloser === RPAREN;
    this.token();
    if (this.level === 0) this.rules.word(start, p, atStatement, assigned);
    else if (parameter) this.rules.parameter(start, p);
    // The keywords the Python 2 checks follow, recognised without cutting a string out of the text.
    if (length > 6) return;
    switch (s.charCodeAt(start)) {
      case 0x70: // p
      case 0x65: // e
        if ((isWord(s, start, length, 'print') || isWord(s, start, length, 'exec')) && atStatement && this.python2Operand(p))
          this.fail(start, 'SyntaxError', `Python 2 ${s.slice(start, p)} statement (not Python 3)`, true);
        if (isWord(s, start, length, 'except')) {
          this.exceptLevel = this.level;
          this.exceptComma = -1;
          this.exceptAs = false;
        }
        break;
      case 0x61: // a
        if (isWord(s, start, length, 'as') && this.level === this.exceptLevel) this.exceptAs = true;
        break;
      case 0x72: // r
        if (isWord(s, start, length, 'raise') && atStatement) this.raiseLevel = this.level;
        break;
      case 0x6c: // l
        if (isWord(s, start, length, 'lambda')) {
          // `raise lambda a, b: E` is valid: the comma belongs to the lambda.
          if (this.level === this.raiseLevel) this.raiseLevel = -1;
          this.paramLevel = this.level;
          this.paramCloser = COLON;
          this.paramStart = true;
        }
        break;
      case 0x64: // d
        if (isWord(s, start, length, 'def')) this.defPending = this.level;
        break;
    }
  }

  /** After a `print`/`exec` that starts a statement: does an operand follow, as in `print x`? */
  private python2Operand(from: number): boolean {
    const s = this.s;
    let p = from;
    for (;;) {
      const c = s.charCodeAt(p);
      if (c === SPACE || c === TAB || c === FF) p++;
      else if (c === BACKSLASH && isNewline(s.charCodeAt(p + 1))) p = this.skipNewline(p + 1);
      else break;
    }
    const c = s.charCodeAt(p);
    if (isQuote(c) || isDigit(c) || c === LBRACE || c === TILDE || c === BACKTICK) return true;
    if (c === DOT) return isDigit(s.charCodeAt(p + 1));
    if (!isIdentStart(c)) return false; // an operator, a bracket, the end of the statement
    let q = p + 1;
    while (q < this.n && isIdentChar(s.charCodeAt(q))) q++;
    const word = s.slice(p, q);
    if (word === 'not') return !/^[ \t\f]*(?:\\\r?\n[ \t\f]*)*in\b/.test(s.slice(q, q + 64));
    return !OPERATOR_WORDS.has(word);
  }

  private operator(c: number): void {
    const s = this.s;
    const at = this.pos;
    // `;` ends a statement; it is no token of the next one.
    if (this.hasFuture && c !== SEMI) this.futureToken(c === LPAREN ? Tok.Open : c === RPAREN ? Tok.Close : Tok.Other);
    this.pos++;
    switch (c) {
      case LPAREN:
      case LBRACKET:
      case LBRACE:
        if (c === LPAREN && this.level === this.paramLevel && this.paramStart)
          this.fail(at, 'SyntaxError', 'Python 2 tuple parameter (not Python 3: unpack inside the body)', true);
        this.token();
        if (c === LPAREN && this.defPending === this.level) {
          this.defPending = -1;
          this.paramLevel = this.level + 1;
          this.paramCloser = RPAREN;
          this.paramStart = true;
          this.paramNameNext = true;
          this.paramValue = false;
          if (this.level === 0) this.rules.parametersOpen();
        }
        if (++this.level >= MAX_LEVEL) this.fail(at, 'SyntaxError', 'too many nested parentheses');
        return;
      case RPAREN:
      case RBRACKET:
      case RBRACE:
        if (this.level > 0) this.level--;
        if (this.level + 1 === this.paramLevel && this.paramCloser === RPAREN) this.paramLevel = -1;
        this.token();
        return;
      case COLON:
        if (s.charCodeAt(this.pos) === EQ) {
          this.pos++;
          this.token();
          return;
        }
        if (this.level === this.exceptLevel) {
          this.exceptClause();
          this.exceptLevel = -1;
        }
        const lambdaColon = this.level === this.paramLevel && this.paramCloser === COLON;
        if (lambdaColon) this.paramLevel = -1;
        if (this.level === 0) {
          this.last = Last.Colon;
          this.statementStart = true;
          this.assigned = false;
          this.rules.colon(lambdaColon);
        } else {
          this.token();
          if (this.level === this.paramLevel) this.paramValue = true; // an annotation
        }
        return;
      case SEMI:
        this.last = Last.Other;
        this.assigned = false;
        if (this.level === 0) {
          this.statementStart = true;
          this.raiseLevel = -1;
          this.rules.statementEnd();
        }
        return;
      case COMMA:
        if (this.level === this.exceptLevel && this.exceptComma < 0) this.exceptComma = at;
        if (this.level === this.raiseLevel) this.fail(at, 'SyntaxError', 'Python 2 `raise E, V` (not Python 3: use `raise E(V)`)', true);
        this.token();
        if (this.level === this.paramLevel) {
          this.paramStart = true;
          this.paramNameNext = true;
          this.paramValue = false;
        }
        return;
      case LT:
        // (Even after `from __future__ import barry_as_FLUFL`: that spelling only works in the interactive
        // interpreter; a file holding `<>` does not compile.)
        if (s.charCodeAt(this.pos) === GT)
          this.fail(at, 'SyntaxError', 'Python 2 `<>` operator (not Python 3: use `!=`)', true);
        this.token();
        return;
      case BACKTICK:
        this.fail(at, 'SyntaxError', 'Python 2 backticks (not Python 3: use `repr()`)', true);
      case EQ: {
        // An assignment's `=` (not part of `==`, `!=`, `<=`, `>=`), for `x = yield` outside a function.
        const assignment = this.level === 0 && s.charCodeAt(this.pos) !== EQ && !COMPARISON_FIRST.has(s.charCodeAt(at - 1));
        this.token();
        if (this.level === this.paramLevel) this.paramValue = true; // a default
        this.assigned = assignment;
        return;
      }
      case STAR:
        // `def f(a, *, (b))`: a parameter may start after a bare `*` or `**` too.
        this.token();
        if (this.level === this.paramLevel) {
          this.paramStart = true;
          if (!this.paramValue) this.paramNameNext = true;
        }
        if (this.level === 0) this.rules.star();
        return;
      case AT:
        // A decorator line: the next line must be a `def`, a `class` or a decorator at the same indentation.
        if (this.last === Last.None && this.level === 0) this.decoratorLine = true;
        this.token();
        return;
      default:
        if (c < SPACE && c !== TAB && c !== FF && !isNewline(c))
          this.fail(at, 'SyntaxError', `invalid non-printable character U+${c.toString(16).toUpperCase().padStart(4, '0')}`);
        this.token();
    }
  }

  /**
   * The `__future__` rules, token by token (CPython's future.c and compile.c): a future import is allowed only
   * where every statement before it is the module's docstring or another future import (anything else, at
   * any depth, closes the door), and names only features Python knows.
   */
  private futureToken(tok: Tok): void {
    if (this.statementStart) {
      // The statement before ends here: a docstring candidate that held no string was something else.
      if (this.stmt === Stmt.DocOpen) this.futureOpen = false;
      this.stmtStart = this.pos;
      this.stmt = tok === Tok.From ? Stmt.From : this.statements === 0 && tok === Tok.PlainString ? Stmt.DocStrings : this.statements === 0 && tok === Tok.Open ? Stmt.DocOpen : Stmt.Other;
      this.statements++;
      if (this.stmt === Stmt.Other) this.futureOpen = false;
      return;
    }
    switch (this.stmt) {
      case Stmt.DocOpen:
        if (tok === Tok.PlainString) this.stmt = Stmt.DocStrings;
        else if (tok !== Tok.Open) this.stmt = Stmt.Other;
        break;
      case Stmt.DocStrings:
      case Stmt.DocClose:
        // `"doc" "more"`, `("doc")`; a string followed by anything else (`"a".join`, `"a" + b`, `("a")(b)`) is no docstring.
        if (tok === Tok.Close) this.stmt = Stmt.DocClose;
        else if (!(tok === Tok.PlainString && this.stmt === Stmt.DocStrings)) this.stmt = Stmt.Other;
        break;
      case Stmt.From:
        if (tok === Tok.FutureName) {
          this.stmt = Stmt.Future;
          this.futureImport();
        } else this.stmt = Stmt.Other;
        break;
    }
    if (this.stmt === Stmt.Other) this.futureOpen = false;
  }

  /** At `__future__` after a statement's `from`: is a future import allowed here, of known features? */
  private futureImport(): void {
    const at = this.stmtStart;
    // The imported names, up to the end of the statement: `import a, b as c` or `import (a,\n b)`.
    // (`from __future__.x import y` names another module.)
    const rest = /^(?:[ \t\f]|\\\r?\n|\\\r)*import\b/.exec(this.s.slice(this.pos, this.pos + 200));
    if (!rest) return;
    // Reported by the code generator, in the statements' order with `return` outside a function and the like.
    if (!this.futureOpen) return this.rules.compilerError(at, 'from __future__ imports must occur at the beginning of the file');
    let p = this.pos + rest[0].length;
    let depth = 0;
    const names: string[] = [];
    let expectName = true;
    while (p < this.n) {
      const c = this.s.charCodeAt(p);
      if (c === BACKSLASH) p = this.skipNewline(p + 1);
      else if (c === HASH) p = this.lineEnd(p);
      else if (isNewline(c)) {
        if (depth === 0) break;
        p = this.skipNewline(p);
      } else if (c === SEMI) break;
      else if (c === LPAREN) {
        depth++;
        p++;
      } else if (c === RPAREN) {
        if (--depth <= 0) break;
        p++;
      } else if (c === COMMA) {
        expectName = true;
        p++;
      } else if (c === STAR) {
        if (expectName) names.push('*');
        expectName = false;
        p++;
      } else if (isIdentStart(c)) {
        let q = p + 1;
        while (isIdentChar(this.s.charCodeAt(q))) q++;
        if (expectName) names.push(this.s.slice(p, q));
        expectName = false;
        p = q;
      } else p++;
    }
    for (const name of names) {
      if (name === 'braces') return this.futureBroken(at, 'not a chance');
      if (!FUTURE_FEATURES.has(name)) return this.futureBroken(at, `future feature ${name} is not defined`);
    }
  }

  private futureBroken(at: number, message: string): void {
    this.futureViolation ??= violation(at, 'SyntaxError', message);
  }

  /** At the `:` ending an `except` clause: was there a comma at its level? */
  private exceptClause(): void {
    if (this.exceptComma < 0) return;
    if (this.options.exceptWithoutParentheses && !this.exceptAs) return;
    if (this.exceptAs) this.fail(this.exceptComma, 'SyntaxError', 'multiple exception types must be parenthesized');
    this.fail(this.exceptComma, 'SyntaxError', 'Python 2 `except X, e:` (not Python 3: use `except X as e:`)', true);
  }

  /** A backslash outside strings: it must end its line. Returns the offset after the line break. */
  private continuation(at: number): number {
    const c = this.s.charCodeAt(at + 1);
    if (at + 1 >= this.n) return this.n;
    if (!isNewline(c)) this.fail(at, 'SyntaxError', 'unexpected character after line continuation character');
    return this.skipNewline(at + 1);
  }

  private skipNewline(at: number): number {
    return this.s.charCodeAt(at) === CR && this.s.charCodeAt(at + 1) === LF ? at + 2 : at + 1;
  }

  /** The offset of the line break ending the line that holds `from` (or the end of the input). */
  private lineEnd(from: number): number {
    const lf = this.s.indexOf('\n', from);
    const end = lf === -1 ? this.n : lf;
    if (!this.hasCR) return end;
    const cr = this.s.indexOf('\r', from);
    return cr !== -1 && cr < end ? cr : end;
  }

  // ---- numbers ---------------------------------------------------------------------------------------

  /** A number token starting at `start`; returns its end. Applies CPython's lexer rules. */
  private number(start: number): number {
    const s = this.s;
    let p = start;
    const c0 = s.charCodeAt(p);
    if (c0 === ZERO) {
      const radix = s.charCodeAt(p + 1) | 0x20;
      const kind = radix === 0x78 ? 'hexadecimal' : radix === 0x6f ? 'octal' : radix === 0x62 ? 'binary' : '';
      if (kind) {
        const isRadixDigit =
          kind === 'hexadecimal' ? (c: number) => isDigit(c) || ((c | 0x20) >= 97 && (c | 0x20) <= 102) : kind === 'octal' ? (c: number) => c >= ZERO && c <= 55 : (c: number) => c === ZERO || c === 49;
        p += 2;
        let digits = 0;
        for (;;) {
          let c = s.charCodeAt(p);
          if (c === UNDERSCORE) c = s.charCodeAt(++p);
          if (!isRadixDigit(c)) break;
          digits++;
          p++;
        }
        if (digits === 0 || s.charCodeAt(p - 1) === UNDERSCORE) this.fail(start, 'SyntaxError', `invalid ${kind} literal`);
        this.endOfNumber(p, kind, start);
        return p;
      }
    }
    let isFloat = false;
    let leadingZeros = false;
    if (c0 !== DOT) {
      p = this.digits(p, start);
      if (c0 === ZERO) for (let i = start; i < p; i++) if (s.charCodeAt(i) !== ZERO && s.charCodeAt(i) !== UNDERSCORE) leadingZeros = true;
    }
    if (s.charCodeAt(p) === DOT) {
      isFloat = true;
      p++;
      if (isDigit(s.charCodeAt(p))) p = this.digits(p, start);
    }
    const e = s.charCodeAt(p) | 0x20;
    if (e === 0x65) {
      let q = p + 1;
      const sign = s.charCodeAt(q) === 43 || s.charCodeAt(q) === 45;
      if (sign) q++;
      if (isDigit(s.charCodeAt(q))) {
        p = this.digits(q, start);
        isFloat = true;
      } else {
        if (sign) this.fail(start, 'SyntaxError', 'invalid decimal literal');
        // `1else`: the number ends before the `e` (CPython checks the word after it like any other).
        if (leadingZeros && !isFloat) this.leadingZeros(start);
        this.endOfNumber(p, 'decimal', start);
        return p;
      }
    }
    if ((s.charCodeAt(p) | 0x20) === 0x6a) {
      isFloat = true; // an imaginary literal: leading zeros are fine
      p++;
    }
    if (leadingZeros && !isFloat) this.leadingZeros(start);
    this.endOfNumber(p, 'decimal', start);
    return p;
  }

  private leadingZeros(start: number): never {
    this.fail(start, 'SyntaxError', 'Python 2 octal literal (not Python 3: leading zeros are not permitted; use an 0o prefix)', true);
  }

  /** digit (_? digit)*: an underscore must sit between digits. */
  private digits(from: number, start: number): number {
    const s = this.s;
    let p = from;
    for (;;) {
      while (isDigit(s.charCodeAt(p))) p++;
      if (s.charCodeAt(p) !== UNDERSCORE) return p;
      if (!isDigit(s.charCodeAt(p + 1))) this.fail(start, 'SyntaxError', 'invalid decimal literal');
      p++;
    }
  }

  /** CPython's verify_end_of_number: a number may run into a keyword (`1if x else 2`), not into a name. */
  private endOfNumber(p: number, kind: string, start: number): void {
    const s = this.s;
    const c = s.charCodeAt(p);
    if (!isIdentChar(c)) return;
    const next = s.slice(p, p + 4);
    if (/^(?:and|else|for|i[fns]|or|not)/.test(next)) return;
    if ((c === 0x4c || c === 0x6c) && !isIdentChar(s.charCodeAt(p + 1)))
      this.fail(start, 'SyntaxError', 'Python 2 long integer suffix `L` (not Python 3: drop it)', true);
    this.fail(start, 'SyntaxError', `invalid ${kind} literal`);
  }

  // ---- strings ---------------------------------------------------------------------------------------

  /** A string literal whose prefix starts at `start` and whose quote is at `quoteAt`; returns its end. */
  private string(start: number, quoteAt: number, prefix: string): number {
    const s = this.s;
    const q = s.charCodeAt(quoteAt);
    const triple = s.charCodeAt(quoteAt + 1) === q && s.charCodeAt(quoteAt + 2) === q;
    const raw = prefix.includes('r');
    const bodyStart = quoteAt + (triple ? 3 : 1);
    const end = prefix.includes('f') || prefix.includes('t') ? this.fString(bodyStart, q, triple, raw, start) : this.plainString(bodyStart, q, triple, start);
    if (prefix.includes('b')) {
      for (let i = bodyStart; i < end; i++)
        if (s.charCodeAt(i) >= 128) this.fail(i, 'SyntaxError', 'bytes can only contain ASCII literal characters');
    }
    return end;
  }

  private plainString(from: number, q: number, triple: boolean, start: number): number {
    const s = this.s;
    const n = this.n;
    let p = from;
    while (p < n) {
      const c = s.charCodeAt(p);
      if (c === q) {
        if (!triple) return p + 1;
        if (s.charCodeAt(p + 1) === q && s.charCodeAt(p + 2) === q) return p + 3;
        p++;
      } else if (c === BACKSLASH) {
        p = this.escaped(p);
      } else if (!triple && isNewline(c)) {
        this.fail(start, 'SyntaxError', 'unterminated string literal');
      } else p++;
    }
    this.fail(start, 'SyntaxError', triple ? 'unterminated triple-quoted string literal' : 'unterminated string literal');
  }

  /** After a backslash in a string: the escaped character is skipped (a CRLF line break whole). */
  private escaped(at: number): number {
    return this.s.charCodeAt(at + 1) === CR && this.s.charCodeAt(at + 2) === LF ? at + 3 : at + 2;
  }

  /**
   * An f-string (or t-string) body, with Python 3.12's rules (PEP 701), which accept everything 3.11 does:
   * replacement fields hold expressions that may contain strings with the same quote, brackets, nested
   * fields in the format spec. Expressions are checked like the rest of the code.
   */
  private fString(from: number, q: number, triple: boolean, raw: boolean, start: number): number {
    const s = this.s;
    const n = this.n;
    let p = from;
    while (p < n) {
      const c = s.charCodeAt(p);
      if (c === q) {
        if (!triple) return p + 1;
        if (s.charCodeAt(p + 1) === q && s.charCodeAt(p + 2) === q) return p + 3;
        p++;
      } else if (c === BACKSLASH) {
        const next = s.charCodeAt(p + 1);
        if (!raw && next === 0x4e && s.charCodeAt(p + 2) === LBRACE) {
          // \N{NAME}: the braces belong to the escape.
          const close = s.indexOf('}', p + 3);
          p = close === -1 ? n : close + 1;
        } else if (next === LBRACE) p++; // `\{`: the backslash is literal, the brace opens a field
        else p = this.escaped(p);
      } else if (!triple && isNewline(c)) {
        this.fail(start, 'SyntaxError', 'unterminated f-string literal');
      } else if (c === LBRACE) {
        if (s.charCodeAt(p + 1) === LBRACE) p += 2;
        else p = this.field(p + 1, q, triple, raw);
      } else if (c === RBRACE && s.charCodeAt(p + 1) === RBRACE) {
        p += 2;
      } else p++;
    }
    this.fail(start, 'SyntaxError', 'unterminated f-string literal');
  }

  /** A replacement field's expression, from after its `{` to after its `}`. */
  private field(from: number, q: number, triple: boolean, raw: boolean): number {
    const s = this.s;
    const n = this.n;
    let p = from;
    let depth = 0;
    while (p < n) {
      const c = s.charCodeAt(p);
      if (isIdentStart(c)) {
        const begin = p;
        p++;
        while (p < n && isIdentChar(s.charCodeAt(p))) p++;
        if (isQuote(s.charCodeAt(p))) {
          const prefix = s.slice(begin, p).toLowerCase();
          if (STRING_PREFIXES.has(prefix)) p = this.string(begin, p, prefix);
        }
      } else if (isQuote(c)) {
        // A closing quote of the f-string itself ends it here (an unterminated field: tree-sitter's to report).
        if (c === q && (!triple || (s.charCodeAt(p + 1) === q && s.charCodeAt(p + 2) === q))) return p;
        p = this.string(p, p, '');
      } else if (isDigit(c) || (c === DOT && isDigit(s.charCodeAt(p + 1)))) {
        p = this.number(p);
      } else if (c === LPAREN || c === LBRACKET || c === LBRACE) {
        depth++;
        p++;
      } else if (c === RPAREN || c === RBRACKET) {
        depth--;
        p++;
      } else if (c === RBRACE) {
        if (depth === 0) return p + 1;
        depth--;
        p++;
      } else if (c === COLON && depth === 0) {
        return this.formatSpec(p + 1, q, triple, raw);
      } else if (c === BANG && s.charCodeAt(p + 1) !== EQ) {
        p++; // a conversion: `!r`
      } else if (c === HASH) {
        p = this.lineEnd(p);
      } else if (c === BACKTICK) {
        this.fail(p, 'SyntaxError', 'Python 2 backticks (not Python 3: use `repr()`)', true);
      } else if (c === LT && s.charCodeAt(p + 1) === GT) {
        this.fail(p, 'SyntaxError', 'Python 2 `<>` operator (not Python 3: use `!=`)', true);
      } else p++;
    }
    return n;
  }

  /** A format spec: literal text with nested fields, up to and including the field's closing `}`. */
  private formatSpec(from: number, q: number, triple: boolean, raw: boolean): number {
    const s = this.s;
    const n = this.n;
    let p = from;
    while (p < n) {
      const c = s.charCodeAt(p);
      if (c === RBRACE) return p + 1;
      if (c === LBRACE) p = this.field(p + 1, q, triple, raw);
      else if (c === q) return p; // the f-string ends here: an unterminated field
      else if (c === BACKSLASH) {
        // A raw string keeps its backslashes, but one still stops a quote (or a backslash) from ending it.
        const next = s.charCodeAt(p + 1);
        p = raw && next !== q && next !== BACKSLASH && !isNewline(next) ? p + 1 : this.escaped(p);
      } else if (!triple && isNewline(c)) return p;
      else p++;
    }
    return n;
  }
}

/** The identifier s[start, start + length) is `word`. */
function isWord(s: string, start: number, length: number, word: string): boolean {
  return length === word.length && s.startsWith(word, start);
}

/** 1-based line of an offset (lone CR, LF and CRLF all end lines, as in Python). */
function lineNumber(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) line++;
  }
  return line;
}
