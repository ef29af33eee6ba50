// Transform `logging-format`: messages of standard-library logging calls built by an f-string,
// `str.format`, `%` or `+` become lazy %-format strings with arguments that render the same text
// (G001-G004); `.warn(` becomes `.warning(` (G010). The parts: loggers.ts (is the receiver a stdlib
// logger?), message.ts (the message -> format and arguments, shared with print-to-logging).
import { codeText } from '../../src/core/python/code-text.js';
import type { Node } from 'web-tree-sitter';
import { defineTransform, type Edit, type OptionValues, type TransformContext } from '../../src/core/types.js';
import { builtinAt } from '../../src/core/python/builtin-names.js';
import { fillIndent } from '../../src/core/python/string-format/literal.js';
import { isExtra } from '../../src/core/python/string-format/pieces.js';
import { LoggerResolver } from './loggers.js';
import { convertMessage, messageKind, type MessageEnv } from './message.js';

const options = {
  'logger-objects': {
    type: 'string[]',
    default: [] as string[],
    description:
      'Qualified names of objects known to be standard-library loggers that this file imports (e.g. "myapp.log.logger"), as Ruff\'s `logger-objects`',
  },
  'assume-logger-names': {
    type: 'boolean',
    default: false,
    description:
      'Also take for a standard-library logger a receiver the file cannot prove anything about (a parameter, an attribute set in a base class, an undefined name) when its name looks like one (starts with `log`, ends with `logger`), as Ruff\'s G rules do',
  },
} as const;

type Ctx = TransformContext<OptionValues<typeof options>>;

