// Transform `raise-from`: a new exception raised while handling another says so (B904):
// `raise Other(...)` in `except E as err:` becomes `raise Other(...) from err`; an unnamed handler
// gets `as err` under a name used nowhere in the file. One fix per handler.
import { codeText, outsideBrackets, type CodeText } from '../../src/core/python/code-text.js';
import { lineStartOf } from '../../src/core/text.js';
import type { Node } from 'web-tree-sitter';
import { defineTransform, type Edit, type OptionValues, type TransformContext } from '../../src/core/types.js';
import { identifiersNamed, nameRole } from '../../src/core/python/name-roles.js';

const options = {
  style: {
    type: 'string',
    default: 'cause',
    choices: ['cause', 'none'],
    description:
      '`cause`: `raise X from err` (the handled exception is shown as the direct cause); `none`: `raise X from None` (the handled exception is hidden from the traceback)',
  },
  'handler-name': {
    type: 'string[]',
    default: ['err', 'exc', 'error', 'exception'],
    description: 'Names to try, in order, when an unnamed handler needs one; the first that appears nowhere in the file is used (else the first with a number appended)',
  },
} as const;

type Ctx = TransformContext<OptionValues<typeof options>>;

export default defineTransform({
  id: 'raise-from',
  // Its output is its own fixed point (a raise with `from` is never a candidate), and what it adds, ` from
  // NAME` and ` as NAME` under a name spelled nowhere else, is nothing another built-in looks for; a new
  // binding can only add reasons for them to skip, never remove one. A plugin or rule might look for it.
  settlesInOnePass: 'among-built-ins',
  description: 'Chain exceptions raised in an except handler to the one being handled: `raise X from err`',
  docs: {
    whatItDoes:
      'In an `except E as err:` handler (also `except*`), `raise Other(...)` becomes `raise Other(...) from err`. An unnamed ' +
      'handler (`except E:`) gets `as err`, under a name that appears nowhere in the file (option `handler-name`), and a ' +
      'bare `except:` becomes `except BaseException as err:` (it catches the same). With `style = "none"` the raise ' +
      'becomes `raise Other(...) from None` and no name is added. Not touched: a bare `raise`, `raise err` (the same ' +
      'object), raises that already have `from`, raises in functions, lambdas or classes defined inside the handler, and ' +
      'raises in `else`/`finally` clauses (they are not in the handler), raises in the body of a `try:` nested in the ' +
      'handler (control flow for a nested handler to catch; B904 does not ask for them either). Left alone and reported: a raise inside a ' +
      '`finally:` nested in the handler (another exception may be the one in flight there), a raised expression that may ' +
      'be the handled exception itself (a local variable, `err.with_traceback(...)`, a lower-case factory given `err`, also inside a container or another call: `pick([err])`; `str(err)`, `err.args` and text formatting it are fine), ' +
      'a handler that rebinds or deletes its name, a handler whose name is declared `global`/`nonlocal` or is rebound by ' +
      'a function declaring it `nonlocal`/`global` or by exec or a globals() write (the handler may call them), and an unnamed ' +
      'handler that calls `locals()`, `vars()`, `dir()`, `eval` or `exec` or reads a frame\'s `f_locals` (they would see the added name).',
    why:
      'Without `from`, a traceback says "During handling of the above exception, another exception occurred", which reads ' +
      'as a bug in the handler; with it, it says the first exception caused the second (flake8-bugbear B904, pylint W0707).',
    example: {
      before: 'def load(path):\n    try:\n        return open(path).read()\n    except OSError as err:\n        raise ConfigError(f"cannot read {path}")\n',
      after: 'def load(path):\n    try:\n        return open(path).read()\n    except OSError as err:\n        raise ConfigError(f"cannot read {path}") from err\n',
    },
    semantics:
      'With `style = "cause"` (the default): the new exception\'s `__cause__` is the handled exception (it was None) and its ' +
      '`__suppress_context__` is True (it was False); `__context__` is the same object as before. A printed traceback shows ' +
      'the same two exceptions, joined by "The above exception was the direct cause of the following exception:" instead of ' +
      '"During handling of the above exception, another exception occurred:"; if the handled exception itself had a context ' +
      'or cause, that is still shown above it. Code that reads `__cause__` (traceback formatters, error reporters such as ' +
      'Sentry, `raise ... from` checks in tests) sees the handled exception. An unnamed handler gets a name that is bound ' +
      'while the handler runs and deleted when it ends, as `except ... as` always does; it appears nowhere else in the file. ' +
      'With `style = "none"`: `__cause__` stays None, `__suppress_context__` becomes True, and the traceback no longer shows ' +
      'the handled exception at all (`__context__` still holds it).',
  },
  options,
  // None of these adds a `raise` or an except clause, or rebinds a handler's name (bare-except, which
  // turns `except:` into a clause raise-from reads, is not listed).
  unaffectedBy: ['print-to-logging', 'mutable-defaults', 'open-with', 'modern-typing', 'logging-format', 'group-imports', 'return-annotations', 'future-annotations'],
  mayApply: mayHaveRaiseInHandler,
  transform(ctx) {
    if (!ctx.source.includes('raise') || !ctx.source.includes('except')) return;
    const byHandler = new Map<number, { clause: Node; raises: Node[] }>();
    for (const raise of raisesInHandlers(ctx)) {
      const entry = byHandler.get(raise.clause.id) ?? { clause: raise.clause, raises: [] };
      entry.raises.push(raise.statement);
      byHandler.set(raise.clause.id, entry);
    }
    // Whether a name is spelled in the file, asked once per name: every unnamed handler asks the same.
    const spelled = new Map<string, boolean>();
    for (const { clause, raises } of byHandler.values()) rewriteHandler(ctx, clause, raises, spelled);
  },
});

