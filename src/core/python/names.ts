// Where a name is spelt in a module, and whether a new module-level binding of it would change what
// existing code means: the checks behind the conflict-safe import helpers.
import type { Node } from 'web-tree-sitter';
import type { Scope, ScopeModel } from './scope.js';
import { bindingAt, classFallback, classReadMayFallBack, variableScope } from './references.js';
import { firstStarImportBinding } from './star-exports.js';

/**
 * True when this identifier names a variable (a use, a binding or a `global`/`nonlocal` declaration), not
 * an attribute (`x.name`), a keyword argument's label (`f(name=1)`), a keyword pattern's label
 * (`case P(name=1)`) or a part of a module path (`import a.name`, `from name import x`).
 */
export function isVariableName(id: Node): boolean {
  const parent = id.parent;
  if (!parent) return false;
  switch (parent.type) {
    case 'attribute':
      return parent.childForFieldName('attribute')?.id !== id.id;
    case 'keyword_argument':
      return parent.childForFieldName('name')?.id !== id.id;
    case 'keyword_pattern':
      return parent.namedChild(0)?.id !== id.id;
    case 'dotted_name': {
      const first = parent.namedChild(0)?.id === id.id;
      const holder = parent.parent;
      switch (holder?.type) {
        case 'import_statement': // `import a.b.c` binds a
          return first;
        case 'import_from_statement':
        case 'future_import_statement': // `from m import x`: x is bound, m is a path
          return holder.childForFieldName('module_name')?.id !== parent.id;
        case 'aliased_import': // `import a.b as c`, `from m import x as c`: only the alias is bound
        case 'relative_import':
          return false;
        default: // `case a.B(...)`: a is looked up
          return first;
      }
    }
    default:
      return true;
  }
}

/** A regex matching `name` as a whole identifier (Python identifiers may be non-ASCII). */
function wordRegex(name: string): RegExp {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}_\\p{Mn}\\p{Mc}])${escaped}(?![\\p{L}\\p{N}_\\p{Mn}\\p{Mc}])`, 'gu');
}

/**
 * Every identifier spelling `name` as a variable (see `isVariableName`), in source order. Found from the
 * text first: only the places where the word occurs are looked up in the tree.
 */
export function nameOccurrences(root: Node, source: string, name: string): Node[] {
  const found: Node[] = [];
  for (const m of source.matchAll(wordRegex(name))) {
    const node = root.descendantForIndex(m.index, m.index + name.length);
    if (node?.type === 'identifier' && node.startIndex === m.index && node.endIndex === m.index + name.length && isVariableName(node)) found.push(node);
  }
  return found;
}

/** 1-based line of a node, for messages. */
export function lineOf(node: Node): number {
  return node.startPosition.row + 1;
}

/**
 * True when `node` runs while the module itself runs: not inside the body of a def or lambda (which runs
 * when called). A def's decorators, defaults and annotations, a class body and a comprehension run on the
 * spot, when the statement holding them does.
 */
export function isModuleLevelCode(node: Node): boolean {
  for (let child = node, p = node.parent; p; child = p, p = p.parent) {
    if ((p.type === 'function_definition' || p.type === 'lambda') && p.childForFieldName('body')?.id === child.id) return false;
  }
  return true;
}

/**
 * Why binding `name` at module level (with an import) would change what existing code means, or
 * undefined when it would not. `at` are the places the caller will write `name`: there it must mean the
 * new binding. Without `at`, any binding of `name` in any scope counts as a conflict (the caller may write
 * it anywhere).
 */
export function moduleBindingProblem(scope: ScopeModel, root: Node, source: string, name: string, at?: readonly Node[]): string | undefined {
  return bindingProblem(scope, root, source, scope.scopeOf(root), name, at);
}

/**
 * Why a new binding of `name` in `target` (a scope) would change what existing code means, or undefined:
 * `target` binds it already; a wildcard import or a `global` declaration may (module); some code that sees
 * `target` reads `name` from an outer scope or the builtins today (the new binding would capture it); or,
 * at the sites `at` where the caller will write it, a scope nested in `target` binds it (without `at`:
 * anywhere in `target`).
 */
export function bindingProblem(scope: ScopeModel, root: Node, source: string, target: Scope, name: string, at?: readonly Node[]): string | undefined {
  const isModule = target.node.id === root.id;
  if (isModule) {
    const wildcard = firstStarImportBinding(scope.wildcardImports(), name);
    if (wildcard) return `${wildcardText(wildcard)} (line ${lineOf(wildcard)}) may bind \`${name}\``;
  }
  const bound = target.bindings.get(name)?.[0];
  if (bound) return `\`${name}\` is already bound at line ${lineOf(bound.node)}`;
  if (target.declaredOuter.has(name)) return `\`${name}\` is declared global or nonlocal in this scope`;
  let nested: Node | undefined;
  for (const o of nameOccurrences(root, source, name)) {
    if (!contains(target.node, o)) continue;
    if (isModule && o.parent?.type === 'global_statement') return `\`${name}\` is declared global at line ${lineOf(o)}`;
    const owner = variableScope(scope, root, name, o);
    if (owner && owner !== target && contains(target.node, owner.node)) {
      // A read in a class body that binds the name may still reach outside the class (`x = f(x)`).
      const fallback =
        owner.kind === 'class' && !bindingAt(scope, root, o) && classReadMayFallBack(owner, name, o) ? classFallback(scope, root, name, owner) : owner;
      if (fallback === owner || (fallback && fallback !== target && contains(target.node, fallback.node))) {
        nested ??= o; // a variable of a scope inside target: a new binding in target leaves it alone
        continue;
      }
      return `\`${name}\` is read at line ${lineOf(o)} in a class body that also binds it: it may mean ${fallback ? 'an outer variable' : isBuiltinName(name) ? 'the builtin' : 'no variable'} there`;
    }
    // Read from an outer scope or the builtins (or a NameError today) where target's names are seen:
    // the new binding would capture it.
    if (scope.scopeChain(o).includes(target))
      return `\`${name}\` is used at line ${lineOf(o)}, where it means ${owner ? `the variable bound at line ${lineOf(owner.bindings.get(name)?.[0]?.node ?? o)}` : isBuiltinName(name) ? 'the builtin' : 'no variable'}`;
  }
  if (at) {
    for (const site of at) {
      const owner = variableScope(scope, root, name, site);
      if (owner && owner !== target && contains(target.node, owner.node))
        return `\`${name}\` is bound at line ${lineOf(owner.bindings.get(name)?.[0]?.node ?? site)}, in a scope around line ${lineOf(site)}`;
    }
    return undefined;
  }
  return nested ? `\`${name}\` is bound at line ${lineOf(nested)}` : undefined;
}

