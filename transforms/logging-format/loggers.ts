// Is the receiver of `X.info(...)` a standard-library logger? Proven from this file alone:
// `logging.getLogger(...)` / `logging.Logger(...)` / `logging.LoggerAdapter(<logger>, ...)` results,
// however bound (a module or function variable bound only to loggers, a class attribute, `self.x`
// assigned only loggers in the class), the `logging` module's own functions, and names listed in
// the `logger-objects` option. Everything else is either not a logging call at all (silent) or
// looks like one but cannot be proven (reported, with the reason).
import type { Node } from 'web-tree-sitter';
import type { Binding, ScopeModel } from '../../src/core/python/scope.js';
import { identifiersNamed, nameRole } from '../../src/core/python/name-roles.js';
import { firstStarImportBinding } from '../../src/core/python/star-exports.js';

export type LoggerVerdict =
  | { kind: 'logger' }
  /** The `logging` module itself: `logging.info(...)` logs on the root logger. */
  | { kind: 'module' }
  | { kind: 'unknown'; reason: string }
  | { kind: 'not-a-logger' };

const LOGGER_FACTORIES = new Set(['logging.getLogger', 'logging.Logger', 'logging.RootLogger', 'logging.root.getChild']);

export class LoggerResolver {
  private readonly verdicts = new Map<number, LoggerVerdict>();
  // Per binding and per class attribute: a file calls the same logger many times.
  private readonly byBinding = new Map<number, LoggerVerdict>();
  private readonly byClassAttribute = new Map<string, LoggerVerdict>();
  private readonly identifiers = new Map<string, Node[]>();
  constructor(
    private readonly source: string,
    private readonly root: Node,
    private readonly scope: ScopeModel,
    private readonly loggerObjects: ReadonlySet<string>,
    private readonly assumeByName = false,
  ) {}

  /** What `receiver` (the `X` of `X.info(...)`) is. */
  receiver(receiver: Node): LoggerVerdict {
    let v = this.verdicts.get(receiver.id);
    if (!v) {
      v = this.classify(receiver, 0);
      this.verdicts.set(receiver.id, v);
    }
    return v;
  }

  /** Dotted name through imports only (a name that is not imported is not a module). */
  private imported(expr: Node): string | undefined {
    let head: Node | null = expr;
    while (head?.type === 'attribute') head = head.childForFieldName('object');
    if (head?.type !== 'identifier' || this.scope.resolve(head.text, head)?.kind !== 'import') return undefined;
    return this.scope.qualifiedName(expr);
  }

  private classify(expr: Node, depth: number): LoggerVerdict {
    if (depth > 4) return { kind: 'unknown', reason: 'the logger is defined through too many names to follow' };
    if (expr.type === 'parenthesized_expression' && expr.namedChildCount === 1) return this.classify(expr.namedChild(0)!, depth);
    const qualified = expr.type === 'identifier' || expr.type === 'attribute' ? this.imported(expr) : undefined;
    if (qualified === 'logging') return { kind: 'module' };
    if (qualified === 'logging.root' || (qualified && this.loggerObjects.has(qualified))) return { kind: 'logger' };
    if (expr.type === 'call') return this.isLoggerValue(expr, depth) ? { kind: 'logger' } : { kind: 'not-a-logger' };
    // Only calls that look like logging (Ruff's heuristic, on the local or the imported name) get a reason.
    const looks = looksLikeLogger(expr) || (!!qualified && looksLikeName(qualified.slice(qualified.lastIndexOf('.') + 1)));
    // `unprovable`: nothing in the file says what it is (a parameter, an inherited attribute). With the
    // `assume-logger-names` option such a receiver named like a logger is taken for one, as Ruff does.
    const unknown = (reason: string, unprovable = false): LoggerVerdict =>
      !looks ? { kind: 'not-a-logger' } : unprovable && this.assumeByName ? { kind: 'logger' } : { kind: 'unknown', reason };
    if (qualified) return unknown(`\`${expr.text}\` is imported (${qualified}): not known to be a standard-library logger (list it in logger-objects if it is one)`);
    if (expr.type === 'identifier') return this.variable(expr, depth, unknown);
    if (expr.type === 'attribute') return this.attribute(expr, depth, unknown);
    return { kind: 'not-a-logger' };
  }

