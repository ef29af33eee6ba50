// Which default values are mutable, and whether the default's text can move into the body unchanged
// in meaning (it is evaluated at call time there, in the function's own scope).
import { codeText } from '../../src/core/python/code-text.js';
import type { Node } from 'web-tree-sitter';
import type { ScopeModel } from '../../src/core/python/scope.js';
import { starImportMayBind } from '../../src/core/python/star-exports.js';
import type { QualifiedNameOf } from './annotations.js';

const MUTABLE_DISPLAYS = new Set(['list', 'dictionary', 'set', 'list_comprehension', 'dictionary_comprehension', 'set_comprehension']);

export const MUTABLE_CALLS: readonly string[] = [
  'list', 'dict', 'set', 'bytearray',
  'collections.defaultdict', 'collections.OrderedDict', 'collections.deque', 'collections.Counter', 'collections.ChainMap',
];

/** The expression a default stands for, through parentheses and `name := value`. */
export function defaultCore(value: Node): Node {
  let e = value;
  for (;;) {
    // Comments inside the parentheses are named children too: look past them.
    const inner = e.type === 'parenthesized_expression' ? e.namedChildren.filter((c) => c && c.type !== 'comment') : [];
    if (inner.length === 1) e = inner[0]!;
    else if (e.type === 'named_expression' && e.childForFieldName('value')) e = e.childForFieldName('value')!;
    else return e;
  }
}

