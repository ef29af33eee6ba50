// "M.f is now N.g" (or "module M is now N"): rewrite every import of it and every use through those
// imports, all or nothing, never taking a name that means something else.
import type { Node } from 'web-tree-sitter';
import type { Edit } from '../types.js';
import { insertImportLine, type ImportRequestContext } from './imports.js';
import { importModule } from './ensure-import.js';
import { dropImportItems, importedNames, type ImportedName } from './import-statements.js';
import { bindingAt, referencesIn, stringMentions, type Reference } from './references.js';
import { bindingProblem, lineOf } from './names.js';
import { importStatementsOf } from './remove-import.js';
import { lineEndOf } from '../text.js';

/** A module (`{ module: 'old_api' }`) or a name in one (`{ module: 'old_api', name: 'fetch' }`). */
export interface ImportTarget {
  module: string;
  name?: string;
}

export type RenameImportResult =
  | { ok: true; edits: Edit[]; /** How many imports were rewritten. */ imports: number; /** How many uses were rewritten. */ uses: number }
  | { ok: false; reason: string };

const DOTTED = /^[\p{L}_][\p{L}\p{N}_]*(\.[\p{L}_][\p{L}\p{N}_]*)*$/u;
const IDENTIFIER = /^[\p{L}_][\p{L}\p{N}_]*$/u;

class Refusal extends Error {}

interface Counts {
  imports: number;
  uses: number;
  /** Uses already rewritten (by id), so that two imports of one package do not count them twice. */
  seen: Set<number>;
}

/** The attribute chain `base.a.b` rooted at identifier `ref` whose text (blanks aside) is `chain`, if any. */
function chainAt(ref: Node, chain: string): Node | undefined {
  let n: Node = ref;
  for (;;) {
    const text = n.text.replace(/\s+/g, '');
    if (text === chain) return n;
    if (!chain.startsWith(`${text}.`)) return undefined;
    const parent = n.parent;
    if (parent?.type !== 'attribute' || parent.childForFieldName('object')?.id !== n.id) return undefined;
    n = parent;
  }
}

/** References that need the binding to exist (reads, `x += 1`, `del x`), the binding itself left out. */
function usesOf(ctx: ImportRequestContext, n: ImportedName): Reference[] {
  const own = bindingAt(ctx.scope, ctx.root, n.local);
  return referencesIn(ctx.scope, ctx.root, ctx.source, n.local.text, own?.scope).filter((r) => r.node.id !== n.local.id);
}

/**
 * Renames what `from` names to what `to` names, in every import statement of the file and in every use
 * through those imports; refuses (nothing changes) when one of them cannot be rewritten safely.
 */
export function renameImport(ctx: ImportRequestContext, from: ImportTarget, to: ImportTarget): RenameImportResult {
  for (const t of [from, to]) {
    if (!DOTTED.test(t.module)) throw new Error(`renameImport: \`${t.module}\` is not an absolute dotted module name`);
    if (t.name !== undefined && !IDENTIFIER.test(t.name)) throw new Error(`renameImport: \`${t.name}\` is not an identifier`);
  }
  if ((from.name === undefined) !== (to.name === undefined)) throw new Error('renameImport: rename a module to a module, or a name to a name');
  const edits: Edit[] = [];
  const counts: Counts = { imports: 0, uses: 0, seen: new Set() };
  try {
    // `import os` reaches `os.path.join` too: for a dotted module, the statements naming its package count.
    const statements = importStatementsOf(ctx, from.module);
    const top = from.module.split('.')[0]!;
    if (from.name !== undefined && top !== from.module)
      for (const s of importStatementsOf(ctx, top)) if (!statements.some((x) => x.id === s.id)) statements.push(s);
    statements.sort((a, b) => a.startIndex - b.startIndex);
    for (const statement of statements) {
      if (statement.type === 'import_from_statement' && statement.descendantsOfType('wildcard_import').length > 0) {
        if (statement.childForFieldName('module_name')?.text === from.module && from.name !== undefined)
          throw new Refusal(`\`${from.name}\` may come from \`${statement.text}\` (line ${lineOf(statement)})`);
        if (from.name === undefined && moduleMatches(statement.childForFieldName('module_name')?.text, from.module)) {
          edits.push(renameModuleNode(statement.childForFieldName('module_name')!, from.module, to.module));
          counts.imports++;
        }
        continue;
      }
      if (from.name !== undefined) renameNameIn(ctx, statement, from as Required<ImportTarget>, to as Required<ImportTarget>, edits, counts);
      else renameModuleIn(ctx, statement, from.module, to.module, edits, counts);
    }
  } catch (err) {
    if (err instanceof Refusal) return { ok: false, reason: err.message };
    throw err;
  }
  return { ok: true, edits: dedupe(edits), imports: counts.imports, uses: counts.uses };
}