  /** A value that is a logger: a factory call, an adapter over a logger, or another proven logger. */
  private isLoggerValue(value: Node, depth: number): boolean {
    if (value.type === 'call') {
      const fn = value.childForFieldName('function');
      if (!fn) return false;
      const q = fn.type === 'identifier' || fn.type === 'attribute' ? this.imported(fn) : undefined;
      if (q && LOGGER_FACTORIES.has(q)) return true;
      if (q === 'logging.LoggerAdapter') {
        const first = value.childForFieldName('arguments')?.namedChildren.find((c) => c && c.type !== 'comment');
        return !!first && first.type !== 'keyword_argument' && first.type !== 'list_splat' && this.isLoggerValue(first, depth + 1);
      }
      // `<logger>.getChild("x")`
      if (fn.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'getChild') {
        const object = fn.childForFieldName('object');
        return !!object && this.classify(object, depth + 1).kind === 'logger';
      }
      return false;
    }
    return this.classify(value, depth + 1).kind === 'logger';
  }

  private named(name: string): Node[] {
    let ids = this.identifiers.get(name);
    if (!ids) {
      ids = identifiersNamed(this.source, this.root, name);
      this.identifiers.set(name, ids);
    }
    return ids;
  }

  /** A name bound, in its scope, only by `name = <logger>` assignments. */
  private variable(id: Node, depth: number, unknown: (r: string, unprovable?: boolean) => LoggerVerdict): LoggerVerdict {
    const name = id.text;
    const binding = this.scope.resolve(name, id);
    if (!binding) return unknown(`\`${name}\` is not defined in this module`, true);
    let v = this.byBinding.get(binding.node.id);
    if (!v) {
      v = this.bindingVerdict(name, binding, id, depth, unknown);
      this.byBinding.set(binding.node.id, v);
    }
    return v.kind === 'logger' && this.scope.moduleBindings(name).includes(binding) ? (this.starBeforeUse(name, id, unknown) ?? v) : v;
  }

  /**
   * A module-level logger that a star import above its assignments may also bind (bindingVerdict
   * refuses star imports below them): a use that runs before the assignment (module or class body code
   * above it) gets the star import's object. Code in a def runs later, when it is called.
   */
  private starBeforeUse(name: string, id: Node, unknown: (r: string) => LoggerVerdict): LoggerVerdict | undefined {
    const first = this.scope.moduleBindings(name)[0];
    if (!first || id.startIndex >= (first.node.parent ?? first.node).endIndex || this.scope.scopeChain(id).some((s) => s.kind === 'function')) return undefined;
    const star = firstStarImportBinding(this.scope.wildcardImports(), name);
    return star ? unknown(`\`${name}\` is used before its assignment (line ${first.node.startPosition.row + 1}), where \`${star.parent?.text ?? 'a star import'}\` (line ${star.startPosition.row + 1}) may bind it`) : undefined;
  }

  private bindingVerdict(name: string, binding: Binding, id: Node, depth: number, unknown: (r: string, unprovable?: boolean) => LoggerVerdict): LoggerVerdict {
    if (binding.kind === 'parameter') return unknown(`\`${name}\` is a parameter: not known to be a standard-library logger`, true);
    if (binding.kind !== 'assignment') return unknown(`\`${name}\` is not bound to a logging logger`);
    const owner = this.scope.scopeChain(id).find((s) => s.bindings.get(name)?.includes(binding));
    const bindings = owner?.bindings.get(name) ?? [];
    for (const b of bindings) {
      const value = assignedValue(b.node);
      if (!value || !this.isLoggerValue(value, depth)) return unknown(`\`${name}\` is bound to something other than a logging logger (line ${b.node.startPosition.row + 1})`);
    }
    if (owner?.kind === 'module') {
      // A star import below an assignment may rebind it (one that may export the name: above every
      // assignment it can only matter to code that runs first, see starBeforeUse), and so may exec or a
      // globals() write.
      const first = Math.min(...bindings.map((b) => b.node.startIndex));
      const star = firstStarImportBinding(this.scope.wildcardImports(), name, first);
      if (star) return unknown(`\`${name}\` may be rebound by \`${star.parent?.text ?? 'a star import'}\` (line ${star.startPosition.row + 1})`);
      const dynamic = this.scope.dynamicBindings(name)[0];
      if (dynamic) return unknown(`\`${name}\` may be rebound at run time (exec or a globals() write, line ${dynamic.node.startPosition.row + 1})`);
    }
    // Binding forms the scope model may not list (`del`, `match` captures, ...) and `global`/`nonlocal`.
    const checked = new Set(bindings.map((b) => b.node.id));
    for (const other of this.named(name)) {
      const p = other.parent?.type;
      if (p === 'global_statement' || p === 'nonlocal_statement') return unknown(`\`${name}\` is declared global or nonlocal somewhere: it may be rebound`);
      if (nameRole(other) !== 'store' || checked.has(other.id)) continue;
      if (this.bindingScope(other) === owner) return unknown(`\`${name}\` may be rebound (line ${other.startPosition.row + 1})`);
    }
    return { kind: 'logger' };
  }

