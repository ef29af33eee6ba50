// "This module needs a module-level logger": reuse the one it has, or describe the edits that add
// `import logging` (at its sorted place) and `logger = logging.getLogger(__name__)` after the top imports,
// with the blank lines a formatter (black, ruff) would leave.
import type { Node } from 'web-tree-sitter';
import type { Edit } from '../types.js';
import type { Binding, ScopeModel } from './scope.js';
import { ensureImport, isUnconditionalImport, type ImportRequestContext } from './imports.js';
import { docstringOf } from './docstring.js';
import { isStdlibModule } from './stdlib.js';
import { referencesIn, variableScope } from './references.js';
import { lineEndOf } from '../text.js';

export type LoggerRequest =
  | {
      ok: true;
      name: string;
      edits: Edit[];
      /** Offset (in the current source) from which module-level code may use the logger. */
      definedAt: number;
      /** The binding statement's name node of a reused logger; undefined for a new one. */
      existing?: Node;
    }
  | { ok: false; reason: string };

const DEF_TYPES = new Set(['function_definition', 'class_definition', 'decorated_definition']);

export interface LoggerOptions {
  /** The file's path: a logger configured under a literal name (`getLogger("app")`) can be this module's
   *  logger or its parent only when that name's parts appear in the path. Without it, any name can. */
  path?: string;
}

/** A module-level `name = getLogger(...)` (annotated or not) whose name is bound nowhere else. */
interface FoundLogger {
  name: Node;
  statement: Node;
  key: LoggerKey;
}

function moduleLoggers(ctx: ImportRequestContext, setup: LoggingSetup): FoundLogger[] {
  const found: FoundLogger[] = [];
  for (const stmt of ctx.root.namedChildren) {
    if (stmt?.type !== 'expression_statement') continue;
    const assign = stmt.namedChild(0);
    if (assign?.type !== 'assignment') continue;
    const left = assign.childForFieldName('left');
    const right = assign.childForFieldName('right');
    if (left?.type !== 'identifier' || right?.type !== 'call') continue;
    const fn = right.childForFieldName('function');
    if (!fn || ctx.scope.qualifiedName(fn) !== 'logging.getLogger') continue;
    // Rebound anywhere (a later assignment, `del`, a function declaring it global, exec): not safe to reuse.
    if (ctx.scope.moduleRebindings(left.text).length !== 1 || ctx.scope.dynamicBindings(left.text).length > 0) continue;
    found.push({ name: left, statement: stmt, key: loggerKey(right) });
  }
  return found;
}

