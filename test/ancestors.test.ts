// ancestorsOf finds a node's ancestors in one walk down from the root, and ancestors climbs by `parent` first
// and then does the same: both must give exactly the nodes the `parent` links give, in the same order, for
// every node (including zero-width and error nodes).
import { describe, expect, it } from 'vitest';
import type { Node } from 'web-tree-sitter';
import { loadPythonParser } from '../src/core/parser.js';
import { ancestors, ancestorsOf } from '../src/core/python/ancestors.js';

function allNodes(root: Node): Node[] {
  const out: Node[] = [];
  const visit = (n: Node) => {
    out.push(n);
    for (const c of n.children) if (c) visit(c);
  };
  visit(root);
  return out;
}

function parentChain(node: Node): number[] {
  const ids: number[] = [];
  for (let p = node.parent; p; p = p.parent) ids.push(p.id);
  return ids;
}

describe('ancestorsOf', () => {
  it.each([
    ['nested scopes', 'class C:\n    def m(self, x=[y for y in z if (w := y)]):\n        return lambda q: {k: v for k, v in q}\n\nasync def f():\n    async with a as b:\n        match b:\n            case [1, *rest] if rest:\n                print(f"{rest!r:>{width}}")\n'],
    ['an error and a missing node', 'def f(:\n    x = (1,\n'],
    ['empty module', ''],
    ['deeper than the climb by parent (past the switch to the walk down)', 'def f():\n    return ' + '['.repeat(40) + 'x' + ']'.repeat(40) + '\n'],
  ])('gives the parent chain, parent first, for every node: %s', async (_name, source) => {
    const parser = await loadPythonParser();
    const tree = parser.parse(source)!;
    for (const node of allNodes(tree.rootNode)) {
      const expected = parentChain(node);
      expect(ancestorsOf(node).map((a) => a.id)).toEqual(expected);
      expect([...ancestors(node)].map((a) => a.id)).toEqual(expected);
    }
  });

  it('climbs a 20,000-link attribute chain at the cost of one walk down', async () => {
    const parser = await loadPythonParser();
    const source = 'x = a' + '.b'.repeat(20000) + '\n';
    const tree = parser.parse(source)!;
    const a = tree.rootNode.descendantForIndex(4, 5)!;
    expect(a.text).toBe('a');
    const path = ancestorsOf(a);
    expect(path.length).toBeGreaterThan(20000);
    expect(path[path.length - 1]!.id).toBe(tree.rootNode.id);
    expect(path[0]!.type).toBe('attribute');
    expect([...ancestors(a)].map((n) => n.id)).toEqual(path.map((n) => n.id));
  });
});
