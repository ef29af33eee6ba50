// `pycodemod --print-tree FILE`: the syntax tree a transform sees, in the S-expression form of
// `tree-sitter parse`, so an author can find the node types and field names to look for. Each named node
// shows its field name (as `childForFieldName` takes it), its [row, column] range (0-based, columns in
// UTF-16 code units: what `node.startPosition` says), the offsets `node.startIndex..endIndex` a fix uses,
// and, for a leaf, its text. Anonymous nodes (punctuation, keywords) are left out, as tree-sitter does;
// ERROR and MISSING nodes are shown, so a syntax error can be found in the tree.
import type { Tree } from 'web-tree-sitter';

const MAX_TEXT = 60;

export function printTree(tree: Tree, source: string): string {
  const out: string[] = [
    '; (type [row, column] - [row, column] startIndex..endIndex "leaf text"); rows and columns 0-based, columns and offsets in UTF-16 code units\n',
  ];
  const cursor = tree.walk();
  try {
    let depth = 0;
    /** Per open named node: whether its line is still waiting for its closing parenthesis. */
    let line = '';
    const flush = () => {
      if (line) out.push(`${line}\n`);
      line = '';
    };
    const open: number[] = []; // depth of each named node still open, innermost last
    for (;;) {
      const named = cursor.nodeIsNamed || cursor.nodeIsMissing;
      if (named) {
        flush();
        const field = cursor.currentFieldName;
        const node = cursor.currentNode;
        const s = cursor.startPosition;
        const e = cursor.endPosition;
        const type = cursor.nodeIsMissing ? `MISSING ${cursor.nodeType}` : cursor.nodeType;
        const leaf = node.namedChildCount === 0 && cursor.endIndex > cursor.startIndex ? ` ${quote(source.slice(cursor.startIndex, cursor.endIndex))}` : '';
        line = `${'  '.repeat(open.length)}${field ? `${field}: ` : ''}(${type} [${s.row}, ${s.column}] - [${e.row}, ${e.column}] ${cursor.startIndex}..${cursor.endIndex}${leaf}`;
        open.push(depth);
      }
      if (cursor.gotoFirstChild()) {
        depth++;
        continue;
      }
      // Leave this node and every ancestor that has no next sibling, closing the named ones.
      for (;;) {
        if (open.length && open[open.length - 1] === depth) {
          open.pop();
          line += ')';
        }
        if (cursor.gotoNextSibling()) break;
        if (!cursor.gotoParent()) {
          flush();
          return out.join('');
        }
        depth--;
      }
    }
  } finally {
    cursor.delete();
  }
}

function quote(text: string): string {
  const short = text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
  return JSON.stringify(short);
}
