// An upgrade codemod written with pycodemod's public API only: a function moved to another module under
// a new name (by default `old_api.fetch` -> `new_api.get`), with its imports and every use through them.
//
//   npx pycodemod -t examples/codemods/rename-function.ts src/
//   [tool.pycodemod.rename-function]
//   from = "old_api.fetch"
//   to = "new_api.get"
import { defineTransform, type ImportTarget } from 'pycodemod';

/** `pkg.mod.func` -> { module: 'pkg.mod', name: 'func' }. */
function target(dotted: string, option: string): Required<ImportTarget> {
  const at = dotted.lastIndexOf('.');
  if (at <= 0 || at === dotted.length - 1) throw new Error(`rename-function: option \`${option}\` must be \`module.function\`, got \`${dotted}\``);
  return { module: dotted.slice(0, at), name: dotted.slice(at + 1) };
}

export default defineTransform({
  id: 'rename-function',
  description: 'Move calls and imports of a function to its new module and name (old_api.fetch -> new_api.get)',
  docs: {
    whatItDoes:
      'Every import of the function and every use through it moves to the new name: `from old_api import ' +
      'fetch` becomes `from new_api import get` and `fetch(x)` becomes `get(x)`; `import old_api` with ' +
      '`old_api.fetch(x)` becomes `import new_api` with `new_api.get(x)`. An `old_api` import that nothing ' +
      'else uses goes; one still used stays, with `import new_api` added. Where the new name already means ' +
      'something else, the old name is kept as an alias (`from new_api import get as fetch`) or the module is ' +
      'imported under an alias: no name is ever rebound.',
    why: 'The old function is deprecated: moving every caller in one reviewed change beats a compatibility shim.',
    example: {
      before: 'import old_api\n\ndata = old_api.fetch(url)\n',
      after: 'import new_api\n\ndata = new_api.get(url)\n',
    },
    semantics:
      'Assumes the new function is a drop-in replacement (same arguments, same result): the rewrite only ' +
      'changes which function is called. Uses the scope model cannot see are not rewritten: ' +
      '`getattr(old_api, "fetch")`, strings, other modules that import `fetch` from this one. A file with ' +
      '`from old_api import *` is reported, not rewritten.',
  },
  options: {
    from: { type: 'string', default: 'old_api.fetch', description: 'The function to move, as `module.function`' },
    to: { type: 'string', default: 'new_api.get', description: 'Its new place, as `module.function`' },
  },
  transform(ctx) {
    const from = target(ctx.options.from, 'from');
    const to = target(ctx.options.to, 'to');
    // Text first: a file that never spells the old module's and function's names has nothing to move.
    const mention = ctx.source.indexOf(from.module);
    if (mention < 0 || !ctx.source.includes(from.name)) return;
    const moved = ctx.python.renameImport(from, to);
    if (!moved.ok) {
      ctx.skip(mention, moved.reason);
      return;
    }
    if (moved.edits.length === 0) return;
    // One fix for the whole file: the imports and the uses change together or not at all.
    const first = Math.min(...moved.edits.map((e) => e.start));
    const uses = moved.uses === 1 ? '1 use' : `${moved.uses} uses`;
    ctx.report({ offset: first, message: `${ctx.options.from} -> ${ctx.options.to} (${uses})`, fix: moved.edits });
  },
});
