// The compiler's rules on statements, read from the token stream of the text checker (python-rules.ts), which
// already knows where each statement starts, its indentation block and its brackets:
//   - `return` outside a function, `break`/`continue` outside a loop (a loop's `else` is not in the loop), and
//     `yield`/`await` starting a statement or assigned (`x = yield`) where no (async) function encloses them;
//   - symbol-table rules: a duplicate parameter in a `def`, `nonlocal` at module level, `import *` anywhere but
//     the module level, a parameter declared `global`/`nonlocal` in its function's own body.
// Each block's kind comes from the header that opened it (`def`, `async def`, `class`, `for`/`while`, or any
// other compound statement, which inherits its enclosing block). The rules left to the tree walk
// (python-compile-rules.ts) are those a token stream cannot place: `yield` inside an async generator (a
// lambda's `yield` is the lambda's) and assignments to `__debug__`.
//
// Like CPython, the first symbol-table error wins over the first code-generation error, whatever their order.
import type { PythonRuleViolation } from './python-rules.js';

const enum Scope {
  Module,
  Class,
  Def,
  AsyncDef,
}

interface Block {
  readonly scope: Scope;
  readonly inLoop: boolean;
  /** The parameters of the function whose own body this is (a `def`'s body, and the blocks inside it). */
  readonly params?: ReadonlySet<string>;
}

/** What the first word of a logical line makes of the body after its `:`. */
const enum Header {
  None,
  /** Not a compound statement: its `:` is an annotation's or a lambda's. */
  Inherit,
  /** `if`, `with`, `try`, ...: the body is in the enclosing block. */
  Compound,
  /** `match` or `case`: soft keywords, which may also start an annotated name. */
  Soft,
  Def,
  AsyncDef,
  Class,
  Loop,
  /** `async`, waiting for `def`, `for` or `with`. */
  Async,
}

/** The statement being read, for the rules that need more than its first word. */
const enum Stmt {
  Other,
  /** `global a, b` / `nonlocal a, b`: its names. */
  Declaring,
  /** `from m`, before `import`. */
  From,
  /** `from m import`: a `*` next? */
  FromImport,
}

const MODULE: Block = { scope: Scope.Module, inLoop: false };

export class StatementRules {
  private readonly blocks: Block[] = [MODULE];
  /** The block of the statements being read (after a header's `:` on the same line, its body). */
  private current: Block = MODULE;
  private header = Header.None;
  private headerStart = 0;
  /**
   * After a `:` that starts no block (an annotation's, a lambda's): the rest of the statement is an
   * expression, where no word starts a statement (`x: await y` in a def compiles: a local variable's
   * annotation is never evaluated).
   */
  private inExpression = false;
  /** After a lambda's `:` (its body is an expression); the header's own `:` may still follow (`-> lambda: 0:`). */
  private inLambda = false;
  /** The body of this line's header, once its `:` has been read; the next, deeper line opens it. */
  private body: Block | undefined;
  private pending: Block | undefined;
  private params: Set<string> | undefined;
  private stmt = Stmt.Other;
  private stmtStart = 0;
  private declaration = '';
  private symtable: PythonRuleViolation | undefined;
  private compiler: PythonRuleViolation | undefined;

  constructor(private readonly s: string) {}

  /** The first rule broken (symbol-table rules first, as CPython checks them before generating code). */
  violation(): PythonRuleViolation | undefined {
    return this.symtable ?? this.compiler;
  }

  // ---- layout, from the text checker's indentation stack ----

  /** A deeper line: it opens the block of the header line before it. */
  indent(): void {
    this.blocks.push(this.pending ?? this.current);
  }

  dedent(): void {
    if (this.blocks.length > 1) this.blocks.pop();
  }

  /** A logical line starts (after indent/dedent). */
  lineStart(): void {
    this.current = this.blocks[this.blocks.length - 1]!;
    this.header = Header.None;
    this.body = undefined;
    this.params = undefined;
    this.statementEnd();
  }

  /**
   * A `:` at bracket level 0: the first one of a compound statement's header (not a lambda's) starts its
   * body; any other ends what can start a statement until the statement ends.
   */
  colon(lambda: boolean): void {
    if (lambda) {
      this.inLambda = true;
      return;
    }
    // `match`/`case` also start annotations (`match: int = 1`, `case.x: T`): their `:` is taken as one; a
    // one-line `case 1: return` goes unchecked (their blocks inherit the enclosing one either way).
    const header = this.header !== Header.None && this.header !== Header.Inherit && this.header !== Header.Soft && this.header !== Header.Async;
    if (this.body !== undefined || this.inExpression || !header) {
      this.inExpression = true;
      return;
    }
    this.inLambda = false;
    const outer = this.current;
    switch (this.header) {
      case Header.Def:
      case Header.AsyncDef:
        this.body = { scope: this.header === Header.Def ? Scope.Def : Scope.AsyncDef, inLoop: false, params: this.params };
        break;
      case Header.Class:
        this.body = { scope: Scope.Class, inLoop: false };
        break;
      case Header.Loop:
        this.body = outer.inLoop ? outer : { ...outer, inLoop: true };
        break;
      default:
        this.body = outer;
    }
    this.current = this.body;
    this.stmt = Stmt.Other;
  }

  /** The logical line ends; `header` when it ended with a `:` (the next line must be deeper). */
  lineEnd(header: boolean): void {
    this.pending = header ? (this.body ?? this.current) : undefined;
    this.statementEnd();
  }

