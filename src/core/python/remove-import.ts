// "This module no longer needs M (or M.name)": drop the imports of it that nothing else uses, in every
// scope, as LibCST's RemoveImportsVisitor does, but as edits a fix carries together with the rewrites
// that freed them (so the import never goes while a use remains).
import type { Node } from 'web-tree-sitter';
import type { Edit } from '../types.js';
import type { ImportRequestContext } from './imports.js';
import { dropImportItems, importedNames, type ImportedName } from './import-statements.js';
import { bindingAt, referencesIn, stringMentions, type Reference } from './references.js';
import { lineOf } from './names.js';
import type { Scope } from './scope.js';
import { lastIndexWhere } from '../text.js';

export interface RemoveImportOptions {
  /**
   * The code your fix rewrites or deletes: uses of the name inside these nodes do not count, nor do string
   * annotations inside them that name it (`x: "old_api.Client"`, when your fix rewrites that string). With
   * it, an import is removed only when all its uses are inside them (one at least): an import nothing used
   * before your fix may be there for its side effects, and is kept. Without it, an unused import is removed.
   */
  ignoring?: readonly Node[];
  /**
   * The name is never part of a package's API (`typing.Optional`): a module-level import of it in an
   * `__init__.py` is not kept as a possible re-export. `__all__` entries and `import X as X` still keep it.
   */
  notReexported?: boolean;
}

export interface RemoveImportResult {
  /** The edits that drop the imports that can go (none when every one is still needed). */
  edits: Edit[];
  /** How many imported names the edits drop. */
  removed: number;
  /** The matching imports that stay, and why. */
  kept: { node: Node; line: number; reason: string }[];
}

/**
 * "Is this node inside one of the `ignoring` nodes?" in O(log n): the ranges sorted by start, with the
 * furthest end reached so far. A range that starts at or before the node and reaches its end holds it. A
 * fix may ignore thousands of annotations in a module that uses the name thousands of times: comparing
 * every use with every range cost time quadratic in the module's size (5 s for one 1.5 MB module).
 */
function insideAny(ignoring: readonly Node[] | undefined): (node: Node) => boolean {
  if (!ignoring || ignoring.length === 0) return () => false;
  const ranges = ignoring.map((n) => [n.startIndex, n.endIndex] as const).sort((a, b) => a[0] - b[0]);
  const starts = ranges.map((r) => r[0]);
  const reach: number[] = [];
  for (const [, end] of ranges) reach.push(Math.max(end, reach[reach.length - 1] ?? -1));
  return (node) => {
    const start = node.startIndex;
    const last = lastIndexWhere(starts.length, (i) => starts[i]! <= start); // the last range starting at or before it
    return last >= 0 && node.endIndex <= reach[last]!;
  };
}

/** A use that needs the binding: a read, an augmented assignment (reads first) or a `del` (needs it bound). */
function needsBinding(r: Reference): boolean {
  return r.kind === 'read' || (r.kind === 'bind' && (r.binding?.kind === 'augmented' || r.binding?.kind === 'del'));
}

/** The import statements that mention `module`, found from the text (any depth). */
export function importStatementsOf(ctx: ImportRequestContext, module: string): Node[] {
  const found: Node[] = [];
  const word = new RegExp(`(?<![\\p{L}\\p{N}_.])${module.replace(/\./g, '\\s*\\.\\s*')}(?![\\p{L}\\p{N}_])`, 'gu');
  for (const m of ctx.source.matchAll(word)) {
    let n: Node | null = ctx.root.descendantForIndex(m.index, m.index + m[0].length);
    while (n && n.type !== 'import_statement' && n.type !== 'import_from_statement' && n.type !== 'module') n = n.parent;
    if (n && n.type !== 'module' && !found.some((f) => f.id === n!.id)) found.push(n);
  }
  return found;
}

