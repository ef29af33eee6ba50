// Transform `print-to-logging`: print() calls become logger calls that print the same text once the
// root logger prints bare messages. rewrite.ts writes the call; the conversion of arguments into one
// %-format and its arguments is shared with other transforms, in src/core/python/string-format/.
import { codeMatches } from '../../src/core/python/code-text.js';
import type { Node } from 'web-tree-sitter';
import { defineTransform, type TransformContext } from '../../src/core/types.js';
import { rewritePrint, type RewriteEnv } from './rewrite.js';
import { wildcardImports } from '../../src/core/python/logger.js';
import { isStdlibModule } from '../../src/core/python/stdlib.js';
import type { BindingKind } from '../../src/core/python/scope.js';
import { doctestShowing, streamCaptures, type Capture, type Stream } from './captures.js';
import { preferredQuote } from './preferred-quote.js';

const LEVELS = ['debug', 'info', 'warning', 'error', 'critical'] as const;

const options = {
  level: { type: 'string', default: 'info', choices: LEVELS, description: 'Logger method for prints to stdout (no `file=`, or `file=sys.stdout`)' },
  'stderr-level': { type: 'string', default: 'error', choices: LEVELS, description: 'Logger method for prints to `file=sys.stderr`' },
  'include-main': { type: 'boolean', default: false, description: 'Also rewrite prints in `if __name__ == "__main__":` blocks and in `__main__.py` files (user-facing output by default)' },
  'logger-name': { type: 'string', default: 'logger', description: 'Name of the module-level logger to add when the module has none' },
} as const;