function moduleMatches(text: string | undefined, module: string): boolean {
  const t = text?.replace(/\s+/g, '');
  return t === module || !!t?.startsWith(`${module}.`);
}

function renameModuleNode(node: Node, from: string, to: string): Edit {
  return { start: node.startIndex, end: node.endIndex, text: to + node.text.replace(/\s+/g, '').slice(from.length) };
}

function dedupe(edits: Edit[]): Edit[] {
  const seen = new Set<string>();
  return edits.filter((e) => {
    const key = `${e.start}:${e.end}:${e.text}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * How a use of `from` through this module import is spelt, or undefined when it cannot reach it:
 * `import old_api as m` -> `m.fetch`; `import os` (or `import os.path`) for `os.path.join` ->
 * `os.path.join` (the name binds the package, attributes reach the submodule); `import os as o` -> `o.path.join`.
 */
function moduleChain(n: ImportedName, from: Required<ImportTarget>): string | undefined {
  if (n.alias !== undefined) {
    if (n.module === from.module) return `${n.alias}.${from.name}`;
    if (from.module.startsWith(`${n.module}.`)) return `${n.alias}${from.module.slice(n.module.length)}.${from.name}`;
    return undefined;
  }
  return n.module.split('.')[0] === from.module.split('.')[0] ? `${from.module}.${from.name}` : undefined;
}

/** The text of one imported item: `name` or `name as alias` (no alias when it equals the name). */
const itemText = (name: string, alias: string | undefined) => (alias && alias !== name ? `${name} as ${alias}` : name);

/** `M.f` -> `N.g` in one statement (see renameImport). */
function renameNameIn(
  ctx: ImportRequestContext,
  statement: Node,
  from: Required<ImportTarget>,
  to: Required<ImportTarget>,
  edits: Edit[],
  counts: Counts,
): void {
  const names = importedNames(statement);
  for (const n of names) {
    if (n.member === from.name && n.module === from.module) {
      // `from M import f [as x]`.
      const uses = usesOf(ctx, n);
      const own = bindingAt(ctx.scope, ctx.root, n.local);
      let local = n.alias ?? to.name;
      // Another import or a parameter binds the same variable: renaming its uses would rename those too.
      // Or a class body reads it where it may mean the class's own variable: renaming that read could break either.
      const sharedBinding = uses.some((u) => u.ambiguous || (u.kind === 'bind' && (u.binding?.kind === 'import' || u.binding?.kind === 'parameter')));
      if (n.alias === undefined && local !== n.local.text && sharedBinding) local = n.local.text;
      if (n.alias === undefined && local !== n.local.text) {
        const mention = stringMentions(ctx.root, ctx.source, n.local.text)[0];
        const problem = mention
          ? `\`${n.local.text}\` is named in a string at line ${lineOf(mention)}`
          : own && bindingProblem(ctx.scope, ctx.root, ctx.source, own.scope, local, uses.map((u) => u.node));
        // The new name is taken where the old one is used: keep the old name as the alias.
        if (problem) local = n.local.text;
      }
      const text = itemText(to.name, local);
      if (names.length === 1) {
        edits.push(renameModuleNode(statement.childForFieldName('module_name')!, from.module, to.module));
        edits.push({ start: n.item.startIndex, end: n.item.endIndex, text });
      } else {
        edits.push(...dropImportItems(ctx.source, statement, [n.item]));
        edits.push(newStatementAfter(ctx, statement, `from ${to.module} import ${text}`, to.module, { name: to.name, asname: local === to.name ? undefined : local }));
      }
      counts.imports++;
      if (local !== n.local.text) {
        for (const u of uses) edits.push({ start: u.node.startIndex, end: u.node.endIndex, text: local });
        counts.uses += uses.length;
      }
    } else if (n.member === undefined) {
      // `import M [as m]`, `import M.sub`, `import P` for M = P.x: uses spelt `m.f`, `M.f`, `m.x.f`.
      const chain = moduleChain(n, from);
      if (chain === undefined) continue;
      const base = n.alias ?? n.local.text;
      const uses = usesOf(ctx, n);
      const matched = uses.map((u) => ({ u, node: chainAt(u.node, chain) })).filter((x): x is { u: Reference; node: Node } => !!x.node);
      if (matched.length === 0) continue;
      const unsure = matched.find((m) => m.u.ambiguous);
      if (unsure) throw new Refusal(`\`${unsure.node.text}\` at line ${lineOf(unsure.node)} is in a class body that binds \`${base}\` too: it may not be the import`);
      // Two imports binding the same package (`import os`, `import os.path`) share their uses: count them once.
      const fresh = matched.filter((m) => !counts.seen.has(m.node.id));
      for (const m of fresh) counts.seen.add(m.node.id);
      const others = uses.filter((u) => !matched.some((m) => m.u === u));
      const sites = matched.map((m) => m.node);
      // Every use is migrated: the import itself moves (`import M` -> `import N`, `import M as m` -> `import N as m`).
      const inPlace = others.length === 0 && !stringMentions(ctx.root, ctx.source, base)[0];
      let spelling: string | undefined;
      if (inPlace) {
        const own = bindingAt(ctx.scope, ctx.root, n.local);
        // An alias of the module itself stays (`import old_api as api`); one of its package does not
        // (`import os as o` for os.path.join becomes `import posixpath`).
        const alias = n.alias !== undefined && n.module === from.module ? n.alias : undefined;
        const newBase = alias ?? to.module.split('.')[0]!;
        const free = newBase === base || !own || !bindingProblem(ctx.scope, ctx.root, ctx.source, own.scope, newBase, sites);
        if (free) {
          edits.push({ start: n.item.startIndex, end: n.item.endIndex, text: itemText(to.module, alias) });
          spelling = alias ?? to.module;
        }
      }
      if (spelling === undefined) {
        // Added beside it (the old import stays while something else uses it, or while the new name is taken).
        const r = importModule(ctx, to.module, { at: sites });
        if (!r.ok) throw new Refusal(r.reason);
        edits.push(...r.edits);
        spelling = r.name;
      }
      counts.imports++;
      for (const m of matched) edits.push({ start: m.node.startIndex, end: m.node.endIndex, text: `${spelling}.${to.name}` });
      counts.uses += fresh.length;
    }
  }
}