/**
 * Why this imported name must stay (besides its uses), or undefined. `mentions` gives the strings that
 * name it (stringMentions: a scan of the whole file, so the caller asks once per name).
 */
function mustStay(ctx: ImportRequestContext, n: ImportedName, options: RemoveImportOptions, mentions: () => Node[], ignored: (node: Node) => boolean): string | undefined {
  if (n.module === '__future__') return 'a `__future__` import changes how the module compiles';
  const original = n.member ?? n.module;
  if (n.alias !== undefined && n.alias === original) return `\`${original} as ${n.alias}\` marks a re-export`;
  const atModuleLevel = n.statement.parent?.type === 'module';
  if (atModuleLevel && !options.notReexported && ctx.path && /(^|[\\/])__init__\.pyi?$/.test(ctx.path))
    return 'a module-level import in `__init__.py` may be a re-export of the package';
  const mention = mentions().find((m) => !ignored(m));
  if (mention) return `\`${n.local.text}\` is named in a string at line ${lineOf(mention)} (\`__all__\` or an annotation)`;
  return undefined;
}

/**
 * Drops `import module` / `import module as m` (no `name`) or `from module import name [as x]` wherever
 * nothing uses the name it binds (outside `options.ignoring`). See RemoveImportOptions for what counts.
 */
export function removeImport(ctx: ImportRequestContext, module: string, name: string | undefined, options: RemoveImportOptions = {}): RemoveImportResult {
  const result: RemoveImportResult = { edits: [], removed: 0, kept: [] };
  const ignoring = options.ignoring;
  const ignored = insideAny(ignoring);
  // The uses of each name by the scope that binds it, found once: a module may import the same name in
  // many statements (each `try:` branch, each conditional), and each search reads the whole module.
  const referencesByScope = new Map<Scope | undefined, Map<string, Reference[]>>();
  const referencesOf = (name: string, target: Scope | undefined) => {
    let byName = referencesByScope.get(target);
    if (!byName) referencesByScope.set(target, (byName = new Map()));
    let refs = byName.get(name);
    if (!refs) byName.set(name, (refs = referencesIn(ctx.scope, ctx.root, ctx.source, name, target)));
    return refs;
  };
  // The strings naming each local name, found once per name (the same name may be imported in several places).
  const mentionsByName = new Map<string, Node[]>();
  const mentionsOf = (name: string) => {
    let found = mentionsByName.get(name);
    if (!found) {
      found = stringMentions(ctx.root, ctx.source, name);
      mentionsByName.set(name, found);
    }
    return found;
  };
  for (const statement of importStatementsOf(ctx, module)) {
    const drop: Node[] = [];
    for (const n of importedNames(statement)) {
      if (n.module !== module || n.member !== name) continue;
      const keep = (reason: string) => result.kept.push({ node: n.item, line: lineOf(n.item), reason });
      const mentions = () => mentionsOf(n.local.text);
      const why = mustStay(ctx, n, options, mentions, ignored);
      if (why) {
        keep(why);
        continue;
      }
      const own = bindingAt(ctx.scope, ctx.root, n.local);
      const refs = referencesOf(n.local.text, own?.scope).filter((r) => r.node.id !== n.local.id && needsBinding(r));
      const outside = refs.filter((r) => !ignored(r.node));
      if (outside.length > 0) {
        keep(`\`${n.local.text}\` is still used at line ${lineOf(outside[0]!.node)}`);
        continue;
      }
      // A string annotation the fix rewrites (in `ignoring`) counts as a use that goes with the fix.
      const rewrittenMention = !!ignoring && mentions().some((m) => ignored(m));
      if (ignoring && refs.length === 0 && !rewrittenMention) {
        keep(`\`${n.local.text}\` was not used: the import may be there for its side effects`);
        continue;
      }
      drop.push(n.item);
    }
    if (drop.length === 0) continue;
    result.edits.push(...dropImportItems(ctx.source, statement, drop));
    result.removed += drop.length;
  }
  return result;
}