function contains(outer: Node, inner: Node): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

/**
 * Why existing module-level imports (`bindings`, usually one) of `name` cannot be relied on to mean that
 * import where the caller writes `name` (`at`; without it: anywhere), or undefined when they can: they are
 * the only bindings of the name in the module, no function declares the name global, no later wildcard
 * import may rebind it, and no scope around the sites (any scope, without `at`) binds the name itself.
 */
export function reuseProblem(scope: ScopeModel, root: Node, source: string, name: string, bindings: readonly Node[], at?: readonly Node[]): string | undefined {
  const isOurs = (n: Node) => bindings.some((b) => b.id === n.id);
  const other = scope.moduleBindings(name).find((b) => !isOurs(b.node));
  if (other) return `\`${name}\` is also bound at line ${lineOf(other.node)}`;
  const first = Math.min(...bindings.map((b) => b.startIndex));
  const wildcard = firstStarImportBinding(scope.wildcardImports(), name, first);
  if (wildcard) return `${wildcardText(wildcard)} (line ${lineOf(wildcard)}) may rebind \`${name}\``;
  let local: Node | undefined;
  for (const o of nameOccurrences(root, source, name)) {
    if (o.parent?.type === 'global_statement') return `\`${name}\` is declared global at line ${lineOf(o)}`;
    if (nestedBinding(scope, root, o, name)) local ??= o;
    else {
      const resolved = scope.resolve(name, o);
      if (resolved && !isOurs(resolved.node)) local ??= resolved.node;
    }
  }
  if (at) return shadowedAt(scope, name, at, bindings);
  return local ? `\`${name}\` is bound at line ${lineOf(local)}` : undefined;
}

/** Why `name` at one of the sites would not mean one of `wanted` (none: the module-level name to come). */
function shadowedAt(scope: ScopeModel, name: string, at: readonly Node[], wanted: readonly Node[]): string | undefined {
  for (const site of at) {
    const b = scope.resolve(name, site);
    if (b && !wanted.some((w) => w.id === b.node.id)) return `\`${name}\` is bound at line ${lineOf(b.node)}, in a scope around line ${lineOf(site)}`;
  }
  return undefined;
}

/** True when the identifier binds a variable of a scope nested in the module (a parameter, a local...). */
function nestedBinding(scope: ScopeModel, root: Node, o: Node, name: string): boolean {
  const owner = variableScope(scope, root, name, o);
  return !!owner && owner.node.id !== root.id && !!bindingAt(scope, root, o);
}

function wildcardText(star: Node): string {
  const stmt = star.parent;
  return stmt ? `\`${stmt.text.replace(/\s+/g, ' ')}\`` : '`from ... import *`';
}

// Python 3.11's builtins, for the wording of messages only.
const BUILTINS = new Set(
  ('abs aiter all anext any ascii bin bool breakpoint bytearray bytes callable chr classmethod compile complex ' +
    'copyright credits delattr dict dir divmod enumerate eval exec exit filter float format frozenset getattr ' +
    'globals hasattr hash help hex id input int isinstance issubclass iter len license list locals map max ' +
    'memoryview min next object oct open ord pow print property quit range repr reversed round set setattr ' +
    'slice sorted staticmethod str sum super tuple type vars zip __import__ __build_class__ __debug__ ' +
    '__doc__ __name__ __file__ __spec__ __loader__ __package__').split(' '),
);

function isBuiltinName(name: string): boolean {
  return BUILTINS.has(name) || /^[A-Z]\w*(Error|Exception|Warning)$/.test(name);
}