/** `import M` -> `import N` and the rest (see renameImport), in one statement. */
function renameModuleIn(ctx: ImportRequestContext, statement: Node, from: string, to: string, edits: Edit[], counts: Counts): void {
  if (statement.type === 'import_from_statement') {
    const moduleNode = statement.childForFieldName('module_name');
    if (moduleNode?.type === 'dotted_name' && moduleMatches(moduleNode.text, from)) {
      edits.push(renameModuleNode(moduleNode, from, to));
      counts.imports++;
    }
    return;
  }
  for (const n of importedNames(statement)) {
    if (!moduleMatches(n.module, from)) continue;
    const nameNode = n.item.type === 'aliased_import' ? n.item.childForFieldName('name')! : n.item;
    counts.imports++;
    if (n.alias !== undefined) {
      edits.push(renameModuleNode(nameNode, from, to));
      continue;
    }
    // Unaliased: the bound name is M's first part; its uses follow it.
    const oldBase = from.split('.')[0]!;
    const newBase = to.split('.')[0]!;
    if (from.includes('.') || to.includes('.'))
      throw new Refusal(`\`${statement.text}\` binds \`${oldBase}\`: rewrite its uses by hand (only one-part module names are renamed with their uses)`);
    const own = bindingAt(ctx.scope, ctx.root, n.local);
    const uses = usesOf(ctx, n);
    const mention = stringMentions(ctx.root, ctx.source, oldBase)[0];
    const shared = uses.find((u) => u.ambiguous || (u.kind === 'bind' && (u.binding?.kind === 'import' || u.binding?.kind === 'parameter')));
    const problem = mention
      ? `\`${oldBase}\` is named in a string at line ${lineOf(mention)}`
      : shared
        ? `\`${oldBase}\` is ${shared.ambiguous ? 'read in a class body that binds it too' : 'also bound'} at line ${lineOf(shared.node)}`
        : own && bindingProblem(ctx.scope, ctx.root, ctx.source, own.scope, newBase, uses.map((u) => u.node));
    if (problem) {
      // Keep the old name bound (`import N as M`): the uses stay as they are.
      if (n.module !== from) throw new Refusal(`cannot rename \`${oldBase}\` to \`${newBase}\`: ${problem}`);
      edits.push({ start: n.item.startIndex, end: n.item.endIndex, text: `${to} as ${oldBase}` });
      continue;
    }
    edits.push(renameModuleNode(nameNode, from, to));
    for (const u of uses) edits.push({ start: u.node.startIndex, end: u.node.endIndex, text: newBase });
    counts.uses += uses.length;
  }
}

/** A new import statement for what is split off `statement`: sorted into the top imports, or on the next line. */
function newStatementAfter(ctx: ImportRequestContext, statement: Node, line: string, module: string, member: { name: string; asname?: string }): Edit {
  if (statement.parent?.id === ctx.root.id) return insertImportLine(ctx, line, module, true, member);
  const end = lineEndOf(ctx.source, statement.endIndex);
  const indent = ctx.source.slice(ctx.source.lastIndexOf('\n', statement.startIndex - 1) + 1, statement.startIndex);
  const atEof = end === ctx.source.length && !/[\r\n]$/.test(ctx.source);
  return { start: end, end, text: `${atEof ? ctx.lineEnding : ''}${/^[ \t]*$/.test(indent) ? indent : ''}${line}${ctx.lineEnding}` };
}
