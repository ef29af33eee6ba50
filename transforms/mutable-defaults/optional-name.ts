// How to write `typing.Optional` in the annotation of one `def`. An annotation is evaluated when the
// `def` statement runs (unless `from __future__ import annotations`), in the scopes around it, so the
// name used must be bound by then and mean typing.Optional there:
//
// - an existing import is reused only when it is the one place its variable is bound (the scope
//   model's bindingSites: also `global`/`nonlocal` rebindings elsewhere and `del`), runs unconditionally
//   (directly in that scope's body: not under `if TYPE_CHECKING:`, `try:`, `if`, nor inside a function)
//   and before the statement holding the `def`, and no star import may rebind it;
// - so is `Optional` bound by an unconditional `from typing import *` before the def;
// - else an import is added at the top of the module (joined to a top-level `from typing import` line
//   before the def, else through the conflict-safe ensureFromImport / ensureImport), only when the name
//   is bound nowhere around the `def` but by other imports of the same object (an import added at the
//   top would otherwise be shadowed, or rebound later);
// - else the reason is returned, and the parameter is reported, not rewritten.
import type { Node } from 'web-tree-sitter';
import type { Edit, OptionValues, TransformContext } from '../../src/core/types.js';
import type { Scope } from '../../src/core/python/scope.js';
import { starImportMayBind, starImportModule } from '../../src/core/python/star-exports.js';

type Ctx = TransformContext<OptionValues<Record<string, never>>>;

const IMPORTS = new Set(['import_statement', 'import_from_statement']);

/** The node whose children are the statements of a scope: the module, or a def's or class's body block. */
function bodyOf(scope: Scope): Node | null {
  return scope.node.type === 'module' ? scope.node : scope.node.childForFieldName('body');
}

/** The ancestor of `node` (or `node` itself) that is a direct child of `body`. */
function statementIn(body: Node, node: Node): Node | null {
  for (let n: Node | null = node; n; n = n.parent) if (n.parent?.id === body.id) return n;
  return null;
}

/** True for the `*` of `from typing import *`. */
function isTypingStar(star: Node): boolean {
  const { module, level } = starImportModule(star);
  return level === 0 && module === 'typing';
}

export class OptionalSpeller {
  constructor(
    private readonly ctx: Pick<Ctx, 'python' | 'source' | 'root'>,
    /** The `function_definition` whose annotation needs the name. */
    private readonly func: Node,
    /** The annotation: names in it resolve from there. */
    private readonly annotation: Node,
  ) {}

  /** The spelling and the import edits it needs, or why none is safe. */
  spell(join: () => Edit | null): { name: string; edits: Edit[] } | { reason: string } {
    const problems: string[] = [];
    // 1. An existing `from typing import Optional [as X]` in force at the def.
    for (const local of this.importedNames('typing.Optional')) {
      const problem = this.problemWithImport(local, 'typing.Optional');
      if (!problem) return { name: local, edits: this.pin(local) };
      problems.push(problem);
    }
    // 1b. `from typing import *` already binds Optional at the def.
    if (this.typingStarBindsOptional()) return { name: 'Optional', edits: [] };
    // 2. An existing `import typing [as t]` in force at the def.
    for (const local of this.importedNames('typing')) {
      const problem = this.problemWithImport(local, 'typing');
      if (!problem) return { name: `${local}.Optional`, edits: this.pin(local) };
      problems.push(problem);
    }
    // 3. `from typing import Optional` added at the top (joined to a `from typing import` line there).
    // Other imports of typing.Optional elsewhere in the module (later, conditional) bind the same object.
    const optional = this.problemWithAdding('Optional', 'typing.Optional');
    if (!optional) {
      const joined = join();
      if (joined) return { name: 'Optional', edits: [joined] };
      const r = this.ctx.python.ensureFromImport('typing', 'Optional', { at: this.annotation, alias: false });
      if (r.ok && r.edits.length > 0 && r.name === 'Optional') return { name: 'Optional', edits: r.edits };
    } else problems.push(optional);
    // 4. `import typing` added at the top.
    const typing = this.problemWithAdding('typing', 'typing');
    if (!typing) {
      const r = this.ctx.python.ensureImport('typing', { at: this.annotation, alias: false });
      if (r.ok && r.edits.length > 0) return { name: `${r.name}.Optional`, edits: r.edits };
    } else problems.push(typing);
    return { reason: `the annotation needs \`Optional\` or \`typing\`, and neither can be named safely here: ${[...new Set(problems)].join('; ')}` };
  }

