// Finding every match of a pattern in a parsed file without walking the whole tree: each occurrence of
// the pattern's rarest literal word is a leaf of at most one candidate, found by climbing the anchor's
// depth from that leaf (parentheses do not count as levels). Only patterns without any literal word
// (`$A + $B`) fall back to a tree-sitter query for their root's node type, compiled once per thread.
import type { Node, Query } from 'web-tree-sitter';
import type { Anchor, CompiledPattern } from './pattern.js';
import { matchAt, type Match, type MatchContext } from './match.js';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// A word is whole when no identifier character touches it; JavaScript's \b knows only ASCII letters.
const wordRegex = (words: readonly string[]) =>
  new RegExp(`(?<![\\p{L}\\p{N}_])(?:${words.map(escape).join('|')})(?![\\p{L}\\p{N}_])`, 'gu');

const wholeWords = new Map<string, RegExp>();

/**
 * True when the text holds every literal word the pattern needs, as a whole word (`print`, not in
 * `pprint`): otherwise the file is not even parsed. A substring search first, the word check only then.
 */
export function mayMatch(pattern: CompiledPattern, source: string): boolean {
  for (const a of pattern.anchors) {
    if (!source.includes(a.word)) return false;
    let re = wholeWords.get(a.word);
    if (!re) wholeWords.set(a.word, (re = new RegExp(wordRegex([a.word]).source, 'u')));
    if (!re.test(source)) return false;
  }
  return true;
}

/** Every match in the tree, in source order (outer before inner), each node once. */
/** Compiles a tree-sitter query (cached per thread: the parser's `query`, or a transform's `ctx.query`). */
export type QueryFactory = (text: string) => Query;

export function findMatches(pattern: CompiledPattern, root: Node, source: string, query: QueryFactory, ctx: MatchContext): Match[] {
  const matches: Match[] = [];
  const tried = new Set<number>();
  const tryNode = (node: Node | null | undefined) => {
    if (!node || tried.has(node.id)) return;
    tried.add(node.id);
    const m = matchAt(pattern, node, ctx);
    if (m) matches.push(m);
  };
  for (const node of candidates(pattern, root, source, query)) tryNode(node);
  matches.sort((a, b) => a.node.startIndex - b.node.startIndex || b.node.endIndex - a.node.endIndex);
  return matches;
}

function* candidates(pattern: CompiledPattern, root: Node, source: string, query: QueryFactory): Generator<Node> {
  // (ast-grep's matching counts parentheses as levels: the conformance test's emulation finds its
  // candidates by node type.)
  const anchor = pattern.astGrep ? undefined : rarestAnchor(pattern.anchors, source);
  if (anchor) {
    for (const m of source.matchAll(wordRegex(anchor.words))) {
      const leaf = root.descendantForIndex(m.index, m.index + m[0].length);
      if (!leaf || leaf.startIndex !== m.index || leaf.endIndex !== m.index + m[0].length) continue; // in a string or comment
      let node: Node | null = leaf;
      // A qualified name's anchor sits at the end of the source's spelling of the name: on the
      // attribute (`dt.datetime`) or the identifier itself (an alias).
      if (anchor.anchor.qualified && node.parent?.type === 'attribute' && node.parent.childForFieldName('attribute')?.id === node.id)
        node = node.parent;
      for (let level = 0; node && level < anchor.anchor.depth; level++) {
        node = node.parent;
        while (node && node.type === 'parenthesized_expression') node = node.parent;
      }
      if (node) yield node;
    }
    return;
  }
  if (pattern.rootType) {
    for (const c of query(`(${pattern.rootType}) @n`).captures(root)) yield c.node;
    return;
  }
  // The whole pattern is one metavariable (or one qualified name): every named node is a candidate.
  const cursor = root.walk();
  try {
    for (;;) {
      if (cursor.nodeIsNamed) yield cursor.currentNode;
      if (cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) if (!cursor.gotoParent()) return;
    }
  } finally {
    cursor.delete();
  }
}

/**
 * The anchor with the fewest occurrences in this file, with the words to look for: the word itself and,
 * for a qualified name's last part, the local names it was imported under (`from os.path import join as j`).
 */
function rarestAnchor(anchors: readonly Anchor[], source: string): { anchor: Anchor; words: string[] } | undefined {
  let best: { anchor: Anchor; words: string[]; count: number } | undefined;
  for (const anchor of anchors) {
    const words = [anchor.word];
    if (anchor.qualified)
      for (const m of source.matchAll(new RegExp(`(?<![\\p{L}\\p{N}_])${escape(anchor.word)}\\s+as\\s+([\\p{L}_][\\p{L}\\p{N}_]*)`, 'gu')))
        if (!words.includes(m[1]!)) words.push(m[1]!);
    let count = 0;
    for (const _ of source.matchAll(wordRegex(words))) if (++count >= (best?.count ?? Infinity)) break;
    if (!best || count < best.count) best = { anchor, words, count };
    if (count === 0) break;
  }
  return best;
}