export default defineTransform({
  id: 'print-to-logging',
  description: 'Replace print() calls with calls to a module-level logger, with lazy %-style arguments',
  docs: {
    whatItDoes:
      'Rewrites calls of the builtin print() (also spelled `builtins.print(...)`, or an alias from ' +
      '`from builtins import print as echo`) into calls of a module-level logger that print the same text. ' +
      'Positional arguments become %s placeholders; string literals (plain, raw, triple-quoted, implicitly ' +
      'concatenated) fold into the format string; f-strings and `"...".format(...)` on a literal split into ' +
      'placeholders and arguments (!r -> %r, `.2f` -> %.2f, `{x=}` keeps its `x=` text, `{x:=10}` is the spec ' +
      '`=10`); `repr(x)` becomes %r; `"..." % (a, b)` hands its arguments to the logger; a literal `sep` is folded ' +
      'in; `*args` is joined. A `%` in the text is doubled only when the call has arguments. `file=sys.stderr` ' +
      'prints use the `stderr-level` method, other prints the `level` method; `flush=` is dropped. The module ' +
      'logger is reused (`X = logging.getLogger(...)` at module level, bound nowhere else, also via `from logging ' +
      'import getLogger`) unless the module configures it; otherwise `import logging` is added in its sorted place ' +
      '(also when the only one is conditional: under `if TYPE_CHECKING:`, in a function) and `logger = ' +
      'logging.getLogger(__name__)` after the top imports. Prints in `if __name__ == "__main__":` blocks and ' +
      '`__main__.py` files are left alone unless `include-main` is set. Left as they are, and reported with the ' +
      'reason: `end=` other than "\\n", another `file=`, a non-literal `sep`, `**kwargs`, comments that would be ' +
      'lost; a `print` that is not the builtin where it is called (rebound by any binding form anywhere in the scope ' +
      'that owns the name, including `global print` in another function, comprehension variables and match ' +
      'captures; by a wildcard import from outside the standard library; or possibly at run time by exec, a ' +
      'globals()/sys.modules write, or a write to builtins such as `builtins.print = f` or ' +
      '`mock.patch("builtins.print")`); a logger name that means something else where the print is; output the ' +
      'module reads back (it captures or replaces the stream: redirect_stdout/redirect_stderr, test.support\'s ' +
      'captured_* helpers, `sys.stdout = ...`, `mock.patch("sys.stdout")`, pytest\'s capsys/capfd; it runs its ' +
      'doctests; a doctest example in the docstring shows what the function prints); a module that configures ' +
      'its logger or a possible parent (setLevel, disabled, propagate, handlers other than NullHandler, or handing ' +
      'it to other code), or calls logging.disable / logging.config / setLoggerClass, which could keep the records ' +
      'from printing; prints that could run before a reused logger defined further down exists; Python 2 print ' +
      'statements.',
    why:
      'Logging can be filtered by level, routed to files or services and formatted with time and origin; print ' +
      'cannot. Lazy %-style arguments are formatted only when a record is emitted (pylint W1203, Ruff G004).',
    example: {
      before: 'import sys\n\n\ndef run(n, path):\n    print("Processing", n, "items")\n    print(f"bad input: {path!r}", file=sys.stderr)\n',
      after:
        'import logging\nimport sys\n\nlogger = logging.getLogger(__name__)\n\n\ndef run(n, path):\n    logger.info("Processing %s items", n)\n    logger.error("bad input: %r", path)\n',
    },
    semantics:
      'The text is the same once the root logger prints bare messages (`logging.basicConfig(format="%(message)s", ' +
      'level=logging.DEBUG)`); where it goes changes: with no logging configuration, records below WARNING are ' +
      'not shown and the others go to stderr, and the program\'s logging configuration made outside the module ' +
      '(levels, handlers, filters, `propagate` or `disabled` set on this module\'s logger or a parent by other ' +
      'modules, logging.disable, and logging.config\'s dictConfig/fileConfig, which by default disable loggers ' +
      'created before they run) applies to the records. Output that code outside the module captures or ' +
      'redirects (another module\'s redirect_stdout, pytest\'s capsys in a test file, doctests kept in other ' +
      'files) no longer receives the text. A print replaced at run time by code the transform cannot read ' +
      '(another module assigning `builtins.print` or this module\'s `print`, exec of computed code inside a ' +
      'function) is no longer called. The module gains the names `logger` and `logging` (when it had no logger), ' +
      'which `from module import *` exports to importers when the module has no `__all__`. Arguments are still ' +
      'evaluated at the call, but str()/repr()/formatting happens when a record is emitted, and an exception ' +
      'raised there is reported by logging ("--- Logging error ---") instead of propagating. A field `{x}` is ' +
      'printed with str(x) where the f-string used format(x, ""); they differ only for types whose __format__ ' +
      'disagrees with __str__ (IntEnum before Python 3.11). A format spec is translated to printf only where the ' +
      'two agree for str, int and float (`.2f`, `05d`, `>8`, `x`); a type with its own __format__ (Decimal, ' +
      'datetime) given such a spec, or a bool given a width, can print differently. A nested width or precision ' +
      '(`{x:>{w}}`) is evaluated before the value instead of after. `flush=` is dropped: handlers flush every record.',
  },
  options,
  // Every call it rewrites or skips spells `print` in the code, however it is bound (`builtins.print`,
  // `from builtins import print as echo`).
  // What it decides at a print (the builtin? a logger to reuse? output the module reads back? user-facing?)
  // none of these changes: they edit no print, bind none of print, logger, logging, str, repr, format, map,
  // and capture no stream.
  unaffectedBy: ['mutable-defaults', 'open-with', 'modern-typing', 'logging-format', 'raise-from', 'group-imports', 'bare-except', 'return-annotations', 'future-annotations'],
  mayApply: (source) => source.includes('print') && codeMatches(source, /\bprint\b/g),
  transform(ctx) {
    if (!ctx.source.includes('print')) return; // the common case: nothing to look at
    const { statements, calls } = findPrints(ctx);
    for (const s of statements) ctx.skip(s, 'Python 2 print statement: not rewritten');
    if (calls.length === 0) return;
    // In Python 2 code `print("a", b)` prints a tuple: nothing in such a file is rewritten.
    if (statements.length > 0) {
      for (const c of calls) ctx.skip(c, 'the file has Python 2 print statements');
      return;
    }
    rewriteCalls(ctx, calls);
  },
});

type Ctx = TransformContext<{ level: string; 'stderr-level': string; 'include-main': boolean; 'logger-name': string }>;

/**
 * The calls of the builtin print in tree order, whatever they are spelled: `print(...)`,
 * `builtins.print(...)`, `echo(...)` after `from builtins import print as echo`; and Python 2 print
 * statements. The node at each occurrence of the word in the text tells: a few steps down the tree per
 * occurrence instead of a walk over every node (most mentions of `print` are in words, comments and strings).
 */
