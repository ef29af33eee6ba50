// "This code needs module M (or name N from M)": the conflict-safe import requests behind
// ctx.python.ensureImport / ensureFromImport. Each answers with the name to write and the edits that make it
// valid, or refuses with a reason; it never binds a name that already means something else (LibCST's
// AddImportsVisitor adds blindly; Ruff's Importer refuses on a conflict; we reuse, then add, then alias).
import type { Node } from 'web-tree-sitter';
import type { Edit } from '../types.js';
import { compareMembers, insertImportLine, type ImportRequestContext, type MemberKeyInput } from './imports.js';
import { isModuleLevelCode, moduleBindingProblem, reuseProblem } from './names.js';

export interface ImportOptions {
  /**
   * Where the returned name will be written (the nodes being replaced, or near them): it must mean the
   * import there, so a local variable of that name in a function around them makes it taken. Default:
   * anywhere, so that a binding of the name in any scope of the module makes it taken.
   */
  at?: Node | readonly Node[];
  /**
   * When the plain name is taken: the alias to import it as instead (default `<module>_<name>` for
   * ensureFromImport, `<module>_module` for a one-part module and `a_b` for `a.b` in ensureImport), or
   * `false` to refuse rather than alias.
   */
  alias?: string | false;
}

/** The name to write, and the edits (none when an existing import serves), or why not. */
export type ImportResult = { ok: true; name: string; edits: Edit[] } | { ok: false; reason: string };

const DOTTED = /^[\p{L}_][\p{L}\p{N}_]*(\.[\p{L}_][\p{L}\p{N}_]*)*$/u;
const IDENTIFIER = /^[\p{L}_][\p{L}\p{N}_]*$/u;

function sitesOf(options: ImportOptions): readonly Node[] | undefined {
  const at = options.at;
  return at === undefined ? undefined : Array.isArray(at) ? at : [at as Node];
}

/** Module-level statements the import may be reused from: they run before any module-level use site. */
function runsBefore(stmt: Node, sites: readonly Node[] | undefined): boolean {
  return (sites ?? []).every((s) => !isModuleLevelCode(s) || stmt.endIndex <= s.startIndex);
}

/**
 * True when `local`, bound by `binding` (an import at module level), means that import at every site:
 * its only module-level binding, not declared global elsewhere, not shadowed where it is written.
 */
function reusable(ctx: ImportRequestContext, local: string, binding: Node, sites: readonly Node[] | undefined): boolean {
  const stmt = importStatementOf(binding);
  if (!stmt || stmt.parent?.id !== ctx.root.id || !runsBefore(stmt, sites)) return false;
  return reuseProblem(ctx.scope, ctx.root, ctx.source, local, [binding], sites) === undefined;
}

function importStatementOf(node: Node): Node | null {
  for (let n: Node | null = node; n; n = n.parent)
    if (n.type === 'import_statement' || n.type === 'import_from_statement') return n;
  return null;
}

/** An existing `import module` / `import module as x` / `import module.sub` at module level that serves. */
function existingModuleImport(ctx: ImportRequestContext, module: string, sites: readonly Node[] | undefined): string | undefined {
  const top = module.split('.')[0]!;
  for (const stmt of ctx.root.namedChildren) {
    if (stmt?.type !== 'import_statement') continue;
    for (const item of stmt.namedChildren) {
      if (!item) continue;
      if (item.type === 'aliased_import') {
        const alias = item.childForFieldName('alias');
        if (alias && item.childForFieldName('name')?.text === module && reusable(ctx, alias.text, alias, sites)) return alias.text;
      } else if (item.type === 'dotted_name' && (item.text === module || item.text.startsWith(`${module}.`))) {
        // `import a.b` (or `import a.b.c`) makes `a.b` usable as long as `a` means the package a.
        if (runsBefore(stmt, sites) && reusableAsPackage(ctx, top, sites)) return module;
      }
    }
  }
  return undefined;
}