  /** A `;` at bracket level 0 (and the end of a logical line). */
  statementEnd(): void {
    this.stmt = Stmt.Other;
    this.inExpression = false;
    this.inLambda = false;
  }

  // ---- tokens ----

  /**
   * A name at bracket level 0, `start`..`end`: `atStatement` when it starts a statement, `assigned` when an
   * assignment's `=` is right before it.
   */
  word(start: number, end: number, atStatement: boolean, assigned: boolean): void {
    const s = this.s;
    if (this.inExpression || this.inLambda) {
      // An annotation or a lambda's body: only an assigned value (`x: int = yield`) is the compiler's.
      if (assigned) this.valueWord(start, end);
      return;
    }
    if (this.header === Header.None && atStatement) {
      this.header = headerOf(s, start, end);
      this.headerStart = start;
    } else if (this.header === Header.Async && !atStatement) {
      this.header = is(s, start, end, 'def') ? Header.AsyncDef : is(s, start, end, 'for') ? Header.Loop : Header.Compound;
      if (this.header !== Header.AsyncDef && this.current.scope !== Scope.AsyncDef && (this.header === Header.Loop || is(s, start, end, 'with'))) {
        this.compilerError(this.headerStart, `'async ${s.slice(start, end)}' outside async function`);
      }
    }
    if (atStatement) {
      this.stmt = Stmt.Other;
      this.statementWord(start, end);
      return;
    }
    switch (this.stmt) {
      case Stmt.Declaring:
        if (this.current.params?.has(s.slice(start, end))) {
          this.symtableError(this.stmtStart, `name '${s.slice(start, end)}' is parameter and ${this.declaration}`);
        }
        return;
      case Stmt.From:
        if (is(s, start, end, 'import')) this.stmt = Stmt.FromImport;
        return;
    }
    if (assigned) this.valueWord(start, end);
  }

  private statementWord(start: number, end: number): void {
    const s = this.s;
    const { scope, inLoop } = this.current;
    switch (end - start) {
      case 4:
        if (is(s, start, end, 'from')) {
          this.stmt = Stmt.From;
          this.stmtStart = start;
        }
        return;
      case 5:
        if (is(s, start, end, 'break')) {
          if (!inLoop) this.compilerError(start, "'break' outside loop");
        } else this.valueWord(start, end);
        return;
      case 6:
        if (is(s, start, end, 'return')) {
          if (scope === Scope.Module || scope === Scope.Class) this.compilerError(start, "'return' outside function");
        } else if (is(s, start, end, 'global')) this.declaring(start, 'global');
        return;
      case 8:
        if (is(s, start, end, 'continue')) {
          if (!inLoop) this.compilerError(start, "'continue' not properly in loop");
        } else if (is(s, start, end, 'nonlocal')) {
          if (scope === Scope.Module) this.symtableError(start, 'nonlocal declaration not allowed at module level');
          this.declaring(start, 'nonlocal');
        }
        return;
    }
  }

  /** `yield` or `await` as a statement or an assigned value. */
  private valueWord(start: number, end: number): void {
    const s = this.s;
    const { scope } = this.current;
    if (scope === Scope.AsyncDef) return;
    if (is(s, start, end, 'yield')) {
      if (scope !== Scope.Def) this.compilerError(start, "'yield' outside function");
    } else if (is(s, start, end, 'await')) {
      this.compilerError(start, scope === Scope.Def ? "'await' outside async function" : "'await' outside function");
    }
  }

  private declaring(start: number, kind: string): void {
    this.stmt = Stmt.Declaring;
    this.stmtStart = start;
    this.declaration = kind;
  }

  /** A `*` at bracket level 0: `from m import *` outside the module level. */
  star(): void {
    if (this.stmt === Stmt.FromImport && this.current.scope !== Scope.Module) {
      this.symtableError(this.stmtStart, 'import * only allowed at module level');
    }
    this.stmt = Stmt.Other;
  }

  // ---- parameters of the `def` on this line ----

  /** The `(` of this line's `def`. */
  parametersOpen(): void {
    this.params = new Set();
  }

  /** A parameter's name, `start`..`end`. */
  parameter(start: number, end: number): void {
    if (!this.params) return;
    const name = this.s.slice(start, end);
    if (this.params.has(name)) this.symtableError(start, `duplicate argument '${name}' in function definition`);
    this.params.add(name);
  }

  private symtableError(offset: number, message: string): void {
    this.symtable ??= { offset, errorClass: 'SyntaxError', message, python2: false };
  }

  /** An error of CPython's code generator: the first in the text wins (misplaced `__future__` imports too). */
  compilerError(offset: number, message: string): void {
    this.compiler ??= { offset, errorClass: 'SyntaxError', message, python2: false };
  }
}

const COMPOUND = new Set(['if', 'elif', 'else', 'with', 'try', 'except', 'finally']);

function headerOf(s: string, start: number, end: number): Header {
  const word = s.slice(start, end);
  switch (word) {
    case 'def':
      return Header.Def;
    case 'class':
      return Header.Class;
    case 'for':
    case 'while':
      return Header.Loop;
    case 'async':
      return Header.Async;
    case 'match':
    case 'case':
      return Header.Soft;
    default:
      return COMPOUND.has(word) ? Header.Compound : Header.Inherit;
  }
}

function is(s: string, start: number, end: number, word: string): boolean {
  return end - start === word.length && s.startsWith(word, start);
}