/**
 * From the text: a `raise <expr>` without `from` whose innermost enclosing `except`, `def` or `class`
 * (by indentation) is an `except`. Every raise the transform rewrites or skips is one.
 */
function mayHaveRaiseInHandler(source: string): boolean {
  if (!source.includes('raise') || !source.includes('except')) return false;
  const code = codeText(source);
  if (code === undefined) return true;
  const handler = code.matches(/\bexcept\b/g).next().value;
  if (!handler) return false;
  const raises: number[] = [];
  for (const m of code.matches(/(?<![\w.])raise\b/g, handler.index)) {
    const rest = code.slice(m.index + 5, code.statementEnd(m.index + 5));
    // Not a bare `raise`, and no `from` outside brackets (`(yield from g)` is no cause).
    if (/[^\s\\]/.test(rest) && !/\bfrom\b/.test(outsideBrackets(rest))) raises.push(m.index);
  }
  return raises.length > 0 && someInHandler(code, raises);
}

type Opener = 'except' | 'def' | 'other';

/** Whether one of the `raises` (offsets, in order) is in an except clause's own body, from the lines' indentation. */
function someInHandler(code: CodeText, raises: readonly number[]): boolean {
  const { source } = code;
  // The blocks open at the current line: their header's indentation and kind.
  const open: { indent: number; kind: Opener }[] = [];
  let next = 0;
  let indent = 0;
  // The clause a line starts with, when its body follows on the same line (`except E: x = 1; raise X()`).
  let oneLineClause: Opener = 'other';
  for (const s of code.statements()) {
    const word = /(?:async[ \t]+)?([A-Za-z_]\w*)/y;
    word.lastIndex = s.start;
    const keyword = word.exec(source)?.[1];
    const kind: Opener = keyword === 'except' ? 'except' : keyword === 'def' || keyword === 'class' ? 'def' : 'other';
    const header = source[code.lastCodeBefore(s.end)] === ':';
    if (!s.afterSemicolon) {
      indent = indentationWidth(source, s.start);
      while (open.length > 0 && open[open.length - 1]!.indent >= indent) open.pop();
      oneLineClause = header ? 'other' : kind;
    }
    while (next < raises.length && raises[next]! < s.start) next++;
    if (next < raises.length && raises[next]! < s.end) {
      // A raise on this line: in a one-line clause (`except E: raise X`, or after a `;` in one), or in
      // the enclosing blocks.
      const clause = s.afterSemicolon ? oneLineClause : kind;
      const around = clause !== 'other' ? clause : [...open].reverse().find((b) => b.kind !== 'other')?.kind;
      if (around === 'except') return true;
    }
    if (header) open.push({ indent, kind });
  }
  return false;
}

/** The width of the indentation before `at` (a tab to the next multiple of 8, a form feed back to 0, as Python counts). */
function indentationWidth(source: string, at: number): number {
  let width = 0;
  for (let i = lineStartOf(source, at); i < at; i++) width = source[i] === '\t' ? width - (width % 8) + 8 : source[i] === '\f' ? 0 : width + 1;
  return width;
}

/**
 * `raise <expr>` statements (no `from`) whose nearest enclosing handler is an except clause, with no
 * def, lambda or class in between: found from the text (`raise` tokens), walking up a few nodes each.
 */