function findPrints(ctx: Ctx): { statements: Node[]; calls: Node[] } {
  const { source, root } = ctx;
  const statements: Node[] = [];
  const calls: Node[] = [];
  const words = new Set(['print']);
  if (source.includes('builtins')) {
    for (const [local, bindings] of ctx.python.scope.scopeOf(root).bindings)
      if (bindings.some((b) => b.kind === 'import' && b.qualifiedName === 'builtins.print')) words.add(local);
  }
  const seen = new Set<number>();
  for (const word of words) {
    for (const m of source.matchAll(new RegExp(`\\b${word}\\b`, 'g'))) {
      const at = m.index!;
      const node = root.descendantForIndex(at, at + word.length);
      if (!node || node.startIndex !== at || node.endIndex !== at + word.length) continue; // part of a longer token
      const parent = node.parent;
      if (!parent) continue;
      if (node.type === 'print' && parent.type === 'print_statement') {
        // `print >>f, x` (and `print >> f if c else g`) is a valid Python 3 expression, not a statement.
        if (parent.startIndex === at && parent.namedChild(0)?.type !== 'chevron') statements.push(parent);
        continue;
      }
      if (node.type !== 'identifier') continue;
      // print(...) / echo(...): the identifier is the callee.
      let callee: Node = node;
      // builtins.print(...): the attribute `print` of the builtins module.
      if (parent.type === 'attribute' && parent.childForFieldName('attribute')?.id === node.id) {
        if (word !== 'print' || ctx.python.scope.qualifiedName(parent) !== 'builtins.print') continue;
        callee = parent;
      }
      const call = callee.parent;
      if (call?.type === 'call' && call.childForFieldName('function')?.id === callee.id && !seen.has(call.id)) {
        seen.add(call.id);
        calls.push(call);
      }
    }
  }
  calls.sort((a, b) => a.startIndex - b.startIndex);
  return { statements, calls };
}

