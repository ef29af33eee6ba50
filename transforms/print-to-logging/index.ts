// Transform `print-to-logging`: print() calls become logger calls that print the same text once the
// root logger prints bare messages. rewrite.ts writes the call; the conversion of arguments into one
// %-format and its arguments is shared with other transforms, in src/core/python/string-format/.
import type { Node } from 'web-tree-sitter';
import { defineTransform, type TransformContext } from '../../src/core/types.js';
import { rewritePrint, type RewriteEnv } from './rewrite.js';
import { wildcardImports } from '../../src/core/python/logger.js';
import { isStdlibModule } from '../../src/core/python/stdlib.js';

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
      'Rewrites calls of the builtin print() into calls of a module-level logger that print the same text. ' +
      'Positional arguments become %s placeholders; string literals (plain, raw, triple-quoted, implicitly ' +
      'concatenated) fold into the format string; f-strings and `"...".format(...)` on a literal split into ' +
      'placeholders and arguments (!r -> %r, `.2f` -> %.2f, `{x=}` keeps its `x=` text); `repr(x)` becomes %r; ' +
      '`"..." % (a, b)` hands its arguments to the logger; a literal `sep` is folded in; `*args` is joined. ' +
      'A `%` in the text is doubled only when the call has arguments. `file=sys.stderr` prints use the ' +
      '`stderr-level` method, other prints the `level` method; `flush=` is dropped. The module logger is ' +
      'reused (`X = logging.getLogger(...)`, also via `from logging import getLogger`); otherwise `import logging` ' +
      'is added in its sorted place and `logger = logging.getLogger(__name__)` after the top imports. Prints in ' +
      '`if __name__ == "__main__":` blocks and `__main__.py` files are left alone unless `include-main` is set. ' +
      'Left as they are, and reported with the reason: `end=` other than "\\n", another `file=`, a non-literal ' +
      '`sep`, `**kwargs`, comments that would be lost, a `print` that is not the builtin, Python 2 print statements.',
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
      'not shown and the others go to stderr. Arguments are still evaluated at the call, but str()/repr()/' +
      'formatting happens when a record is emitted, and an exception raised there is reported by logging ' +
      '("--- Logging error ---") instead of propagating. A field `{x}` is printed with str(x) where the f-string ' +
      'used format(x, ""); they differ only for types whose __format__ disagrees with __str__ (IntEnum before ' +
      'Python 3.11). A format spec is translated to printf only where the two agree for str, int and float ' +
      '(`.2f`, `05d`, `>8`, `x`); a type with its own __format__ (Decimal, datetime) given such a spec, or a bool ' +
      'given a width, can print differently. Specs with no printf form (`%Y-%m-%d`, `,`, `^10`) become ' +
      '`format(value, spec)`. A nested width or precision (`{x:>{w}}`) is evaluated before the value instead of ' +
      'after. `flush=` is dropped: handlers flush every record.',
  },
  options,
  transform(ctx) {
    if (!ctx.source.includes('print')) return; // the common case: nothing to look at
    const { statements, calls } = findPrints(ctx.source, ctx.root);
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

/**
 * The `print(...)` calls (the function is the identifier `print`) and Python 2 print statements, in
 * tree order. Both start with the word `print`, so the node at each occurrence of it in the text tells:
 * a few steps down the tree per occurrence instead of a walk over every node (most mentions of
 * `print` are in words, comments and strings).
 */
function findPrints(source: string, root: Node): { statements: Node[]; calls: Node[] } {
  const statements: Node[] = [];
  const calls: Node[] = [];
  for (let at = source.indexOf('print'); at >= 0; at = source.indexOf('print', at + 5)) {
    const node = root.descendantForIndex(at, at + 5);
    if (!node || node.startIndex !== at || node.endIndex !== at + 5) continue; // part of a longer token
    const parent = node.parent;
    if (!parent || parent.startIndex !== at) continue; // both begin with their `print`
    if (node.type === 'print' && parent.type === 'print_statement') statements.push(parent);
    else if (node.type === 'identifier' && parent.type === 'call' && parent.childForFieldName('function')?.id === node.id) calls.push(parent);
  }
  return { statements, calls };
}

type Ctx = TransformContext<{ level: string; 'stderr-level': string; 'include-main': boolean; 'logger-name': string }>;

function rewriteCalls(ctx: Ctx, calls: Node[]) {
  const includeMain = ctx.options['include-main'];
  const mainFile = /(^|[\\/])__main__\.py$/.test(ctx.path);
  let logger: ReturnType<Ctx['python']['ensureModuleLogger']> | undefined;
  let env: RewriteEnv | undefined;

  // No stdlib module exports a print, map, str, repr or format of its own (`from builtins import *`
  // binds the builtins themselves), so wildcard imports from the stdlib do not hide the builtins.
  const scope = ctx.python.scope;
  let stdlibWildcards: boolean | undefined;
  const wildcardsHideBuiltins = () =>
    scope.hasWildcardImport() &&
    !(stdlibWildcards ??= wildcardImports(scope).every((w) => isStdlibModule(w.module, ctx.settings.targetVersion)));
  const isBuiltin = (name: string, at: Node) => scope.resolve(name, at) === undefined && !wildcardsHideBuiltins();

  for (const call of calls) {
    if (!isBuiltin('print', call)) {
      ctx.skip(call, ctx.python.scope.hasWildcardImport() && !ctx.python.scope.resolve('print', call)
        ? 'a wildcard import (not from the standard library) may rebind `print`'
        : '`print` is not the builtin here (rebound by a def, an assignment, an import or a parameter)');
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
    logger ??= validName(ctx.options['logger-name'])
      ? ctx.python.ensureModuleLogger(ctx.options['logger-name'])
      : { ok: false, reason: `option logger-name \`${ctx.options['logger-name']}\` is not a Python identifier` };
    if (!logger.ok) {
      ctx.skip(call, logger.reason);
      continue;
    }
    // The module's logger must be what the name means here, and exist when this line runs.
    const bound = ctx.python.scope.resolve(logger.name, call);
    if (logger.existing ? bound?.node.id !== logger.existing.id : bound !== undefined) {
      ctx.skip(call, `\`${logger.name}\` means something else in this scope`);
      continue;
    }
    if (runsAtImport(call) && call.startIndex < logger.definedAt) {
      ctx.skip(call, 'runs at import time before the module logger is defined');
      continue;
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

/** The quote most of the file's one-line strings use (double on a tie, as formatters prefer). */
function preferredQuote(source: string, root: Node): string {
  let single = 0;
  let double = 0;
  for (const s of root.descendantsOfType('string_start')) {
    if (!s) continue;
    // Read from the source at the node's start (no `.text`, which asks the tree for the node's end):
    // the prefix letters, then one quote, or three for a triple-quoted string.
    let i = s.startIndex;
    while (/[a-zA-Z]/.test(source[i] ?? '')) i++;
    const q = source[i];
    if (q !== "'" && q !== '"') continue;
    if (source[i + 1] === q && source[i + 2] === q) continue;
    if (q === "'") single++;
    else double++;
  }
  return single > double ? "'" : '"';
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