function raisesInHandlers(ctx: Ctx): { statement: Node; clause: Node }[] {
  const found: { statement: Node; clause: Node }[] = [];
  for (const m of ctx.source.matchAll(/(?<![\w.])raise\b/g)) {
    const keyword = ctx.root.descendantForIndex(m.index, m.index + 5);
    const statement = keyword?.parent;
    if (keyword?.type !== 'raise' || statement?.type !== 'raise_statement') continue;
    if (statement.childForFieldName('cause')) continue; // already chained
    if (!raisedExpression(statement)) continue; // bare `raise` re-raises the handled exception itself
    const clause = enclosingHandler(statement);
    if (clause) found.push({ statement, clause });
  }
  return found;
}

function raisedExpression(statement: Node): Node | null {
  return statement.namedChildren.find((c) => c && c.type !== 'comment' && c.type !== 'line_continuation') ?? null;
}

/**
 * The except clause whose block holds the statement (a nested `finally:` is reported by the caller).
 * A raise in the body of a `try:` nested in the handler is control flow that a nested handler is there
 * to catch, not the handler raising a new error: not a candidate (B904 does not report it either).
 */
function enclosingHandler(statement: Node): Node | null {
  let child: Node = statement;
  for (let n = statement.parent; n; child = n, n = n.parent) {
    switch (n.type) {
      case 'except_clause':
      case 'except_group_clause':
        return n;
      case 'try_statement':
        if (n.childForFieldName('body')?.id === child.id) return null;
        break;
      case 'function_definition':
      case 'class_definition':
      case 'lambda':
      case 'module':
        return null;
    }
  }
  return null;
}

function handlerName(clause: Node): Node | null {
  const value = clause.childForFieldName('value');
  if (value?.type !== 'as_pattern') return null;
  const target = value.childForFieldName('alias');
  const id = target?.type === 'as_pattern_target' ? target.namedChild(0) : target;
  return id?.type === 'identifier' ? id : null;
}

function rewriteHandler(ctx: Ctx, clause: Node, raises: Node[], spelled: Map<string, boolean>): void {
  const style = ctx.options.style;
  const block = clause.namedChildren.find((c) => c?.type === 'block');
  if (!block) return;
  const named = handlerName(clause);
  let name = named?.text;
  const edits: Edit[] = [];
  const skipAll = (reason: string) => {
    for (const r of raises) ctx.skip(r, reason);
  };

  if (style === 'cause') {
    if (named) {
      const problem = nameProblem(ctx, clause, block, named.text);
      if (problem) return skipAll(problem);
    } else {
      const added = addName(ctx, clause, block, spelled);
      if ('reason' in added) return skipAll(added.reason);
      name = added.name;
      edits.push(...added.edits);
    }
  }

  const cause = style === 'none' ? 'None' : name!;
  const accepted: Node[] = [];
  for (const r of raises) {
    const problem = raiseProblem(ctx, r, clause, named?.text);
    if (problem === 'same-object') continue; // `raise err`: not a new exception, nothing to chain
    if (problem) {
      ctx.skip(r, problem);
      continue;
    }
    const expr = raisedExpression(r)!;
    edits.push({ start: expr.endIndex, end: expr.endIndex, text: ` from ${cause}` });
    accepted.push(r);
  }
  if (accepted.length === 0) return;
  ctx.report({
    node: accepted[0]!,
    message: accepted.length === 1 ? `raise in an except handler chained with \`from ${cause}\`` : `${accepted.length} raises in an except handler chained with \`from ${cause}\``,
    fix: edits,
  });
}