export function ensureModuleLogger(ctx: ImportRequestContext, preferredName: string, options: LoggerOptions = {}): LoggerRequest {
  const setup = loggingSetup(ctx);
  if (setup.global) {
    return { ok: false, reason: `the module calls ${setup.global.what} (line ${line(setup.global.node)}), which can keep log records from printing` };
  }
  const path = options.path === undefined ? undefined : modulePathParts(options.path);
  // A logger the module configures (its own or, through another name or a parent name, the same one)
  // may not print what print() did: never reused, and a new logger must not be that logger either.
  const configuredAs = (key: LoggerKey) => setup.configured.find((c) => mayBeAncestorOrSelf(c.key, key, path));
  const usable = (l: FoundLogger) => !setup.configured.some((c) => c.binding?.id === l.name.id) && !configuredAs(l.key);
  const loggers = moduleLoggers(ctx, setup);
  const preferred = loggers.find((l) => l.name.text === preferredName);
  const reuse = [preferred, loggers.find((l) => l.key.kind === 'module')].find((l) => l && usable(l));
  if (reuse) return { ok: true, name: reuse.name.text, edits: [], definedAt: reuse.statement.endIndex, existing: reuse.name };

  const conflict = configuredAs({ kind: 'module' });
  if (conflict) {
    return {
      ok: false,
      reason: `the module configures the logger ${conflict.describe} (${conflict.what}, line ${line(conflict.node)}), which may be this module's logger or its parent: its records might not print`,
    };
  }
  if (preferred) {
    const how = setup.configured.find((c) => c.binding?.id === preferred.name.id) ?? configuredAs(preferred.key);
    return { ok: false, reason: `\`${preferredName}\` is a logger the module configures (${how?.what ?? 'configured'}, line ${line(how?.node ?? preferred.statement)}): it would not print as print() did` };
  }
  if (ctx.scope.moduleRebindings(preferredName).length > 0)
    return { ok: false, reason: `the name \`${preferredName}\` is already bound at module level to something that is not a logger` };
  const dynamic = ctx.scope.dynamicBindings(preferredName).find((d) => d.namespace === 'module');
  if (dynamic) return { ok: false, reason: `\`${preferredName}\` may be bound at run time by the code on line ${line(dynamic.node)}` };
  const nl = ctx.lineEnding;
  const src = ctx.source;
  const region = importRegion(ctx.root);
  const regionEnd = region.length > 0 ? lineEndOf(src, region[region.length - 1]!.endIndex) : undefined;
  // A wildcard import could bind the names we add. A stdlib one at the top is safe as long as the
  // module never uses those names itself (then our bindings cannot change what its code means).
  if (ctx.scope.hasWildcardImport()) {
    const wildcards = wildcardImports(ctx.scope);
    const safe =
      wildcards.every((w) => isStdlibModule(w.module, ctx.targetVersion) && regionEnd !== undefined && w.node.endIndex <= regionEnd) &&
      !referencesName(ctx, preferredName) &&
      (ctx.scope.moduleBindings('logging').length > 0 || !referencesName(ctx, 'logging'));
    if (!safe) return { ok: false, reason: `a wildcard import may bind \`${preferredName}\` or \`logging\`` };
  }
  // Code that already reads the name as a global nothing in the module binds expects something else there
  // (set from outside, or a builtin): a module-level binding would hide it.
  const hidden = (name: string): LoggerRequest | undefined => {
    const read = unboundRead(ctx, name);
    return read && { ok: false, reason: `the module reads \`${name}\` on line ${line(read)} without binding it: a module-level \`${name}\` would change what that code sees` };
  };
  const loggerHides = hidden(preferredName);
  if (loggerHides) return loggerHides;
  // Only an import that surely ran before the logger line counts: a statement of the module's own top
  // level, in the import region. One under `if TYPE_CHECKING:`, in a `try:` or in a function may not have.
  const importedInRegion = (bindings: Binding[]) =>
    regionEnd !== undefined && bindings.some((b) => b.node.endIndex <= regionEnd && isUnconditionalImport(b.node));

  // A module that already has `from logging import getLogger` at the top uses it.
  const getLoggerBindings = ctx.scope.moduleRebindings('getLogger');
  const fromLogging = getLoggerBindings.every((b) => b.kind === 'import' && b.qualifiedName === 'logging.getLogger');
  if (getLoggerBindings.length > 0 && fromLogging && importedInRegion(getLoggerBindings)) {
    const text = `${breakAt(ctx, regionEnd!)}${nl}${preferredName} = getLogger(__name__)${nl}${blankLinesBefore(ctx, regionEnd!, nl)}`;
    return { ok: true, name: preferredName, definedAt: regionEnd!, edits: [{ start: regionEnd!, end: regionEnd!, text }] };
  }

  const loggingBindings = ctx.scope.moduleBindings('logging');
  if (loggingBindings.some((b) => b.kind !== 'import' || b.qualifiedName !== 'logging'))
    return { ok: false, reason: 'the name `logging` is bound at module level to something other than the logging module' };
  const line_ = `${preferredName} = logging.getLogger(__name__)`;

  // `import logging` must run before the logger line: an import further down does not count, and one
  // that may not have run (TYPE_CHECKING, try, conditional) gets an unconditional one beside it.
  const imported = loggingBindings.some((b) => isUnconditionalImport(b.node));
  if (imported && !importedInRegion(loggingBindings))
    return { ok: false, reason: '`logging` is imported only after module-level code; the logger cannot be placed before its uses' };

  const loggingHides = imported || loggingBindings.length > 0 ? undefined : hidden('logging');
  if (loggingHides) return loggingHides;
  if (regionEnd !== undefined) {
    const importEdits = imported ? [] : importLogging(ctx, region, regionEnd);
    const text = `${breakAt(ctx, regionEnd)}${nl}${line_}${nl}${blankLinesBefore(ctx, regionEnd, nl)}`;
    return { ok: true, name: preferredName, definedAt: regionEnd, edits: merge(importEdits, { start: regionEnd, end: regionEnd, text }) };
  }
  // No imports at the top: both lines go where the first import would.
  const first = topImport(ctx, false);
  const text = `${first.text}${nl}${line_}${nl}${blankLinesBefore(ctx, first.start, nl)}`;
  return { ok: true, name: preferredName, definedAt: first.start, edits: [{ start: first.start, end: first.start, text }] };
}