  /**
   * The import a reused name comes from, written as it is: a fix that relies on an import must not land in
   * the same pass as one that removes it (modern-typing drops the typing imports its own rewrite leaves
   * unused, and cannot see this new use). With this edit the two conflict, so one waits a pass and then
   * sees the other's result.
   */
  private pin(local: string): Edit[] {
    const node = this.ctx.python.scope.bindingSites(local, this.annotation)[0]?.node;
    return node ? [{ start: node.startIndex, end: node.endIndex, text: node.text }] : [];
  }

  /** Local names that some scope the annotation sees binds by importing `target`. */
  private importedNames(target: string): string[] {
    const names: string[] = [];
    for (const scope of this.ctx.python.scope.scopeChain(this.annotation))
      for (const [local, bindings] of scope.bindings)
        if (bindings.some((b) => b.kind === 'import' && b.qualifiedName === target) && !names.includes(local)) names.push(local);
    return names;
  }

  /** Why the import of `target` bound to `local` cannot be relied on at the def, or null when it can. */
  private problemWithImport(local: string, target: string): string | null {
    const model = this.ctx.python.scope;
    const scope = model.owningScope(local, this.annotation);
    // Every place the variable may be bound, rebound or deleted (`global`/`nonlocal` elsewhere, `del`).
    const sites = model.bindingSites(local, this.annotation);
    const binding = sites[0];
    if (!scope || !binding) return `\`${local}\` is not bound where the annotation is evaluated`;
    if (sites.length > 1) return `\`${local}\` is bound, rebound or deleted more than once`;
    if (binding.kind !== 'import' || binding.qualifiedName !== target) return `\`${local}\` is bound to something else`;
    let stmt: Node | null = binding.node;
    while (stmt && !IMPORTS.has(stmt.type)) stmt = stmt.parent;
    const body = bodyOf(scope);
    if (!stmt || !body || stmt.parent?.id !== body.id) return `\`${local}\` is imported only conditionally (under \`if\`, \`try\` or \`with\`)`;
    const holder = statementIn(body, this.func);
    if (!holder || stmt.endIndex > holder.startIndex) return `\`${local}\` is imported after the definition`;
    return scope.kind === 'module' ? (this.boundAtRunTime(local) ?? this.otherStarMayBind(local)) : null;
  }

  /** Code that may bind the name at run time without a binding form (`exec`, `globals()[...] = ...`). */
  private boundAtRunTime(name: string): string | null {
    const dynamic = this.ctx.python.scope.dynamicBindings(name)[0];
    return dynamic ? `\`${name}\` may be bound at run time (line ${dynamic.node.startPosition.row + 1})` : null;
  }

  /**
   * Why an import of `target` as `name` added at the top of the module might not be what the def sees:
   * the name is bound in a scope around the def, or in the module to anything but `target`.
   */
  private problemWithAdding(name: string, target: string): string | null {
    const model = this.ctx.python.scope;
    const scope = model.owningScope(name, this.annotation);
    if (scope && scope.kind !== 'module') return `\`${name}\` is bound in a scope around the definition`;
    if (scope && !model.bindingSites(name, this.annotation).every((b) => b.kind === 'import' && b.qualifiedName === target)) {
      return `\`${name}\` is bound to something else in the module`;
    }
    return this.boundAtRunTime(name) ?? this.otherStarMayBind(name);
  }

  /**
   * True when an unconditional `from typing import *` runs before the def, nothing else binds `Optional`
   * where the annotation reads it, and no other star import may rebind it.
   */
  private typingStarBindsOptional(): boolean {
    const model = this.ctx.python.scope;
    if (model.owningScope('Optional', this.annotation)) return false;
    const holder = statementIn(this.ctx.root, this.func);
    const typingStar = model.wildcardImports().some((star) => {
      const stmt = star.parent;
      return isTypingStar(star) && stmt?.parent?.id === this.ctx.root.id && !!holder && stmt.endIndex <= holder.startIndex;
    });
    return typingStar && this.otherStarMayBind('Optional') === null && this.boundAtRunTime('Optional') === null;
  }

  /** A star import at module level that may bind `name` to something else (`from typing import *` binds typing's own). */
  private otherStarMayBind(name: string): string | null {
    for (const star of this.ctx.python.scope.wildcardImports()) {
      if (isTypingStar(star) || !starImportMayBind(star, name)) continue;
      const { module, level } = starImportModule(star);
      return `\`from ${'.'.repeat(level)}${module ?? ''} import *\` may bind \`${name}\``;
    }
    return null;
  }
}