// Finding the defaults from the text. Walking the whole tree, even in C (`descendantsOfType` or a
// `Query`), costs about a fifth of parsing it, and most files have no mutable default at all.
// Whatever `isMutableDefault` accepts starts, after the `=` and any whitespace, comments and backslash
// continuations, with `[`, `{` or `(` (displays, comprehensions, parentheses, a parenthesized walrus)
// or with a dotted name then `(` (a call: `qualifiedName` knows only names and attributes). `:` and
// `[` after the name are let through too (a bare walrus, a subscripted callee), to stay a superset.
// Only the `=` is consumed, so matches never hide one another. A comment must run to the end of its
// line: otherwise a line of `#` after an `=` backtracks exponentially. (U+2060 and U+200B are
// whitespace to tree-sitter-python; `\s` covers the rest.)
const TRIVIA = String.raw`(?:[\s\u2060\u200B\\]|#[^\r\n]*(?![^\r\n]))*`;
const NAME = String.raw`[\w\u0080-\uFFFF]+`;
const CANDIDATE_EQUALS = new RegExp(String.raw`=(?=${TRIVIA}(?:[[{(]|${NAME}(?:${TRIVIA}\.${TRIVIA}${NAME})*${TRIVIA}[(:[]))`, 'g');
const CANDIDATE_EQUALS_ONCE = new RegExp(CANDIDATE_EQUALS.source);
const PARAMETERS_OR_TYPE_PARAMETERS = /[([]/g;
const DEFAULT_PARAMETERS = new Set(['default_parameter', 'typed_default_parameter']);

/**
 * The default parameters (of `def`s and lambdas) whose value may be mutable, in source order: a
 * superset of those `isMutableDefault` accepts, found from the text and checked in the tree one `=`
 * at a time, without visiting the rest of the tree.
 */
export function candidateDefaults(source: string, root: Node): Node[] {
  const found: Node[] = [];
  for (const m of source.matchAll(CANDIDATE_EQUALS)) {
    // The smallest named node around a default's `=` is the parameter itself: its named children
    // (name, annotation, value) do not hold that `=`. Any other `=` lands elsewhere (an assignment,
    // a keyword argument, a string, a comment).
    const node = root.namedDescendantForIndex(m.index, m.index + 1);
    if (node && DEFAULT_PARAMETERS.has(node.type)) found.push(node);
  }
  // Source order of the parameters, as a tree walk gives: an annotation can hold a lambda with its
  // own default (`x: (lambda y=[]: T) = []`), whose `=` comes first.
  return found.sort((a, b) => a.startIndex - b.startIndex);
}

/**
 * From the text alone: whether a `def`'s parameter list or a lambda's parameters hold an `=` that
 * `candidateDefaults` would look at. False only when no default can be mutable.
 */
export function mayHaveMutableDefault(source: string): boolean {
  if (!source.includes('def') && !source.includes('lambda')) return false;
  const code = codeText(source);
  if (code === undefined) return true;
  // The parameters' text as it is: a string there can only add matches, never hide one.
  const holds = (start: number, end: number) => {
    const region = source.slice(start, end);
    return region.includes('=') && CANDIDATE_EQUALS_ONCE.test(region);
  };
  for (const m of code.matches(/\b(def|lambda)\b/g)) {
    const after = m.index + m[0].length;
    if (m[1] === 'def') {
      // Only a name, and type parameters in brackets (`def f[T: (int, str)](...)`), lie between `def` and its
      // parameters' parenthesis.
      PARAMETERS_OR_TYPE_PARAMETERS.lastIndex = after;
      let open = PARAMETERS_OR_TYPE_PARAMETERS.exec(source)?.index ?? -1;
      if (open !== -1 && source[open] === '[') open = source.indexOf('(', code.closingBracket(open));
      if (open !== -1 && holds(open, code.closingBracket(open))) return true;
    } else if (holds(after, code.lambdaParametersEnd(after))) return true;
  }
  return false;
}

export function isMutableDefault(
  value: Node,
  qualifiedName: QualifiedNameOf,
  mutableCalls: ReadonlySet<string>,
  immutableCalls: ReadonlySet<string>,
): boolean {
  // candidateDefaults must find every default this accepts: change the two together.
  const e = defaultCore(value);
  if (MUTABLE_DISPLAYS.has(e.type)) return true;
  if (e.type !== 'call') return false;
  const fn = e.childForFieldName('function');
  // A call whose callee is shadowed locally (`def list(): ...`) has no qualified name: not ours to judge.
  let qn = fn ? qualifiedName(fn) : undefined;
  if (qn?.startsWith('builtins.')) qn = qn.slice('builtins.'.length);
  return !!qn && mutableCalls.has(qn) && !immutableCalls.has(qn);
}

/**
 * Why the default's text cannot be evaluated inside the body with the same meaning, or null.
 * At definition time its names resolve in the enclosing scope; in the guard they resolve in the
 * function's scope, at call time.
 */
export function relocationProblem(value: Node, func: Node, scope: ScopeModel, source: string): string | null {
  // `await` and `yield` in a default belong to the function around the def: in the body, an await is a
  // SyntaxError (or waits in another coroutine) and a yield makes the function itself a generator.
  const suspends = suspension(value);
  if (suspends) return `the default contains \`${suspends}\`, which belongs to the enclosing function: in the body it would change what the function is`;
  const own = scope.scopeOf(func);
  const walrus = walrusProblem(value, source);
  if (walrus) return walrus;
  for (const ref of references(value)) {
    const name = ref.text;
    if (own.bindings.has(name) || own.declaredOuter.has(name)) {
      return `the default uses \`${name}\`, which the function itself binds: in the body it would read another value`;
    }
    // The variable the default reads where it is written (the scope around the def).
    const owner = scope.owningScope(name, ref);
    if (!owner || owner.kind === 'module') {
      // Star imports that may bind the name: one after the def, or one besides another binding, may
      // rebind it before a call.
      const stars = scope.wildcardImports().filter((star) => starImportMayBind(star, name));
      const after = stars.find((star) => star.startIndex > func.startIndex);
      if (after || (stars.length > 0 && (owner || stars.length > 1))) {
        return `the default reads \`${name}\`, which a star import (\`${(after ?? stars[0]!).parent!.text}\`) may rebind: at call time it could hold another value`;
      }
    }
    if (!owner || owner.kind === 'module') {
      // exec, globals()[...] = ..., builtins writes: bindings no binding form shows.
      const dynamic = scope.dynamicBindings(name)[0];
      if (dynamic) return `the default reads \`${name}\`, which may be rebound at run time (line ${dynamic.node.startPosition.row + 1}): at call time it could hold another value`;
    }
    if (!owner) continue; // a builtin
    if (owner.kind === 'class') return `the default reads the class attribute \`${name}\`, which the method body cannot see`;
    // Every place that variable may be bound, rebound or deleted: the module's own code and functions
    // declaring it `global`, or the enclosing function and closures declaring it `nonlocal`.
    const sites = scope.bindingSites(name, ref);
    // (A comprehension's walrus binds in the scope around it: look past comprehension scopes.)
    const bindingScope = (b: Node) => scope.scopeChain(b).find((s) => s.kind !== 'comprehension' && s.kind !== 'type-parameters');
    const elsewhere = sites.find((b) => bindingScope(b.node)?.node.id !== owner.node.id);
    if (elsewhere) {
      const how = owner.kind === 'module' ? 'global' : 'nonlocal';
      return `the default reads \`${name}\`, which code declaring \`${how} ${name}\` ${elsewhere.kind === 'del' ? 'deletes' : 'rebinds'} (line ${elsewhere.node.startPosition.row + 1}): at call time it could hold another value`;
    }
    // Bound only after the def (`range = ...` below it): the def read the builtin, the body would not.
    const later = sites.find((b) => b.node.startIndex >= func.endIndex);
    if (later) return `the default reads \`${name}\`, which is bound after the definition (line ${later.node.startPosition.row + 1}): at call time it could hold another value`;
    if (sites.some((b) => b.kind === 'del')) return `the default reads \`${name}\`, which is deleted later (\`del\`): at call time it could be unbound`;
    if (sites.length > 1 || sites.some((b) => b.kind === 'loop' || isLoopTarget(b.node))) {
      return `the default reads \`${name}\`, which is rebound after the definition: at call time it could hold another value`;
    }
    // One binding, but in a loop that also runs the def: each pass defines the function anew, and a
    // function defined in an earlier pass would read the value of a later one at call time.
    const loop = loopAround(func, owner.node, sites);
    if (loop) {
      return `the default reads \`${name}\`, which is bound in the loop around the definition (line ${loop.startPosition.row + 1}): a function defined in one pass would read a later pass's value at call time`;
    }
  }
  return null;
}

/**
 * A `:=` in the default binds its target in the scope around the def when the def runs; moved into
 * the guard it binds a local of the function, at call time. Harmless only when the name is used
 * nowhere else in the file (otherwise the enclosing scope loses it, or the body reads a local that a
 * call passing the argument never binds).
 */
function walrusProblem(value: Node, source: string): string | null {
  const walruses = value.type === 'named_expression' ? [value] : value.descendantsOfType('named_expression');
  for (const w of walruses) {
    if (!w) continue;
    // Inside a lambda the walrus binds in the lambda: it moves with it.
    let inLambda = false;
    for (let n = w.parent; n && n.id !== value.id; n = n.parent) if (n.type === 'lambda') inLambda = true;
    if (inLambda) continue;
    const target = w.childForFieldName('name')?.text;
    if (!target) continue;
    // (An identifier holds no regex syntax.) Counted in the whole text: strings and comments too.
    const uses = source.match(new RegExp(`(?<![\\p{L}\\p{N}_.])${target}(?![\\p{L}\\p{N}_])`, 'gu'))?.length ?? 0;
    if (uses > 1) return `the default binds \`${target}\` with \`:=\` in the scope around the definition, and \`${target}\` is used elsewhere: in the body it would be a local of the function instead`;
  }
  return null;
}

/** Names the expression reads (not attribute names, keyword names, or names its comprehensions/lambdas bind). */
function references(expr: Node): Node[] {
  const out: Node[] = [];
  const visit = (n: Node, bound: ReadonlySet<string>) => {
    switch (n.type) {
      case 'identifier':
        if (!bound.has(n.text)) out.push(n);
        return;
      case 'attribute':
        visit(n.childForFieldName('object')!, bound);
        return;
      case 'keyword_argument':
        visit(n.childForFieldName('value')!, bound);
        return;
      case 'named_expression':
        // The walrus target is written, not read.
        visit(n.childForFieldName('value')!, bound);
        return;
      case 'lambda': {
        const inner = new Set(bound);
        for (const p of n.childForFieldName('parameters')?.descendantsOfType('identifier') ?? []) if (p) inner.add(p.text);
        for (const c of n.namedChildren) if (c && c.type !== 'lambda_parameters') visit(c, inner);
        return;
      }
      case 'list_comprehension':
      case 'set_comprehension':
      case 'dictionary_comprehension':
      case 'generator_expression': {
        const inner = new Set(bound);
        for (const clause of n.namedChildren) {
          if (clause?.type !== 'for_in_clause') continue;
          for (const id of clause.childForFieldName('left')?.descendantsOfType('identifier') ?? []) if (id) inner.add(id.text);
        }
        for (const c of n.namedChildren) if (c) visit(c, inner);
        return;
      }
      case 'for_in_clause':
        visit(n.childForFieldName('right')!, bound);
        return;
    }
    for (const c of n.namedChildren) if (c) visit(c, bound);
  };
  visit(expr, new Set());
  return out;
}

/** A `for`/`while` loop of the scope `owner` that holds both the def and one of the binding sites. */
function loopAround(func: Node, owner: Node, sites: readonly { node: Node }[]): Node | undefined {
  for (let n: Node | null = func.parent; n && n.id !== owner.id; n = n.parent) {
    if (n.type !== 'for_statement' && n.type !== 'while_statement') continue;
    if (sites.some((b) => n!.startIndex <= b.node.startIndex && b.node.endIndex <= n!.endIndex)) return n;
  }
  return undefined;
}

function isLoopTarget(name: Node): boolean {
  for (let n: Node | null = name.parent; n; n = n.parent) {
    if (n.type === 'for_statement') return !!n.childForFieldName('left') && n.childForFieldName('left')!.startIndex <= name.startIndex && name.endIndex <= n.childForFieldName('left')!.endIndex;
    if (n.type === 'block' || n.type === 'module') return false;
  }
  return false;
}

/** `await`, `yield` or an `async for` clause in an expression, outside the lambdas nested in it. */
function suspension(expr: Node): string | null {
  if (expr.type === 'await') return 'await';
  if (expr.type === 'yield') return 'yield';
  if (expr.type === 'for_in_clause' && expr.children.some((c) => c?.type === 'async')) return 'async for';
  if (expr.type === 'lambda') return null;
  for (const c of expr.namedChildren) {
    const found = c && suspension(c);
    if (found) return found;
  }
  return null;
}