/** Why `from name` could name something other than the handled exception at the raise. */
function nameProblem(ctx: Ctx, clause: Node, block: Node, name: string): string | null {
  for (const id of identifiersNamed(ctx.source, block, name)) {
    if (nameRole(id) === 'store') return `\`${name}\` is rebound or deleted inside the handler: \`from ${name}\` might not name the handled exception`;
  }
  const model = ctx.python.scope;
  const scope = model.scopeChain(clause)[0];
  if (scope?.declaredOuter.has(name)) return `\`${name}\` is declared global or nonlocal: other code may rebind it while the handler runs`;
  // Code the handler calls may rebind the variable: a closure declaring it `nonlocal`, a function
  // declaring it `global`, exec or a globals() write (the module's namespace).
  const elsewhere =
    scope?.kind === 'function'
      ? model.closureRebindings(scope.node, name).filter((b) => model.scopeChain(b.node)[0]?.node.id !== scope.node.id)
      : scope?.kind === 'module'
        ? model.moduleRebindings(name).filter((b) => model.scopeChain(b.node)[0]?.kind !== 'module')
        : [];
  if (elsewhere.length > 0)
    return `\`${name}\` is rebound by a function that declares it ${scope?.kind === 'module' ? 'global' : 'nonlocal'} (line ${elsewhere[0]!.node.startPosition.row + 1}): called from the handler, \`from ${name}\` would name that value`;
  const dynamic = scope?.kind === 'module' ? model.dynamicBindings(name) : [];
  if (dynamic.length > 0)
    return `\`${name}\` may be rebound at run time (exec or a globals() write, line ${dynamic[0]!.node.startPosition.row + 1}): \`from ${name}\` might not name the handled exception`;
  return null;
}

