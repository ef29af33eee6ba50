// Transform `group-imports`: imports grouped into sections and sorted, as Ruff's isort rules (I001) do.
//
// Parts: blocks.ts finds the import blocks and isort's action comments; collect.ts attaches comments
// and merges imports; classify.ts picks the sections; sort-keys.ts and order.ts order them;
// format.ts prints them; render.ts puts a block together; safety.ts guards name bindings.
import type { Node } from 'web-tree-sitter';
import { defineTransform } from '../../src/core/types.js';
import { classifierFor } from './classify.js';
import { findBlocks, inVisitOrder, readDirectives } from './blocks.js';
import { optionSpecs, resolveGroupImportsOptions } from './options.js';
import { renderBlock, type FileFacts } from './render.js';
import { detectIndentation, firstLineEnding, fileExempt } from './file-facts.js';
import { moduleFactsFor } from './module-facts.js';
import { importsMayChange } from './text-check.js';
import { rebaseBlock } from './rebase.js';
import { inTryBody } from './try-order.js';

const FILE_NOQA = /(?:flake8|ruff)\s*:\s*noqa/i;

/**
 * True when `noqa` appears in any case. A search for its rare letter `q` is much cheaper than a
 * case-insensitive regular expression over the whole file, which then runs only on the few hits.
 */
function mentionsNoqa(source: string): boolean {
  for (const q of ['q', 'Q']) {
    for (let i = source.indexOf(q); i !== -1; i = source.indexOf(q, i + 1)) {
      if (i >= 2 && /^noqa$/i.test(source.slice(i - 2, i + 2))) return true;
    }
  }
  return false;
}

export default defineTransform({
  id: 'group-imports',
  // Sorting is its own fixed point, and reordering imports changes nothing the other transforms read.
  settlesInOnePass: true,
  description: 'Group imports into future / standard library / third-party / first-party / local sections and sort them',
  docs: {
    whatItDoes:
      'Sorts every contiguous block of import statements (at module level and inside functions, `try:`, `if TYPE_CHECKING:` ...) ' +
      'into sections: `from __future__`, standard library, third-party, first-party, local (relative) imports, one blank line ' +
      'between sections. Inside a section `import x` lines come first, then `from x import y` lines, each sorted by module ' +
      'name the way isort does (case-insensitive, numbers by value); the names of a `from` import are de-duplicated and ordered ' +
      'CONSTANTS, Classes, then functions; `import a, b` becomes one line each and repeated `from x import` lines are merged. ' +
      'Lines longer than line-length are wrapped in black\'s parenthesized style; a magic trailing comma keeps that layout. ' +
      'Comments travel with their import. The output is byte for byte what Ruff\'s I001 fix (isort\'s black profile) produces, ' +
      'so running isort or Ruff afterwards changes nothing. Honours `# isort: skip`, `skip_file`, `off`/`on`, `split`, ' +
      '`# noqa` / `# noqa: I001` on the block\'s first line, and `# pycodemod: skip`.',
    why:
      'A fixed import layout makes a module\'s dependencies readable at a glance and keeps diffs small; matching isort/Ruff exactly ' +
      'means adopting pycodemod causes no churn for teams that already run them.',
    example: {
      before: 'import sys\nimport requests\nimport os\nfrom . import util\nfrom typing import List, Any\n',
      after: 'import os\nimport sys\nfrom typing import Any, List\n\nimport requests\n\nfrom . import util\n',
    },
    semantics:
      'Imports run in a different order. Module import side effects that depend on order (monkey-patching, registries, ' +
      '`sys.path` changes made by an earlier import) can change behaviour: put `# isort: split` or `# isort: off` around such ' +
      'imports. Names keep their meaning: a block is reported and left alone when sorting would change which import binds a name ' +
      '(two imports of one name; an import moving across a star import that may bind its name, where a star import of a module ' +
      'pycodemod cannot read may bind any name; two star imports that may bind a common name), or would move `from P import N` ' +
      'across an import of the submodule `P.N` when P binds an `N` of its own, or would change the order of the modules a `try:` ' +
      'body imports when a handler goes on after one fails without binding every name the block binds (the names bound then ' +
      'would differ). Two assumptions remain: a third-party package ' +
      '(not found on disk) binds nothing under the name of one of its submodules, and a standard-library star import binds the ' +
      'names the table of CPython 3.11 and typeshed lists (a name a later Python adds to a module is not known; a module of the ' +
      'same name beside a script is read instead, but one that another sys.path entry, such as PYTHONPATH, puts first is not seen). ' +
      'Imports never move across other statements.',
  },
  options: optionSpecs,
  // None of these adds, removes or re-indents an import statement, or changes the statement after a block
  // into or out of a def or class (print-to-logging, modern-typing, mutable-defaults (`from typing import
  // Optional`) and future-annotations add or remove imports; open-with re-indents the nested blocks it
  // wraps: not listed).
  unaffectedBy: ['logging-format', 'raise-from', 'bare-except', 'return-annotations'],
  mayApply: importsMayChange,
  transform(ctx) {
    const { source, root, settings } = ctx;
    // Cheap exit: a file with no import statement anywhere has nothing to sort.
    if (!/\bimport\b/.test(source)) return;
    // Comment nodes are only needed for isort's action comments and file-level `# ruff: noqa`; most
    // files have neither, and skip the walk (a block's own `# noqa` is read from its first line).
    const mayHaveDirectives = source.includes('isort') || (mentionsNoqa(source) && FILE_NOQA.test(source));
    const comments: Node[] = mayHaveDirectives ? root.descendantsOfType('comment').filter((c): c is Node => !!c) : [];
    // `# ruff: noqa` / `# flake8: noqa`: Ruff checks nothing in the file, so nothing is sorted.
    if (fileExempt(comments)) return;
    const directives = readDirectives(source, comments);
    // `# isort: skip_file`: the whole file is left as it is.
    if (directives.skipFile) return;
    const isStub = ctx.path.endsWith('.pyi');
    const blocks = findBlocks(root, source, directives, isStub);
    if (blocks.length === 0) return;
    const options = resolveGroupImportsOptions(ctx.options);
    const facts: FileFacts = {
      source,
      classifier: classifierFor(settings, ctx.path),
      options,
      lineLength: settings.lineLength,
      isStub,
      lineEnding: firstLineEnding(source),
      indentUnit: () => detectIndentation(root, source),
      modules: moduleFactsFor(settings, ctx.path),
    };
    for (const block of inVisitOrder(blocks)) {
      const outcome = renderBlock(block, facts);
      if (outcome.kind === 'skip') ctx.skip(outcome.node, outcome.reason);
      else if (outcome.kind === 'fix') {
        ctx.report({
          node: outcome.node,
          message: 'import block is un-sorted or un-formatted',
          fix: [{ start: outcome.start, end: outcome.end, text: outcome.text }],
          // Other transforms' imports put into this block are sorted with it, in the same pass.
          rebase: (edited) => rebaseBlock(edited, block, facts, inTryBody(outcome.node)),
        });
      }
    }
  },
});