/** A read of `name` that resolves to no binding in the module (a global set from outside, or a builtin). */
function unboundRead(ctx: ImportRequestContext, name: string): Node | undefined {
  if (!ctx.source.includes(name)) return undefined;
  return referencesIn(ctx.scope, ctx.root, ctx.source, name, undefined).find((r) => r.kind === 'read')?.node;
}

function line(node: Node): number {
  return node.startPosition.row + 1;
}

// ---- Loggers the module configures -------------------------------------------------------------

/** Which logger a `getLogger(...)` call returns. */
type LoggerKey = { kind: 'module' } | { kind: 'root' } | { kind: 'named'; name: string } | { kind: 'unknown' };

interface ConfiguredLogger {
  key: LoggerKey;
  /** `getLogger("app")`, `getLogger(__name__)`: for messages. */
  describe: string;
  /** The use that configures it (or hands it to code that may): `setLevel()`, `propagate = ...`. */
  what: string;
  node: Node;
  /** The module-level name it is bound to, when it is. */
  binding?: Node;
}

interface LoggingSetup {
  /** A call that configures logging as a whole: logging.disable, logging.config.*, setLoggerClass. */
  global?: { node: Node; what: string };
  configured: ConfiguredLogger[];
}

// Logger methods and attributes that only emit or read: using a logger through them configures nothing.
const EMITTING = new Set(['debug', 'info', 'warning', 'warn', 'error', 'exception', 'critical', 'fatal', 'log', 'isEnabledFor', 'getEffectiveLevel', 'hasHandlers', 'getChild']);
const GLOBAL_CONFIG = new Map([
  ['logging.disable', 'logging.disable()'],
  ['logging.config.dictConfig', 'logging.config.dictConfig()'],
  ['logging.config.fileConfig', 'logging.config.fileConfig()'],
  ['logging.config.listen', 'logging.config.listen()'],
  ['logging.setLoggerClass', 'logging.setLoggerClass()'],
]);
const GLOBAL_CONFIG_TEXT = /\b(?:disable|dictConfig|fileConfig|listen|setLoggerClass)\b/g;

const setups = new WeakMap<ScopeModel, LoggingSetup>();

/** How the module configures logging (once per tree: every print asks). */
function loggingSetup(ctx: ImportRequestContext): LoggingSetup {
  let setup = setups.get(ctx.scope);
  if (setup) return setup;
  setup = { configured: [] };
  setups.set(ctx.scope, setup);
  const src = ctx.source;
  const base = ctx.root.startIndex;
  const callAt = (m: RegExpMatchArray): { call: Node; callee: Node } | undefined => {
    const at = base + m.index!;
    const word = ctx.root.descendantForIndex(at, at + m[0].length);
    if (word?.type !== 'identifier') return undefined;
    const callee = word.parent?.type === 'attribute' && word.parent.childForFieldName('attribute')?.id === word.id ? word.parent : word;
    const call = callee.parent;
    return call?.type === 'call' && call.childForFieldName('function')?.id === callee.id ? { call, callee } : undefined;
  };
  if (/disable|Config|listen|setLoggerClass/.test(src)) {
    for (const m of src.matchAll(GLOBAL_CONFIG_TEXT)) {
      const found = callAt(m);
      const what = found && GLOBAL_CONFIG.get(ctx.scope.qualifiedName(found.callee) ?? '');
      if (!found || !what) continue;
      // logging.disable(logging.NOTSET) undoes an earlier disable: harmless.
      const arg = found.call.childForFieldName('arguments')?.namedChild(0);
      if (what === 'logging.disable()' && arg && (arg.text === '0' || ctx.scope.qualifiedName(arg) === 'logging.NOTSET')) continue;
      setup.global ??= { node: found.call, what };
    }
  }
  if (!src.includes('getLogger')) return setup;
  for (const m of src.matchAll(/\bgetLogger\b/g)) {
    const found = callAt(m);
    if (!found || ctx.scope.qualifiedName(found.callee) !== 'logging.getLogger') continue;
    const key = loggerKey(found.call);
    if (key.kind === 'root') continue; // the root logger's setup is the program's (see the transform's semantics)
    const describe = `\`getLogger(${found.call.childForFieldName('arguments')?.namedChildren.map((a) => a?.text).join(', ') ?? ''})\``;
    const note = (what: string, node: Node, binding?: Node) => setup!.configured.push({ key, describe, what, node, binding });
    const parent = found.call.parent;
    const assign = parent?.type === 'assignment' && parent.childForFieldName('right')?.id === found.call.id ? parent : null;
    const target = assign?.childForFieldName('left');
    if (target?.type === 'identifier') {
      // `log = getLogger(...)`: every use of that variable must only emit.
      for (const use of referencesIn(ctx.scope, ctx.root, ctx.source, target.text, variableScope(ctx.scope, ctx.root, target.text, target)).filter((r) => r.kind === 'read').map((r) => r.node)) {
        const what = configuringUse(ctx, use);
        if (what) note(`${target.text}${what}`, use, target);
      }
    } else {
      const what = configuringUse(ctx, found.call);
      if (what) note(what, found.call);
    }
  }
  return setup;
}