/** Every module-level binding of `top` is a plain `import top[.x]`: they all bind the package itself. */
function onlyPackageImports(ctx: ImportRequestContext, top: string): boolean {
  const bindings = ctx.scope.moduleBindings(top);
  return bindings.length > 0 && bindings.every((b) => b.kind === 'import' && b.qualifiedName === top && b.node.parent?.type === 'dotted_name');
}

/**
 * `top` means the package `top` at every site: its module-level bindings are all plain `import top[.x]`
 * statements, the first runs before the module-level sites, and nothing else rebinds or shadows it.
 */
function reusableAsPackage(ctx: ImportRequestContext, top: string, sites: readonly Node[] | undefined): boolean {
  if (!onlyPackageImports(ctx, top)) return false;
  const bindings = ctx.scope.moduleBindings(top).map((b) => b.node);
  const stmt = importStatementOf(bindings[0]!);
  if (!stmt || stmt.parent?.id !== ctx.root.id || !runsBefore(stmt, sites)) return false;
  return reuseProblem(ctx.scope, ctx.root, ctx.source, top, bindings, sites) === undefined;
}

/**
 * `import module`, conflict-safe: reuses an import that already serves (`import module [as x]`, or
 * `import module.sub`); else adds `import module` when its first name is free (or already the same
 * package); else adds `import module as <alias>`; else refuses.
 */
export function importModule(ctx: ImportRequestContext, module: string, options: ImportOptions = {}): ImportResult {
  if (!DOTTED.test(module)) throw new Error(`ensureImport: \`${module}\` is not an absolute dotted module name`);
  const sites = sitesOf(options);
  const existing = existingModuleImport(ctx, module, sites);
  if (existing !== undefined) return { ok: true, name: existing, edits: [] };

  const top = module.split('.')[0]!;
  // Another `import top.x` already binds top to the package: importing top.y rebinds it to the same object.
  const samePackage = reusableAsPackage(ctx, top, sites);
  const problem = samePackage ? undefined : moduleBindingProblem(ctx.scope, ctx.root, ctx.source, top, sites);
  if (problem === undefined) return { ok: true, name: module, edits: [insertImportLine(ctx, `import ${module}`, module, false)] };

  const alias = options.alias ?? (module.includes('.') ? module.replace(/\./g, '_') : `${module}_module`);
  // A wildcard import may bind any alias too: no point in trying one.
  if (alias === false || ctx.scope.hasWildcardImport()) return { ok: false, reason: `cannot import \`${module}\`: ${problem}` };
  if (!IDENTIFIER.test(alias)) throw new Error(`ensureImport: alias \`${alias}\` is not an identifier`);
  const aliasProblem = moduleBindingProblem(ctx.scope, ctx.root, ctx.source, alias, sites);
  if (aliasProblem !== undefined) return { ok: false, reason: `cannot import \`${module}\`: ${problem}; as \`${alias}\`: ${aliasProblem}` };
  return { ok: true, name: alias, edits: [insertImportLine(ctx, `import ${module} as ${alias}`, module, false)] };
}

/**
 * `from module import name`, conflict-safe: reuses an existing `from module import name [as x]` (then
 * `x`), or an existing `import module [as m]` (then `m.name`); else adds `from module import name` when
 * `name` is free (joined into an existing one-line `from module import ...` at its sorted place); else adds
 * `from module import name as <alias>`; else refuses.
 */
