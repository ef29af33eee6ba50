// The ancestors of a node. web-tree-sitter keeps no parent links: each `node.parent` walks down from the
// root again, so climbing k levels from a node at depth d by `parent` costs k x d (a 20,000-link attribute
// chain: seconds). One walk down from the root finds the whole path for the cost of one `parent`, but
// pays a call into WebAssembly per level, which is dearer than a few `parent` calls near the node.
import type { Node } from 'web-tree-sitter';

/** `node`'s ancestors, its parent first and the root last (empty for the root), from one walk down. */
export function ancestorsOf(node: Node): Node[] {
  const path: Node[] = [];
  for (let at: Node | null = node.tree.rootNode; at && at.id !== node.id; at = at.childWithDescendant(node)) path.push(at);
  return path.reverse();
}

/** How many levels `ancestors` climbs by `parent` before it finds the rest in one walk down. */
const CLIMB_BY_PARENT = 16;

/**
 * `node`'s ancestors, its parent first, found as they are asked for: by `parent` for the first few levels
 * (most walks stop there), the rest at once by ancestorsOf. The same nodes as climbing by `parent`.
 */
export function* ancestors(node: Node): Generator<Node, void, undefined> {
  let at = node;
  for (let i = 0; i < CLIMB_BY_PARENT; i++) {
    const parent = at.parent;
    if (!parent) return;
    yield parent;
    at = parent;
  }
  yield* ancestorsOf(at);
}