const LEVEL_METHODS = new Set(['debug', 'info', 'warning', 'warn', 'error', 'exception', 'critical', 'fatal']);
const CANDIDATE = /\.[ \t]*(debug|info|warning|warn|error|exception|critical|fatal|log)[ \t]*\(/g;

export default defineTransform({
  id: 'logging-format',
  description: 'Lazy %-style arguments in logging calls instead of f-strings, str.format, % and + (G001-G004), and .warning for .warn (G010)',
  docs: {
    whatItDoes:
      'In calls on standard-library loggers (`logging.getLogger(...)` results bound to a variable, a class attribute or ' +
      '`self.<attr>` assigned only loggers in the class, `logging.LoggerAdapter(<logger>, ...)`, `getLogger(...).getChild(...)`, ' +
      'the `logging.<level>()` functions, and names listed in `logger-objects`), a message built by an f-string, ' +
      '`"...".format(...)`, `"..." % args` or a `+` concatenation becomes a %-format literal plus arguments that render the ' +
      'same text: `logger.info(f"got {n} items in {t:.2f}s")` -> `logger.info("got %s items in %.2fs", n, t)`. Conversions ' +
      '(`!r` -> `%r`), printf-compatible specs (`.2f`, `>8`, `05d`, `x`), `{x=}` and nested widths are translated exactly; ' +
      'other specs become `format(value, spec)` arguments. A literal `%` in the text is doubled. `.warn(` becomes `.warning(`. ' +
      '`exc_info=`, `stack_info=`, `stacklevel=`, `extra=` and every other keyword are kept. Left alone and reported: ' +
      'receivers that look like loggers but cannot be proven to be standard-library loggers from the file (loguru, ' +
      'structlog and other libraries format differently; a parameter; a name that may be rebound, also by exec, a globals() ' +
      'write or a star import that may export it (below the assignment; above it, only for code that runs before the ' +
      'assignment); an attribute that may come from a base class, that the class also defines with a def (a property), or ' +
      'that the file also sets outside the class to something else: a subclass attribute or def, `obj.attr = ...`, ' +
      'setattr or object.__setattr__ naming it, setattr with a computed name), messages that already have arguments, `*args`/`**kwargs` in the call, `%` with an operand ' +
      'that may be a tuple, a `+` chain whose first operand is not known to be a str, comments that would be lost, and ' +
      'calls inside f-string fields. Option `assume-logger-names` also takes a receiver that nothing in the file ' +
      'explains (a parameter, `self.log` set in a base class) for a stdlib logger when it is named like one, as Ruff does.',
    why:
      'Logging formats the message only when a record is emitted: with %-style arguments a disabled level costs nothing, ' +
      'aggregators (Sentry, structured handlers) group records by their format string, and a failing `__str__` is ' +
      'reported by logging instead of raising in your code (pylint W1201-W1203, Ruff G001-G004). `Logger.warn` is ' +
      'deprecated and was removed in Python 3.13 (G010).',
    example: {
      before: 'import logging\n\nlogger = logging.getLogger(__name__)\n\n\ndef handle(item, e):\n    logger.error(f"Failed processing {item}: {e}")\n    logger.warn("retrying " + item.name)\n',
      after: 'import logging\n\nlogger = logging.getLogger(__name__)\n\n\ndef handle(item, e):\n    logger.error("Failed processing %s: %s", item, e)\n    logger.warning("retrying %s", item.name)\n',
    },
    semantics:
      'The record\'s message (`record.getMessage()`) is the same text; what changes is when and whether it is built. ' +
      'Arguments are still evaluated at the call, but their str()/repr()/formatting happens when a record is emitted: never, ' +
      'for a level that is disabled (so a `__str__`/`__format__` with side effects no longer runs), later for a value mutated ' +
      'between the call and the emit (a QueueHandler formats at once), and an exception raised there is reported by ' +
      'logging ("--- Logging error ---") instead of propagating from the call. `record.msg` and `record.args` are now ' +
      'the format and its arguments (filters and handlers that read them, Sentry\'s grouping, see the difference). A field ' +
      '`{x}` is rendered with str(x) where the f-string used format(x, ""); they differ only for types whose __format__ ' +
      'disagrees with __str__ (IntEnum before Python 3.11). A spec is translated to printf only where the two agree for ' +
      'str, int and float; a type with its own __format__ (Decimal, datetime) given such a spec, or a bool given a width, ' +
      'can render differently; a value the f-string could not format raised at the call, and now either renders (`%d` ' +
      'truncates a float where `{x:d}` raised) or is reported by logging. A nested width or precision (`{x:>{w}}`) is evaluated before the value instead of after. ' +
      'In a `+` ' +
      'concatenation, a later operand that is not a str raised TypeError (or ran its `__radd__`); it is now rendered with ' +
      'str(). `.warn()` -> `.warning()`: the same method without the DeprecationWarning. A logger class installed with ' +
      '`logging.setLoggerClass`, a record factory (`setLogRecordFactory`), or a subclass that replaces `self.<attr>` with ' +
      'a logger of another library can format messages differently: the transform proves only what the file shows ' +
      '(with `assume-logger-names`, it also trusts names: a receiver named like a logger that is not a stdlib logger ' +
      'would get a %-format message it may not understand).',
  },
  options,
  // print-to-logging's logger calls already hand their arguments lazily; the others write no logging call.
  unaffectedBy: ['print-to-logging', 'mutable-defaults', 'open-with', 'modern-typing', 'raise-from', 'group-imports', 'bare-except', 'return-annotations', 'future-annotations'],
  mayApply: mayHaveWork,
  transform(ctx) {
    if (!ctx.source.includes('log')) return;
    const calls = candidateCalls(ctx);
    if (calls.length === 0) return;
    // A custom logger class or record factory may format messages its own way.
    if (/\bset(LoggerClass|LogRecordFactory)\b/.test(ctx.source)) {
      for (const c of calls) if (messageOf(c.call, c.method) && messageKind(ctx.source, messageOf(c.call, c.method)!)) ctx.skip(c.call, 'the module installs a custom logger class or record factory');
      return;
    }
    const resolver = new LoggerResolver(ctx.source, ctx.root, ctx.python.scope, new Set(ctx.options['logger-objects']), ctx.options['assume-logger-names']);
    let env: MessageEnv | undefined;
    for (const { call, method, methodNode, receiver } of calls) {
      // What the call's text says first (most logging calls are fine already): no scope work for those.
      const message = messageOf(call, method);
      const kind = message ? messageKind(ctx.source, message) : null;
      const warn = method === 'warn';
      if (!kind && !warn) continue;
      const verdict = resolver.receiver(receiver);
      if (verdict.kind === 'not-a-logger') continue;
      if (verdict.kind === 'module' && !LEVEL_METHODS.has(method) && method !== 'log') continue;
      if (verdict.kind === 'unknown') {
        ctx.skip(call, verdict.reason);
        continue;
      }
      const edits: Edit[] = [];
      const what: string[] = [];
      if (warn) {
        edits.push({ start: methodNode.startIndex, end: methodNode.endIndex, text: 'warning' });
        what.push('.warn() -> .warning()');
      }
      if (kind && message) {
        env ??= makeEnv(ctx);
        const problem = callProblem(call, message);
        const converted = problem ? null : convertMessage({ ...env, isBuiltin: (name) => builtinAt(ctx.python.scope, name, call, ctx.settings.targetVersion).builtin }, message);
        if (problem || !converted || !converted.ok) {
          const reason = problem ?? (converted && !converted.ok ? converted.reason : 'the message cannot be converted');
          if (edits.length === 0) {
            ctx.skip(call, `${describe(kind)} message: ${reason}`);
            continue;
          }
          ctx.skip(call, `${describe(kind)} message: ${reason} (only .warn -> .warning applied)`);
        } else if (hasStrayComments(message, converted.copied)) {
          ctx.skip(call, `${describe(kind)} message: comments inside it cannot be kept`);
          if (edits.length === 0) continue;
        } else {
          const column = [...ctx.source.slice(ctx.source.lastIndexOf('\n', message.startIndex - 1) + 1, message.startIndex)].length;
          const format = fillIndent(converted.format, ' '.repeat(column));
          edits.push({ start: message.startIndex, end: message.endIndex, text: [format, ...converted.args].join(', ') });
          what.push(`${describe(kind)} message -> lazy %-format`);
        }
      }
      ctx.report({ node: call, message: what.join('; '), fix: edits });
    }
  },
});

/**
 * From the text: a `.<level>(` call whose first argument holds what a message to convert needs (an
 * f-string prefix, `%`, `+` or `.format`), or a `.warn(` / `.log(` call. Every call the transform rewrites
 * or skips is one of them (a skip needs a message it would convert, and the message is the first
 * argument: positional arguments come before keywords, and a `*args` first means no message). Arguments
 * after the message do not count: `logger.info("%d items", n + 1)`, as print-to-logging writes them,
 * holds nothing to do.
 */
function mayHaveWork(source: string): boolean {
  if (!source.includes('log')) return false;
  const code = codeText(source);
  if (code === undefined) return true;
  for (const m of code.matches(CANDIDATE)) {
    if (m[1] === 'warn' || m[1] === 'log') return true;
    const open = m.index + m[0].length - 1;
    const end = code.firstArgumentEnd(open);
    if (code.has(/[%+]|\bformat\b/g, open, end) || F_STRING_START.test(source.slice(open, end))) return true;
  }
  return false;
}

const F_STRING_START = /(?<![\w])[rRbBuU]?[fFtT][rR]?['"]/;

interface Candidate {
  call: Node;
  method: string;
  methodNode: Node;
  receiver: Node;
}

/** `<receiver>.<level>(...)` calls, found from the text: the method name and its parenthesis. */
function candidateCalls(ctx: Ctx): Candidate[] {
  const found: Candidate[] = [];
  for (const m of ctx.source.matchAll(CANDIDATE)) {
    const at = m.index + m[0].indexOf(m[1]!);
    const methodNode = ctx.root.descendantForIndex(at, at + m[1]!.length);
    const attribute = methodNode?.parent;
    const call = attribute?.parent;
    if (methodNode?.type !== 'identifier' || attribute?.type !== 'attribute' || call?.type !== 'call') continue;
    if (attribute.childForFieldName('attribute')?.id !== methodNode.id || call.childForFieldName('function')?.id !== attribute.id) continue;
    const receiver = attribute.childForFieldName('object');
    if (!receiver || insideFString(call)) continue;
    found.push({ call, method: m[1]!, methodNode, receiver });
  }
  return found;
}

/** The message argument: the first positional one (the second for `.log(level, msg)`). */
function messageOf(call: Node, method: string): Node | null {
  const args = call.childForFieldName('arguments');
  if (args?.type !== 'argument_list') return null;
  const positional = args.namedChildren.filter((c): c is Node => !!c && !isExtra(c) && c.type !== 'keyword_argument' && c.type !== 'dictionary_splat');
  const index = method === 'log' ? 1 : 0;
  const msg = positional[index];
  if (!msg || positional.slice(0, index + 1).some((p) => p.type === 'list_splat')) return null;
  return msg;
}

/** Why the call's other arguments make a conversion unsafe. */
function callProblem(call: Node, message: Node): string | null {
  const args = call.childForFieldName('arguments')!;
  const rest = args.namedChildren.filter((c): c is Node => !!c && !isExtra(c) && c.startIndex > message.startIndex);
  if (rest.some((c) => c.type === 'list_splat')) return '`*args` in the call: its arguments are unknown';
  if (rest.some((c) => c.type === 'dictionary_splat')) return '`**kwargs` in the call may hold `args` for the message';
  if (rest.some((c) => c.type !== 'keyword_argument')) return 'the message already has arguments';
  return null;
}

function describe(kind: string): string {
  return kind === 'format' ? 'str.format' : kind === 'percent' ? '%-formatted' : kind === 'concat' ? 'concatenated' : 'f-string';
}

function hasStrayComments(message: Node, copied: { start: number; end: number }[]): boolean {
  return message.descendantsOfType('comment').some((c) => c && !copied.some((r) => c.startIndex >= r.start && c.endIndex <= r.end));
}

function insideFString(node: Node): boolean {
  for (let p = node.parent; p; p = p.parent) if (p.type === 'interpolation') return true;
  return false;
}

function makeEnv(ctx: Ctx): MessageEnv {
  let quote: string | undefined;
  return {
    source: ctx.source,
    isBuiltin: (name) => builtinAt(ctx.python.scope, name, ctx.root, ctx.settings.targetVersion).builtin,
    defaultQuote: () => (quote ??= /"/.test(ctx.source) || !/'/.test(ctx.source) ? '"' : "'"),
  };
}