  /** The scope a binding occurrence binds in (a parameter binds in its own function, not where it is written). */
  private bindingScope(id: Node) {
    for (let n = id.parent; n; n = n.parent) {
      if (n.type === 'parameters' || n.type === 'lambda_parameters') return n.parent ? this.scope.scopeOf(n.parent) : undefined;
      if (n.type === 'block' || n.type === 'module') break;
    }
    return this.scope.scopeChain(id)[0];
  }

  /** `self.log`, `cls.log`, `Class.log`: a class attribute or `self.` attribute assigned only loggers. */
  private attribute(expr: Node, depth: number, unknown: (r: string, unprovable?: boolean) => LoggerVerdict): LoggerVerdict {
    const object = expr.childForFieldName('object');
    const attr = expr.childForFieldName('attribute')?.text;
    if (!object || !attr) return { kind: 'not-a-logger' };
    let cls: Node | null = null;
    if (object.type === 'identifier' && (object.text === 'self' || object.text === 'cls')) cls = enclosingClassOfMethod(object);
    else if (object.type === 'identifier') {
      const b = this.scope.resolve(object.text, object);
      if (b?.kind === 'class') cls = b.node.parent;
    }
    if (!cls) return unknown(`\`${expr.text}\` is not known to be a standard-library logger`, true);
    const key = `${cls.id}:${expr.text}`;
    let v = this.byClassAttribute.get(key);
    if (!v) {
      v = this.classAttribute(expr, cls, attr, depth, unknown);
      this.byClassAttribute.set(key, v);
    }
    return v;
  }

  private classAttribute(expr: Node, cls: Node, attr: string, depth: number, unknown: (r: string, unprovable?: boolean) => LoggerVerdict): LoggerVerdict {
    const className = cls.childForFieldName('name')?.text ?? '?';
    const body = cls.childForFieldName('body');
    if (!body) return unknown(`\`${expr.text}\` is not known to be a standard-library logger`, true);
    let assigned = 0;
    // Every assignment of the attribute in the class: `attr = ...` in its body, `<x>.attr = ...` anywhere in it.
    for (const id of identifiersNamed(this.source, body, attr)) {
      const parent = id.parent;
      let target: Node = id;
      if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === id.id) target = parent;
      else if (definedName(id)) {
        // `def log(self)` / `class log:` in the class: a property's setter would take `self.log = ...`.
        if (classBodyOf(id.parent!)?.id === body.id) return unknown(`\`${className}.${attr}\` is also defined by a def or class (line ${id.startPosition.row + 1})`);
        continue;
      } else if (classBodyOf(id)?.id !== body.id) continue; // a local variable of a method, not the attribute
      const assignment = target.parent;
      const isTarget = assignment && (assignment.type === 'assignment' || assignment.type === 'augmented_assignment') && assignment.childForFieldName('left')?.id === target.id;
      if (!isTarget) {
        if (target === id && nameRole(id) === 'store') return unknown(`\`${className}.${attr}\` is bound to something other than a logger (line ${id.startPosition.row + 1})`);
        if (target !== id && isStoreTarget(target)) return unknown(`\`${attr}\` is set in a way that is not a plain assignment (line ${id.startPosition.row + 1})`);
        continue;
      }
      const value = assignment.childForFieldName('right');
      if (assignment.type !== 'assignment' || !value || !this.isLoggerValue(value, depth))
        return unknown(`\`${expr.text}\` is assigned something other than a logging logger in class ${className} (line ${id.startPosition.row + 1})`);
      assigned++;
    }
    if (assigned === 0) return unknown(`\`${expr.text}\` is not assigned in class ${className} (it may come from a base class)`, true);
    const elsewhere = this.attributeSetElsewhere(attr, cls, depth);
    if (elsewhere?.computed) return unknown(`\`${attr}\` may be set by a setattr() with a computed name (line ${elsewhere.line}): it may replace the logger`);
    if (elsewhere) return unknown(`\`${attr}\` is also set outside class ${className} (line ${elsewhere.line}), to something not known to be a logger: a subclass or the object's user may replace it`);
    return { kind: 'logger' };
  }

  /**
   * The line where the file sets the attribute `attr` outside class `cls` to something other than a
   * logger (`obj.attr = x`, another class's `attr = x`, `setattr(obj, "attr", x)`), or undefined: a
   * subclass or a caller that replaces the logger would get a %-format message.
   */
  private attributeSetElsewhere(attr: string, cls: Node, depth: number): { line: number; computed?: boolean } | undefined {
    for (const id of identifiersNamed(this.source, this.root, attr)) {
      if (id.startIndex >= cls.startIndex && id.endIndex <= cls.endIndex) continue;
      const parent = id.parent;
      // A subclass's `def log(self)` (a property, a method) replaces the attribute too.
      if (definedName(id) && classBodyOf(id.parent!)) return { line: id.startPosition.row + 1 };
      const target = parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === id.id ? parent : classBodyOf(id) ? id : null;
      if (!target) continue;
      const assignment = target.parent;
      if (assignment?.type === 'assignment' && assignment.childForFieldName('left')?.id === target.id) {
        const value = assignment.childForFieldName('right');
        if (value && this.isLoggerValue(value, depth + 1)) continue;
        return { line: id.startPosition.row + 1 };
      }
      if (target === id ? nameRole(id) === 'store' : isStoreTarget(target)) return { line: id.startPosition.row + 1 };
    }
    // setattr(obj, "log", x), object.__setattr__(obj, "log", x), and setattr(obj, name, x) with a computed name.
    let computed: { line: number; computed: boolean } | undefined;
    for (const m of this.source.matchAll(/\b(?:__)?setattr(?:__)?\s*\(/g)) {
      let fn = this.root.descendantForIndex(m.index!, m.index! + 7);
      if (fn?.parent?.type === 'attribute') fn = fn.parent;
      const call = fn?.parent;
      if (!fn || call?.type !== 'call' || call.childForFieldName('function')?.id !== fn.id) continue;
      if (new RegExp(`["']${attr}["']`).test(call.text)) return { line: call.startPosition.row + 1 };
      const name = call.childForFieldName('arguments')?.namedChildren.filter((c) => c?.type !== 'comment')[1];
      if (fn.type === 'identifier' && fn.text === 'setattr' && name && name.type !== 'string') computed ??= { line: call.startPosition.row + 1, computed: true };
    }
    return computed;
  }
}