// Calls that see a function's local names, and frame objects' `f_locals` (sys._getframe(), inspect.currentframe()).
const INTROSPECTION = /(?<![\w.])(?:locals|vars|dir|eval|exec)\s*\(|\bf_locals\b|\b_getframe\b|\bcurrentframe\b/;

/** `as NAME` for an unnamed handler, NAME spelled nowhere in the file. */
function addName(ctx: Ctx, clause: Node, block: Node, spelled: Map<string, boolean>): { name: string; edits: Edit[] } | { reason: string } {
  if (INTROSPECTION.test(ctx.source.slice(block.startIndex, block.endIndex)))
    return { reason: 'the handler calls locals(), vars(), dir(), eval() or exec(), or reads a frame\'s locals, which would see the name added to it' };
  // At module level `except ... as NAME` deletes the global NAME when the handler ends, and a wildcard
  // import may have bound (and be re-exporting) a NAME the text never spells.
  if (ctx.python.scope.scopeChain(clause)[0]?.node.type === 'module' && ctx.python.scope.hasWildcardImport())
    return { reason: 'a module-level handler in a module with a wildcard import: a name added there could delete an imported one' };
  const value = clause.childForFieldName('value');
  const colon = clause.children.find((c) => c?.type === ':');
  if (!colon) return { reason: 'unexpected except clause shape' };
  const candidates = ctx.options['handler-name'].filter((n) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(n));
  // Spelled anywhere but in a comment: strings count too (`eval("err")`, `getattr(obj, "err")`).
  const used = (n: string) => {
    let found = spelled.get(n);
    if (found === undefined) {
      found = false;
      for (const m of ctx.source.matchAll(new RegExp(`(?<![\\w])${n}(?![\\w])`, 'g')))
        if (ctx.root.descendantForIndex(m.index, m.index + n.length)?.type !== 'comment') {
          found = true;
          break;
        }
      spelled.set(n, found);
    }
    return found;
  };
  let name = candidates.find((n) => !used(n));
  for (let i = 1; !name && candidates.length > 0; i++) if (!used(`${candidates[0]}${i}`)) name = `${candidates[0]}${i}`;
  if (!name) return { reason: 'option handler-name has no valid identifier' };
  if (!value) {
    // A bare `except:` catches BaseException: naming it changes nothing.
    const keyword = clause.child(0)!;
    return { name, edits: [{ start: keyword.endIndex, end: colon.startIndex, text: ` BaseException as ${name}` }] };
  }
  // `except A, B:` (Python 3.14, no parentheses) cannot take `as` without them.
  if (value.type === 'expression_list') return { reason: 'an unparenthesized exception list cannot take `as NAME`' };
  return { name, edits: [{ start: value.endIndex, end: value.endIndex, text: ` as ${name}` }] };
}

const CLASS_LIKE = /^_*[A-Z]/;

/**
 * `f(err)`, `f(x, key=err)`, `f(*err)`, also inside a container or another call (`next(iter([err]))`,
 * `pick((err, other))`): the object itself may reach the function. Only reads that cannot be the object
 * are fine: an attribute (`err.args`), text (`str(err)`, `repr(err)`, an f-string field).
 */
function passesName(ctx: Ctx, call: Node, name: string): boolean {
  const args = call.childForFieldName('arguments');
  if (!args) return false;
  return identifiersNamed(ctx.source, args, name).some((id) => nameRole(id) === 'load' && !onlyDescribes(id, args));
}

const DESCRIBING_CALLS = new Set(['str', 'repr', 'type', 'format', 'len', 'id', 'hash', 'bool', 'isinstance', 'issubclass']);

/** A string literal, or `+` / `%` / parentheses over one: its value is a str. */
function isText(n: Node | null | undefined): boolean {
  if (!n) return false;
  if (n.type === 'string' || n.type === 'concatenated_string') return true;
  if (n.type === 'parenthesized_expression') return n.namedChildCount === 1 && isText(n.namedChild(0));
  if (n.type === 'binary_operator' && ['+', '%'].includes(n.childForFieldName('operator')?.type ?? '')) return isText(n.childForFieldName('left'));
  return false;
}

/** The read of `id` yields something other than the object: `id.attr`, `str(id)`, text formatting it. */
function onlyDescribes(id: Node, within: Node): boolean {
  const parent = id.parent;
  if (parent?.type === 'attribute' && parent.childForFieldName('object')?.id === id.id) {
    // `err.args` is not err; `err.with_traceback(tb)` is.
    return !(parent.parent?.type === 'call' && parent.parent.childForFieldName('function')?.id === parent.id);
  }
  for (let n: Node | null = parent; n && n.id !== within.id; n = n.parent) {
    if (n.type === 'interpolation') return true;
    // `"... %s" % err`, `"... %s" % (name, err)`: text.
    if (n.type === 'binary_operator' && n.childForFieldName('operator')?.type === '%' && isText(n.childForFieldName('left'))) return true;
    if (n.type === 'call') {
      const fn = n.childForFieldName('function');
      // `str(err)`, `"{}".format(err)`.
      if (fn?.type === 'attribute') return isText(fn.childForFieldName('object'));
      return fn?.type === 'identifier' && DESCRIBING_CALLS.has(fn.text);
    }
  }
  return false;
}

/**
 * Why `raise <expr> from NAME` would not simply chain a new exception: 'same-object' for `raise err`
 * (left alone silently: B904 does not ask for it), a reason string to report, or null when fine.
 */
function raiseProblem(ctx: Ctx, statement: Node, clause: Node, name: string | undefined): string | 'same-object' | null {
  for (let n = statement.parent; n && n.id !== clause.id; n = n.parent)
    if (n.type === 'finally_clause')
      return 'raise inside a `finally:` within the handler: the exception in flight there may not be the handled one';
  const expr = raisedExpression(statement)!;
  if (name && expr.type === 'identifier' && expr.text === name) return 'same-object';
  const mentionsName = (n: Node) => !!name && identifiersNamed(ctx.source, n, name).some((id) => nameRole(id) === 'load');
  if (expr.type === 'identifier' || expr.type === 'attribute') {
    if (mentionsName(expr)) return `\`raise ${expr.text}\` may raise the handled exception itself`;
    return isClassName(ctx, expr) ? null : `\`raise ${expr.text}\`: \`${expr.text}\` may hold the handled exception itself (not a class name)`;
  }
  if (expr.type === 'call') {
    const callee = expr.childForFieldName('function');
    if (!callee || (callee.type !== 'identifier' && callee.type !== 'attribute'))
      return 'the raised exception is built by an expression that may return the handled exception itself';
    if (mentionsName(callee)) return `\`${callee.text}(...)\` is read from the handled exception and may return it (\`with_traceback\` does)`;
    if (isClassName(ctx, callee)) return null;
    // A function (not a class by name) handed the exception object itself may return it.
    if (name && passesName(ctx, expr, name))
      return `\`${callee.text}(...)\` is a function given the handled exception: it may return that very exception`;
    return null;
  }
  return 'the raised expression may be the handled exception itself';
}

/** A builtin exception, a class defined or imported here, or a CapWords name (a class by convention). */
function isClassName(ctx: Ctx, expr: Node): boolean {
  if (expr.type === 'identifier') {
    const binding = ctx.python.scope.resolve(expr.text, expr);
    // Unbound here: a builtin (every builtin exception is CapWords) or a global defined elsewhere.
    if (!binding) return CLASS_LIKE.test(expr.text);
    if (binding.kind === 'class') return true;
    if (binding.kind === 'import') return CLASS_LIKE.test(expr.text);
    return false;
  }
  const attr = expr.childForFieldName('attribute');
  const object = expr.childForFieldName('object');
  if (!attr || !object || !CLASS_LIKE.test(attr.text)) return false;
  // The object is a module, a class or `self`: a dotted path of names.
  for (let o: Node | null = object; o; o = o.type === 'attribute' ? o.childForFieldName('object') : null)
    if (o.type !== 'attribute' && o.type !== 'identifier') return false;
  return true;
}