/** `getLogger(__name__)` -> module, `getLogger()` -> root, `getLogger("app")` -> named, else unknown. */
function loggerKey(call: Node): LoggerKey {
  const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => !!a && a.type !== 'comment');
  if (args.length === 0) return { kind: 'root' };
  if (args.length > 1) return { kind: 'unknown' };
  const arg = args[0]!.type === 'keyword_argument' && args[0]!.childForFieldName('name')?.text === 'name' ? args[0]!.childForFieldName('value') : args[0]!;
  if (!arg || arg.type === 'keyword_argument') return { kind: 'unknown' };
  if (arg.type === 'identifier' && arg.text === '__name__') return { kind: 'module' };
  if (arg.type === 'none') return { kind: 'root' };
  const literal = arg.type === 'string' && arg.descendantsOfType('interpolation').length === 0 ? /^[rRuU]?(["']{1,3})([^\\]*)\1$/s.exec(arg.text) : null;
  if (literal) return literal[2] === '' || literal[2] === 'root' ? { kind: 'root' } : { kind: 'named', name: literal[2]! };
  return { kind: 'unknown' };
}

/**
 * What a use of a logger value does when it may change which records print: `.setLevel()`,
 * `.propagate = ...`, `.handlers`, passing it on (the code it goes to may configure it). Undefined for uses
 * that only emit (`.info(...)`), read its name, or add a NullHandler (the library idiom: records still
 * propagate to the root logger).
 */
function configuringUse(ctx: ImportRequestContext, use: Node): string | undefined {
  const parent = use.parent;
  if (!parent) return undefined;
  if (parent.type === 'attribute' && parent.childForFieldName('object')?.id === use.id) {
    const attr = parent.childForFieldName('attribute')?.text ?? '';
    const call = parent.parent?.type === 'call' && parent.parent.childForFieldName('function')?.id === parent.id ? parent.parent : null;
    if (call) {
      if (EMITTING.has(attr)) return undefined;
      const args = call.childForFieldName('arguments')?.namedChildren ?? [];
      const handler = args.length === 1 && args[0]?.type === 'call' ? args[0].childForFieldName('function') : null;
      if (attr === 'addHandler' && handler && ctx.scope.qualifiedName(handler) === 'logging.NullHandler') return undefined;
      return `.${attr}()`;
    }
    const assigned = parent.parent?.type === 'assignment' && parent.parent.childForFieldName('left')?.id === parent.id;
    if (attr === 'name' && !assigned) return undefined;
    return assigned ? `.${attr} = ...` : `.${attr}`;
  }
  if (parent.type === 'expression_statement') return undefined;
  if (parent.type === 'assignment' && parent.childForFieldName('right')?.id === use.id) return ` stored in \`${parent.childForFieldName('left')?.text}\``;
  return ' passed on';
}

/** The dotted module name parts a path can stand for: `pkg/sub/mod.py` -> pkg, sub, mod. */
function modulePathParts(path: string): string[] {
  const parts = path.split(/[\\/]+/).filter((p) => p && p !== '.' && p !== '..');
  const last = parts.pop();
  if (last) {
    const stem = last.replace(/\.pyi?$/, '');
    if (stem !== '__init__') parts.push(stem);
  }
  return parts;
}

/**
 * True when a logger configured as `configured` could be the logger `target` or one of its parents (whose
 * level, handlers and propagation apply to it). `__name__` is a dotted suffix of the file's path parts
 * (or `__main__`); a literal name can be it only when its parts appear in a row in the path.
 */
function mayBeAncestorOrSelf(configured: LoggerKey, target: LoggerKey, path: string[] | undefined): boolean {
  if (configured.kind === 'root') return false;
  if (configured.kind === 'unknown' || target.kind === 'unknown') return true;
  if (target.kind === 'root') return false;
  if (configured.kind === 'module') {
    if (target.kind === 'module') return true;
    // __name__ (a suffix of the path parts) is target's name or a prefix of it.
    const parts = target.name.split('.');
    if (!path) return true;
    return parts[0] === '__main__' || path.some((_, i) => path.slice(i).every((p, j) => parts[j] === p));
  }
  const parts = configured.name.split('.');
  if (target.kind === 'named') return target.name === configured.name || target.name.startsWith(`${configured.name}.`);
  if (configured.name === '__main__' || !path) return true;
  // A run of the path parts: some suffix of the path (a possible __name__) starts with these parts.
  return path.some((_, i) => parts.every((p, j) => path[i + j] === p));
}

const PLAIN_IMPORTS = new Set(['import_statement', 'import_from_statement']);

/** The edit that adds `import logging` in the import region (logging is not imported yet). */
function importLogging(ctx: ImportRequestContext, region: Node[], regionEnd: number): Edit[] {
  const firstImport = region.findIndex((s) => PLAIN_IMPORTS.has(s.type));
  if (firstImport >= 0) {
    // Its sorted place in the first run of imports (the run may follow __future__ imports and dunders,
    // which the core's top-of-file block stops at): ensureImport, shown only that run.
    let end = firstImport;
    while (end < region.length && PLAIN_IMPORTS.has(region[end]!.type)) end++;
    const run = region.slice(firstImport, end);
    return ensureImport({ ...ctx, root: { namedChildren: run } as unknown as Node }, 'logging');
  }
  // Only __future__ imports, dunders or guarded imports: a section of its own after the leading
  // __future__/dunder lines (or at the top), with blank lines around it.
  let lead = 0;
  while (lead < region.length && !['try_statement', 'if_statement'].includes(region[lead]!.type)) lead++;
  if (lead === 0) return [topImport(ctx, true)];
  const at = lineEndOf(ctx.source, region[lead - 1]!.endIndex);
  const nl = ctx.lineEnding;
  const blankAfter = at !== regionEnd && !/^[ \t]*(\r\n|\n|\r)/.test(ctx.source.slice(at)) ? nl : '';
  return [{ start: at, end: at, text: `${breakAt(ctx, at)}${nl}import logging${nl}${blankAfter}` }];
}

/**
 * The statements at the top of the module that set it up: imports (__future__ included), `try:`/`if`
 * blocks that only import (optional dependencies, TYPE_CHECKING) and dunder assignments such as
 * `__all__` or `__author__` (PEP 8 puts them around the imports). The logger line goes after them.
 */
function importRegion(root: Node): Node[] {
  const doc = docstringOf(root);
  const region: Node[] = [];
  for (const stmt of root.namedChildren) {
    if (!stmt || stmt.type === 'comment' || stmt.id === doc?.id) continue;
    const setsUp =
      PLAIN_IMPORTS.has(stmt.type) ||
      stmt.type === 'future_import_statement' ||
      ((stmt.type === 'try_statement' || stmt.type === 'if_statement') && onlyImports(stmt)) ||
      isDunderAssignment(stmt);
    if (!setsUp) break;
    region.push(stmt);
  }
  return region;
}

/** `__all__ = [...]`, `__version__ = "1.0"`: a dunder name bound to a value without calls. */
function isDunderAssignment(stmt: Node): boolean {
  const a = stmt.type === 'expression_statement' ? stmt.namedChild(0) : null;
  const left = a?.type === 'assignment' ? a.childForFieldName('left') : null;
  const right = a?.childForFieldName('right');
  return !!left && !!right && left.type === 'identifier' && /^__\w+__$/.test(left.text) && right.descendantsOfType('call').length === 0;
}

function onlyImports(node: Node): boolean {
  let sawImport = false;
  const ok = (n: Node): boolean => {
    switch (n.type) {
      case 'import_statement':
      case 'import_from_statement':
        sawImport = true;
        return true;
      case 'pass_statement':
      case 'comment':
        return true;
      case 'expression_statement': {
        // `json = None` in an except branch.
        const a = n.namedChild(0);
        const right = a?.type === 'assignment' ? a.childForFieldName('right') : null;
        return !!right && ['none', 'identifier', 'attribute', 'true', 'false', 'integer', 'string'].includes(right.type);
      }
      case 'try_statement':
      case 'if_statement':
      case 'elif_clause':
      case 'else_clause':
      case 'except_clause':
      case 'finally_clause':
      case 'block':
        return n.namedChildren.every((c) => !c || c === n.childForFieldName('condition') || isHeaderPart(n, c) || ok(c));
      default:
        return false;
    }
  };
  return ok(node) && sawImport;
}

/** Conditions and exception types in headers: expressions, not statements. */
function isHeaderPart(parent: Node, child: Node): boolean {
  if (parent.type === 'if_statement' || parent.type === 'elif_clause') return child.id === parent.childForFieldName('condition')?.id;
  if (parent.type === 'except_clause') return child.type !== 'block';
  return false;
}

/**
 * `import logging` as the module's first import: after the docstring (one blank line between, as black
 * and ruff format it), or after leading comments.
 */
function topImport(ctx: ImportRequestContext, blankAfter: boolean): Edit {
  const nl = ctx.lineEnding;
  const src = ctx.source;
  const doc = docstringOf(ctx.root);
  let at: number;
  let before = '';
  if (doc) {
    at = lineEndOf(src, doc.endIndex);
    before = `${breakAt(ctx, at)}${nl}`;
    // The docstring is already followed by a blank line: keep that one instead of adding another.
    const blank = /^[ \t]*(\r\n|\n|\r)/.exec(src.slice(at));
    if (blank) {
      at += blank[0].length;
      before = '';
    }
  } else {
    at = 0;
    const re = /(#[^\r\n]*)(\r\n|\n|\r|$)/y;
    for (;;) {
      re.lastIndex = at;
      const m = re.exec(src);
      if (!m || m[0].length === 0) break;
      at += m[0].length;
    }
    before = breakAt(ctx, at);
  }
  const after = blankAfter && !/^[ \t]*(\r\n|\n|\r)/.test(src.slice(at)) ? nl : '';
  return { start: at, end: at, text: `${before}import logging${nl}${after}` };
}

/**
 * The blank lines to add after the logger line so that the next statement keeps the spacing a
 * formatter wants: two before a top-level def or class, otherwise whatever was there.
 */
function blankLinesBefore(ctx: ImportRequestContext, at: number, nl: string): string {
  const rest = ctx.source.slice(at);
  const blank = /^(?:[ \t\f]*(?:\r\n|\n|\r))*/.exec(rest)![0];
  if (blank.length === rest.length) return '';
  const existing = (blank.match(/\r\n|\n|\r/g) ?? []).length;
  const next = ctx.root.namedChildren.find((s) => s && s.startIndex >= at && s.type !== 'comment');
  // Comment lines right above a def belong to it; a comment block on its own gets one blank line.
  const comments = /^(?:[ \t]*#[^\r\n]*(?:\r\n|\n|\r))+/.exec(rest.slice(blank.length))?.[0] ?? '';
  const isDef = !!next && DEF_TYPES.has(next.type);
  const attached = comments !== '' && isDef && next.startIndex === at + blank.length + comments.length;
  const wanted = isDef && (comments === '' || attached) ? 2 : comments !== '' ? 1 : 0;
  return nl.repeat(Math.max(0, wanted - existing));
}

/** A line break to add before inserting at `at`: only at the end of a file without a final newline. */
function breakAt(ctx: ImportRequestContext, at: number): string {
  return at === ctx.source.length && at > 0 && !/[\r\n]$/.test(ctx.source) ? ctx.lineEnding : '';
}

/** The `from m import *` statements of the module, with m (relative modules keep their dots). */
export function wildcardImports(scope: ScopeModel): { module: string; node: Node }[] {
  return scope
    .wildcardImports()
    .map((w) => w.parent)
    .filter((s): s is Node => s?.type === 'import_from_statement')
    .map((s) => ({ module: s.childForFieldName('module_name')?.text ?? '.', node: s }));
}

/** True when an identifier `name` appears anywhere in the module. */
function referencesName(ctx: ImportRequestContext, name: string): boolean {
  if (!ctx.source.includes(name)) return false; // no walk over every identifier when the text lacks it
  return ctx.root.descendantsOfType('identifier').some((n) => n?.text === name);
}

/** Two insertions at one point would be ambiguous: fold the import into the logger's text. */
function merge(importEdits: Edit[], logger: Edit): Edit[] {
  const same = importEdits.find((e) => e.start === logger.start && e.end === logger.end);
  if (!same) return [...importEdits, logger];
  return [...importEdits.filter((e) => e !== same), { ...logger, text: same.text + logger.text }];
}