/** Ruff's heuristic for a logging call's receiver: the last name starts with `log` or ends with `logger`. */
export function looksLikeLogger(expr: Node): boolean {
  const last = expr.type === 'attribute' ? expr.childForFieldName('attribute')?.text : expr.type === 'identifier' ? expr.text : undefined;
  return !!last && looksLikeName(last);
}

function looksLikeName(name: string): boolean {
  const l = name.toLowerCase().replace(/^_+/, '');
  return l.startsWith('log') || l.endsWith('logger') || l.endsWith('logging');
}

function assignedValue(nameNode: Node): Node | null {
  const a = nameNode.parent;
  if (a?.type !== 'assignment' || a.childForFieldName('left')?.id !== nameNode.id) return null;
  const right = a.childForFieldName('right');
  // `a = b = logger` chains: the innermost value.
  return right?.type === 'assignment' ? null : right;
}

/** `del x.attr`, `for x.attr in`, `(x.attr, y) = ...`: the attribute is set by something we do not read. */
function isStoreTarget(attribute: Node): boolean {
  for (let n: Node | null = attribute.parent; n; n = n.parent) {
    if (['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'expression_list', 'parenthesized_expression'].includes(n.type)) continue;
    return ['delete_statement', 'for_statement', 'for_in_clause', 'assignment', 'augmented_assignment', 'as_pattern_target'].includes(n.type);
  }
  return false;
}

/** The class whose method (a def directly in the class body) holds `node`. */
function enclosingClassOfMethod(node: Node): Node | null {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === 'function_definition') {
      const holder = n.parent?.type === 'decorated_definition' ? n.parent.parent : n.parent;
      return holder?.type === 'block' && holder.parent?.type === 'class_definition' ? holder.parent : null;
    }
    if (n.type === 'class_definition') return null;
  }
  return null;
}

/** True for the name of a def or class (`def log(self)`: the name `log`). */
function definedName(id: Node): boolean {
  const p = id.parent;
  return (p?.type === 'function_definition' || p?.type === 'class_definition') && p.childForFieldName('name')?.id === id.id;
}

/** The class body a statement sits in directly (not inside a def). */
function classBodyOf(node: Node): Node | null {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === 'function_definition' || n.type === 'lambda') return null;
    if (n.type === 'block' && n.parent?.type === 'class_definition') return n;
  }
  return null;
}
