// How to write `typing.Optional` in the annotation of one `def`. An annotation is evaluated when the
// `def` statement runs (unless `from __future__ import annotations`), in the scopes around it, so the
// name used must be bound by then and mean typing.Optional there:
//
// - an existing import is reused only when it is the one binding of its name in the scope the name
//   resolves to, runs unconditionally (directly in that scope's body: not under `if TYPE_CHECKING:`,
//   `try:`, `if`, nor inside a function) and before the statement holding the `def`, and nothing else
//   may rebind it (`global`/`nonlocal`/`del` elsewhere, a star import that may export the name);
// - else an import is added at the top of the module, only when the name is bound nowhere around the
//   `def` (an import added at the top would otherwise be shadowed, or rebound later);
// - else the reason is returned, and the parameter is reported, not rewritten.
import type { Node } from 'web-tree-sitter';
import type { Edit, OptionValues, TransformContext } from '../../src/core/types.js';
import type { Scope } from '../../src/core/python/scope.js';
import { starMayBind } from '../../src/core/python/star-exports.js';

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

export class OptionalSpeller {
  private readonly chain: Scope[];

  constructor(
    private readonly ctx: Pick<Ctx, 'python' | 'source' | 'root'>,
    /** The `function_definition` whose annotation needs the name. */
    private readonly func: Node,
  ) {
    this.chain = ctx.python.scope.scopeChain(func);
  }

  /** The spelling and the import edits it needs, or why none is safe. */
  spell(join: () => Edit | null): { name: string; edits: Edit[] } | { reason: string } {
    const problems: string[] = [];
    // 1. An existing `from typing import Optional [as X]` in force at the def.
    for (const local of this.importedNames('typing.Optional')) {
      const problem = this.problemWithImport(local, 'typing.Optional');
      if (!problem) return { name: local, edits: [] };
      problems.push(problem);
    }
    // 2. An existing `import typing [as t]` in force at the def.
    for (const local of this.importedNames('typing')) {
      const problem = this.problemWithImport(local, 'typing');
      if (!problem) return { name: `${local}.Optional`, edits: [] };
      problems.push(problem);
    }
    // 3. `from typing import Optional` added at the top (joined to a `from typing import` line there).
    // Other imports of typing.Optional elsewhere in the module (later, conditional) bind the same object.
    const optional = this.problemWithAdding('Optional', 'typing.Optional');
    if (!optional) {
      const joined = join();
      if (joined) return { name: 'Optional', edits: [joined] };
      const r = this.ctx.python.ensureFromImport('typing', 'Optional', { at: this.func, alias: false });
      if (r.ok && r.edits.length > 0 && r.name === 'Optional') return { name: 'Optional', edits: r.edits };
    } else problems.push(optional);
    // 4. `import typing` added at the top.
    const typing = this.problemWithAdding('typing', 'typing');
    if (!typing) {
      const r = this.ctx.python.ensureImport('typing', { at: this.func, alias: false });
      if (r.ok && r.edits.length > 0) return { name: `${r.name}.Optional`, edits: r.edits };
    } else problems.push(typing);
    return { reason: `the annotation needs \`Optional\` or \`typing\`, and neither can be named safely here: ${[...new Set(problems)].join('; ')}` };
  }

  /** Local names that some scope around the def binds by importing `target`. */
  private importedNames(target: string): string[] {
    const names: string[] = [];
    for (const scope of this.chain)
      for (const [local, bindings] of scope.bindings)
        if (bindings.some((b) => b.kind === 'import' && b.qualifiedName === target) && !names.includes(local)) names.push(local);
    return names;
  }

  /** The scope `name` resolves to at the def, or null when no scope around it binds the name. */
  private resolvingScope(name: string): Scope | 'declared-elsewhere' | null {
    for (const scope of this.chain) {
      // `global`/`nonlocal` in a scope around the def: the name is bound somewhere else at run time.
      if (scope.node.type !== 'module' && scope.declaredOuter.has(name)) return 'declared-elsewhere';
      if (scope.bindings.get(name)?.length) return scope;
    }
    return null;
  }

  /** Why the import of `target` bound to `local` cannot be relied on at the def, or null when it can. */
  private problemWithImport(local: string, target: string): string | null {
    const scope = this.resolvingScope(local);
    if (scope === null || scope === 'declared-elsewhere') return `\`${local}\` is declared global or nonlocal around the definition`;
    const bindings = scope.bindings.get(local)!;
    const binding = bindings[0]!;
    if (bindings.length > 1 || binding.kind !== 'import' || binding.qualifiedName !== target) return `\`${local}\` is bound more than once`;
    let stmt: Node | null = binding.node;
    while (stmt && !IMPORTS.has(stmt.type)) stmt = stmt.parent;
    const body = bodyOf(scope);
    if (!stmt || !body || stmt.parent?.id !== body.id) return `\`${local}\` is imported only conditionally (under \`if\`, \`try\` or \`with\`)`;
    const holder = statementIn(body, this.func);
    if (!holder || stmt.endIndex > holder.startIndex) return `\`${local}\` is imported after the definition`;
    return this.rebindingElsewhere(local, scope);
  }

  /**
   * Why an import of `target` as `name` added at the top of the module might not be what the def sees:
   * the name is bound in a scope around the def, or in the module to anything but `target`.
   */
  private problemWithAdding(name: string, target: string): string | null {
    const scope = this.resolvingScope(name);
    if (scope === 'declared-elsewhere') return `\`${name}\` is declared global or nonlocal around the definition`;
    if (scope !== null) {
      if (scope.node.type !== 'module') return `\`${name}\` is bound in a scope around the definition`;
      if (!scope.bindings.get(name)!.every((b) => b.kind === 'import' && b.qualifiedName === target)) return `\`${name}\` is bound to something else in the module`;
    }
    return this.rebindingElsewhere(name, this.chain[this.chain.length - 1]!);
  }

  /**
   * Bindings of `name` the scope model does not attribute to `scope`: a `global`/`nonlocal` declaration
   * or a `del` anywhere (found from the text: a false hit only makes this more careful), and, at module
   * level, a star import that may export the name.
   */
  private rebindingElsewhere(name: string, scope: Scope): string | null {
    const escaped = name.replace(/[^\w]/g, '\\$&');
    if (new RegExp(`\\b(?:global|nonlocal)\\b[^\\r\\n;]*\\b${escaped}\\b`).test(this.ctx.source)) return `\`${name}\` is declared global or nonlocal somewhere, so it may be rebound`;
    if (new RegExp(`\\bdel\\b[^\\r\\n;]*\\b${escaped}\\b`).test(this.ctx.source)) return `\`${name}\` may be deleted (\`del\`)`;
    if (scope.node.type === 'module') {
      for (const star of this.ctx.python.scope.wildcardImports()) {
        const stmt = star.parent;
        const module = stmt?.childForFieldName('module_name');
        const level = module?.type === 'relative_import' ? (module.namedChildren.find((c) => c?.type === 'import_prefix')?.text.length ?? 1) : 0;
        const moduleName = module?.type === 'relative_import' ? module.namedChildren.find((c) => c?.type === 'dotted_name')?.text : module?.text;
        // `from typing import *` binds typing's own Optional: the same object.
        if (level === 0 && moduleName === 'typing') continue;
        if (starMayBind(moduleName, level, name)) return `\`from ${'.'.repeat(level)}${moduleName ?? ''} import *\` may bind \`${name}\``;
      }
    }
    return null;
  }
}
