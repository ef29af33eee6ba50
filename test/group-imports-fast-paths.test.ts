// group-imports' shortcuts must give the answers the tree gives: statements read from their text,
// import statements found from the `import` keyword, blocks reported in Ruff's visiting order.
import { describe, expect, it } from 'vitest';
import { loadPythonParser } from '../src/core/parser.js';
import { syntaxFromText, syntaxFromTree } from '../transforms/group-imports/collect.js';
import { findBlocks, importStatements, inVisitOrder } from '../transforms/group-imports/blocks.js';

async function parse(source: string) {
  const parser = await loadPythonParser();
  const tree = parser.parse(source);
  expect(tree.rootNode.hasError).toBe(false);
  return tree.rootNode;
}

const noDirectives = { skipFile: false, splits: [], exclusions: [] };

describe('group-imports fast paths', () => {
  it.each([
    ['import os', true],
    ['import os.path as p, sys', true],
    ['import  a ,b\tas  c', true],
    ['from . import x', true],
    ['from .. import (a, b as c,)', true],
    ['from ...pkg.sub import x as y, z', true],
    ['from .mod import *', true],
    ['from __future__ import annotations', true],
    ['from a import (\n    b,  # one\n    # above c\n    c as d,\n)', true],
    ['from a import (b\r\n, c)', true],
    ['from a import(b)', true],
    // Left to the tree: unusual spacing, continuations, non-ASCII names.
    ['from .import x', false],
    ['from a import b, \\\n    c', false],
    ['import a . b', false],
    ['from é import ü', false],
  ] as const)('reads %j as the tree does (from its text: %s)', async (source, fromText) => {
    const stmt = (await parse(source + '\n')).namedChild(0)!;
    const syntax = syntaxFromText(source + '\n', stmt.startIndex, stmt.endIndex);
    expect(syntax !== undefined).toBe(fromText);
    if (syntax) expect(syntax).toEqual(syntaxFromTree(stmt));
  });

  it('finds import statements from the keyword, not from strings, comments or names', async () => {
    const source = 'import a\n# import b\nx = "import c"\nimportlib = 1\ndef f():\n    from d import (e)\nfrom .import g\n';
    const stmts = importStatements(await parse(source), source);
    expect(stmts.map((s) => s.text)).toEqual(['import a', 'from d import (e)', 'from .import g']);
  });

  it('orders blocks as Ruff visits them: a try statement\'s handlers before its body', async () => {
    const source =
      'import sys\ntry:\n    import b\nexcept ImportError:\n    import d\nelse:\n    import f\nfinally:\n    import h\n' +
      'def g():\n    import x\n';
    const blocks = inVisitOrder(findBlocks(await parse(source), source, noDirectives, false));
    expect(blocks.map((b) => b.imports[0]!.text)).toEqual(['import sys', 'import d', 'import b', 'import f', 'import h', 'import x']);
  });
});