function rewriteCalls(ctx: Ctx, calls: Node[]) {
  const includeMain = ctx.options['include-main'];
  const mainFile = /(^|[\\/])__main__\.py$/.test(ctx.path);
  let logger: ReturnType<Ctx['python']['ensureModuleLogger']> | undefined;
  let env: RewriteEnv | undefined;
  let lateLogger: LateLogger | undefined;
  let captures: Map<Stream, Capture> | undefined;

  // No stdlib module exports a print, map, str, repr or format of its own (`from builtins import *`
  // binds the builtins themselves), so wildcard imports from the stdlib do not hide the builtins.
  const scope = ctx.python.scope;
  let stdlibWildcards: boolean | undefined;
  const wildcardsHideBuiltins = () =>
    scope.hasWildcardImport() &&
    !(stdlibWildcards ??= wildcardImports(scope).every((w) => isStdlibModule(w.module, ctx.settings.targetVersion)));
  // The builtin is meant when nothing binds the name where it is used (not even later, or in a function
  // declaring it global), or only `from builtins import name`; and no exec, globals() or builtins write
  // may replace it.
  const isBuiltin = (name: string, at: Node) =>
    scope.bindsOnlyTheBuiltin(name, at) && !wildcardsHideBuiltins() && scope.dynamicBindings(name).length === 0;

  for (const call of calls) {
    if (!isBuiltin('print', call)) {
      ctx.skip(call, notTheBuiltin(ctx, call));
      continue;
    }
    // Inside an f-string field our quotes could clash with the f-string's own (before Python 3.12).
    if (insideFString(call)) {
      ctx.skip(call, 'inside an f-string field');
      continue;
    }
    // A program's own user-facing output: left alone unless asked.
    if (!includeMain && mainFile) {
      ctx.skip(call, 'in a __main__.py file (user-facing output; set include-main to rewrite)');
      continue;
    }
    if (!includeMain && inMainBlock(call)) {
      ctx.skip(call, 'in an `if __name__ == "__main__":` block (user-facing output; set include-main to rewrite)');
      continue;
    }
    // Output the module reads back (captured, redirected, compared by its doctests) must stay output.
    captures ??= streamCaptures(ctx.source, ctx.root, scope);
    const stream = printStream(ctx, call);
    const capture = captures.get(stream);
    if (capture) {
      ctx.skip(call, `the module captures or replaces ${stream} (${capture.what}, line ${capture.node.startPosition.row + 1}): it may read back what print writes there`);
      continue;
    }
    const shown = stream === 'stdout' ? doctestShowing(call, ctx.root) : undefined;
    if (shown) {
      ctx.skip(call, `a doctest example shows what \`${shown.name}\` prints (line ${shown.node.startPosition.row + 1})`);
      continue;
    }
    logger ??= validName(ctx.options['logger-name'])
      ? ctx.python.ensureModuleLogger(ctx.options['logger-name'], { path: ctx.path })
      : { ok: false, reason: `option logger-name \`${ctx.options['logger-name']}\` is not a Python identifier` };
    if (!logger.ok) {
      ctx.skip(call, logger.reason);
      continue;
    }
    // The module's logger must be what the name means here (not a local, a comprehension variable, a
    // match capture, ...), and exist when this line runs.
    const sites = scope.bindingSites(logger.name, call);
    const meansTheLogger = logger.existing ? sites.length === 1 && sites[0]!.node.id === logger.existing.id : sites.length === 0;
    if (!meansTheLogger) {
      ctx.skip(call, `\`${logger.name}\` means something else in this scope`);
      continue;
    }
    if (runsAtImport(call) && call.startIndex < logger.definedAt) {
      ctx.skip(call, 'runs at import time before the module logger is defined');
      continue;
    }
    if (logger.existing) {
      lateLogger ??= new LateLogger(ctx, logger.existing, logger.definedAt);
      const early = lateLogger.mayRunEarly(call);
      if (early) {
        ctx.skip(call, `may run before \`${logger.name}\` is defined (line ${logger.existing.startPosition.row + 1}): ${early}`);
        continue;
      }
    }
    env ??= makeEnv(ctx, logger.name);
    // Builtins (format, map, str) are looked up where this call is.
    const result = rewritePrint({ ...env, isBuiltin: (name) => isBuiltin(name, call) }, call);
    if (!result.ok) {
      ctx.skip(call, result.reason);
      continue;
    }
    ctx.report({
      node: call,
      message: `print() -> ${result.text.slice(0, result.text.indexOf('('))}()`,
      fix: [...logger.edits, { start: call.startIndex, end: call.endIndex, text: result.text }],
    });
  }
}

/** The stream a print writes to: stderr for `file=sys.stderr`, else stdout (other files are refused later). */
function printStream(ctx: Ctx, call: Node): Stream {
  for (const arg of call.childForFieldName('arguments')?.namedChildren ?? []) {
    if (arg?.type !== 'keyword_argument' || arg.childForFieldName('name')?.text !== 'file') continue;
    const value = arg.childForFieldName('value');
    return value && ctx.python.qualifiedName(value) === 'sys.stderr' ? 'stderr' : 'stdout';
  }
  return 'stdout';
}

/** Why `print` at `call` is not the builtin, for the skip message. */
function notTheBuiltin(ctx: Ctx, call: Node): string {
  const scope = ctx.python.scope;
  const callee = call.childForFieldName('function')!;
  const name = callee.type === 'attribute' ? 'print' : callee.text;
  const sites = callee.type === 'attribute' ? [] : scope.bindingSites(name, call).filter((b) => !(b.kind === 'import' && b.qualifiedName === 'builtins.print'));
  if (sites.length > 0) {
    const b = sites[0]!;
    return `\`${name}\` is not the builtin here: bound by ${BINDING_WORDS[b.kind]} on line ${b.node.startPosition.row + 1}`;
  }
  const dynamic = scope.dynamicBindings('print')[0];
  if (dynamic) return `\`print\` may be replaced at run time by the code on line ${dynamic.node.startPosition.row + 1}`;
  return 'a wildcard import (not from the standard library) may rebind `print`';
}

