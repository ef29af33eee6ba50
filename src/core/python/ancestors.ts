// The ancestors of a node, found in one walk down from the root. web-tree-sitter keeps no parent links:
// each `node.parent` walks down from the root again, so climbing k levels from a node at depth d costs
// k x d (a 20,000-link attribute chain: seconds). The whole path costs what one `parent` does.
import type { Node } from 'web-tree-sitter';

/** `node`'s ancestors, its parent first and the root last (empty for the root). */
export function ancestorsOf(node: Node): Node[] {
  const path: Node[] = [];
  for (let at: Node | null = node.tree.rootNode; at && at.id !== node.id; at = at.childWithDescendant(node)) path.push(at);
  return path.reverse();
}