export function importName(ctx: ImportRequestContext, module: string, name: string, options: ImportOptions = {}): ImportResult {
  if (!DOTTED.test(module)) throw new Error(`ensureFromImport: \`${module}\` is not an absolute dotted module name`);
  if (!IDENTIFIER.test(name)) throw new Error(`ensureFromImport: \`${name}\` is not an identifier`);
  const sites = sitesOf(options);
  const wanted = `${module}.${name}`;
  for (const [local, bindings] of ctx.scope.scopeOf(ctx.root).bindings) {
    const b = bindings.find((x) => x.kind === 'import' && x.qualifiedName === wanted && importStatementOf(x.node)?.type === 'import_from_statement');
    if (b && reusable(ctx, local, b.node, sites)) return { ok: true, name: local, edits: [] };
  }
  const viaModule = existingModuleImport(ctx, module, sites);
  if (viaModule !== undefined) return { ok: true, name: `${viaModule}.${name}`, edits: [] };

  const problem = moduleBindingProblem(ctx.scope, ctx.root, ctx.source, name, sites);
  if (problem === undefined) return { ok: true, name, edits: [fromImportEdit(ctx, module, { name }, sites)] };

  const alias = options.alias ?? `${module.replace(/\./g, '_')}_${name}`;
  if (alias === false || ctx.scope.hasWildcardImport()) return { ok: false, reason: `cannot import \`${name}\` from \`${module}\`: ${problem}` };
  if (!IDENTIFIER.test(alias)) throw new Error(`ensureFromImport: alias \`${alias}\` is not an identifier`);
  const aliasProblem = moduleBindingProblem(ctx.scope, ctx.root, ctx.source, alias, sites);
  if (aliasProblem !== undefined)
    return { ok: false, reason: `cannot import \`${name}\` from \`${module}\`: ${problem}; as \`${alias}\`: ${aliasProblem}` };
  return { ok: true, name: alias, edits: [fromImportEdit(ctx, module, { name, asname: alias }, sites)] };
}

const memberText = (m: MemberKeyInput) => (m.asname ? `${m.name} as ${m.asname}` : m.name);

/** Joins the member into an existing one-line `from module import ...`, else a new statement. */
function fromImportEdit(ctx: ImportRequestContext, module: string, member: MemberKeyInput, sites: readonly Node[] | undefined): Edit {
  return joinFromImport(ctx, module, member, sites) ?? insertImportLine(ctx, `from ${module} import ${memberText(member)}`, module, true, member);
}

/**
 * `from m import a, c` + b -> `from m import a, b, c` (at the sorted place when the names are sorted,
 * else at the end): only a top-level statement on one line without parentheses, that runs before the
 * module-level sites, and whose line stays within the line length.
 */
function joinFromImport(ctx: ImportRequestContext, module: string, member: MemberKeyInput, sites: readonly Node[] | undefined): Edit | undefined {
  for (const stmt of ctx.root.namedChildren) {
    if (stmt?.type !== 'import_from_statement' || stmt.childForFieldName('module_name')?.text !== module) continue;
    if (stmt.startPosition.row !== stmt.endPosition.row || stmt.children.some((c) => c?.type === '(')) continue;
    if (!runsBefore(stmt, sites)) continue;
    const names = stmt.childrenForFieldName('name').filter((n): n is Node => !!n);
    if (names.length === 0) continue; // `from m import *`
    const keyOf = (n: Node): MemberKeyInput =>
      n.type === 'aliased_import'
        ? { name: n.childForFieldName('name')?.text ?? '', asname: n.childForFieldName('alias')?.text }
        : { name: n.text };
    const keys = names.map(keyOf);
    const sorted = keys.every((k, i) => i === 0 || compareMembers(keys[i - 1]!, k) <= 0);
    const text = memberText(member);
    const line = stmt.text.length + stmt.startPosition.column + text.length + 2;
    if (ctx.lineLength !== undefined && line > ctx.lineLength) continue;
    const before = sorted ? names.findIndex((_, i) => compareMembers(member, keys[i]!) < 0) : -1;
    if (before >= 0) return { start: names[before]!.startIndex, end: names[before]!.startIndex, text: `${text}, ` };
    const last = names[names.length - 1]!;
    return { start: last.endIndex, end: last.endIndex, text: `, ${text}` };
  }
  return undefined;
}