const BINDING_WORDS: Record<BindingKind, string> = {
  import: 'an import',
  parameter: 'a parameter',
  assignment: 'an assignment',
  augmented: 'an augmented assignment',
  annotation: 'an annotation (a local of the function)',
  loop: 'a for-loop target',
  with: 'a with-statement target',
  except: 'an except clause',
  walrus: 'an assignment expression (:=)',
  match: 'a match-statement capture',
  function: 'a def',
  class: 'a class',
  'type-parameter': 'a type parameter',
  'type-alias': 'a type alias',
  comprehension: 'a comprehension variable',
  del: 'a del statement',
  other: 'a binding',
};

/**
 * A reused logger defined below module-level code: a print in a function defined above it runs before
 * the logger exists if that code can call the function (it names it, or decorates it).
 */
class LateLogger {
  private readonly early = new Map<number, string | undefined>();

  constructor(
    private readonly ctx: Ctx,
    private readonly existing: Node,
    private readonly definedAt: number,
  ) {}

  /** Why the function holding `call` may run before the logger is defined, or undefined. */
  mayRunEarly(call: Node): string | undefined {
    let top: Node = call;
    while (top.parent && top.parent.type !== 'module') top = top.parent;
    if (top.startIndex >= this.definedAt) return undefined; // defined after the logger
    if (!this.early.has(top.id)) this.early.set(top.id, this.judge(top));
    return this.early.get(top.id);
  }

  private judge(top: Node): string | undefined {
    if (top.type === 'decorated_definition') return 'its decorator runs it or keeps it before then';
    const def = top.type === 'function_definition' || top.type === 'class_definition' ? top : null;
    if (!def) return 'the statement around it runs before then';
    const name = def.childForFieldName('name')?.text;
    if (!name) return undefined;
    const word = new RegExp(`\\b${name}\\b`);
    for (const stmt of this.ctx.root.namedChildren) {
      if (!stmt || stmt.startIndex <= top.startIndex || stmt.startIndex >= this.definedAt) continue;
      if (stmt.type !== 'comment' && word.test(stmt.text)) return `\`${name}\` is used on line ${stmt.startPosition.row + 1}`;
    }
    return undefined;
  }
}

function makeEnv(ctx: Ctx, loggerName: string): RewriteEnv {
  let quote: string | undefined;
  return {
    source: ctx.source,
    isBuiltin: (name) => ctx.python.isBuiltin(name, ctx.root),
    // Only through an import: a `sys` that is not imported would raise NameError, not print.
    qualifiedName: (e) => {
      let head: Node | null = e;
      while (head?.type === 'attribute') head = head.childForFieldName('object');
      const imported = head?.type === 'identifier' && ctx.python.scope.resolve(head.text, head)?.kind === 'import';
      return imported ? ctx.python.qualifiedName(e) : undefined;
    },
    stdoutMethod: ctx.options.level,
    stderrMethod: ctx.options['stderr-level'],
    loggerName,
    // Needed only by calls with no literal of their own: counted on first use.
    defaultQuote: () => (quote ??= preferredQuote(ctx.source, ctx.root)),
    indentUnit: ctx.python.indentUnit,
    lineLength: ctx.settings.lineLength,
  };
}

const KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' '),
);

function validName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !KEYWORDS.has(name);
}

const MAIN_TEST = /^\(*\s*(__name__\s*==\s*(['"])__main__\2|(['"])__main__\3\s*==\s*__name__)\s*\)*$/;

/** Inside the body of a module-level `if __name__ == "__main__":`. */
function inMainBlock(node: Node): boolean {
  for (let child: Node = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (parent.type !== 'if_statement' || parent.parent?.type !== 'module') continue;
    const condition = parent.childForFieldName('condition');
    if (condition && MAIN_TEST.test(condition.text) && child.id === parent.childForFieldName('consequence')?.id) return true;
  }
  return false;
}

function insideFString(node: Node): boolean {
  for (let p = node.parent; p; p = p.parent) if (p.type === 'interpolation') return true;
  return false;
}

/** Runs while the module is imported: not inside the body of a def or lambda. */
function runsAtImport(node: Node): boolean {
  for (let child: Node = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if ((parent.type === 'function_definition' || parent.type === 'lambda') && child.id === parent.childForFieldName('body')?.id) return false;
  }
  return true;
}
