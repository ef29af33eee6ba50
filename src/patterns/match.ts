// Matching a compiled pattern against source nodes, kind by kind. Trivia never counts (comments, commas,
// line continuations, redundant parentheses); `$$$A` takes the shortest run of siblings that lets the rest
// of the pattern match, trying longer runs when it does not; a metavariable used twice must bind the same
// code both times, compared as syntax (`f(a, b)` and `f(a,b)` are the same code). Every node of the source
// must be accounted for: `assert $X` does not match `assert x, "message"`, nor `def $F()` `async def f()`.
//
// Where ast-grep matches differently, `pattern.astGrep` (set only by the conformance test) switches to its
// behaviour, one difference at a time (see AstGrepBehaviour).
import type { Node } from 'web-tree-sitter';
import type { AstGrepBehaviour, CompiledPattern, PatternNode } from './pattern.js';
import { isReference, significantChildren, unparenthesized } from './pattern.js';

/** What a metavariable bound: one node, or a run of sibling nodes (possibly empty). */
export type Capture = { node: Node; nodes?: undefined } | { nodes: Node[]; node?: undefined };
export type Captures = Map<string, Capture>;

export interface Match {
  node: Node;
  captures: Captures;
}

export interface MatchContext {
  /** What a name or attribute chain resolves to through imports (the scope model); undefined for locals. */
  qualifiedName(node: Node): string | undefined;
}

const NO_QUALIFIED: MatchContext = { qualifiedName: () => undefined };

/** Matches the pattern with its root at `node`; `initial` binds metavariables beforehand (relational rules). */
export function matchAt(pattern: CompiledPattern, node: Node, ctx: MatchContext = NO_QUALIFIED, initial?: Captures): Match | undefined {
  const captures: Captures = new Map(initial);
  const m = new Matcher(ctx, captures, pattern.astGrep ?? {});
  return m.node(pattern.root, node) ? { node, captures } : undefined;
}

type Var = Extract<PatternNode, { kind: 'var' }>;

class Matcher {
  /** Names bound so far, in order, so a failed branch can unbind what it bound. */
  private readonly trail: string[] = [];

  constructor(
    private readonly ctx: MatchContext,
    private readonly captures: Captures,
    private readonly compat: AstGrepBehaviour,
  ) {}

  node(p: PatternNode, s: Node): boolean {
    switch (p.kind) {
      case 'var':
        // (A `$$$B` here stands alone, not in a list: it binds this one node.)
        return this.bindRun(p, [s]);
      case 'name': {
        // Only a reference: the name in `from typing import Text` or `def Text()` is a binding, not a use.
        const t = unparenthesized(s);
        return (t.type === 'identifier' || t.type === 'attribute') && isReference(t, t.parent) && this.ctx.qualifiedName(t) === p.qualified;
      }
      case 'token': {
        const t = unparenthesized(s, this.compat.significantParentheses);
        return t.type === p.type && t.text === p.text;
      }
      case 'node': {
        const t = p.type === 'parenthesized_expression' ? s : unparenthesized(s, this.compat.significantParentheses);
        if (t.type !== p.type) return false;
        return this.sequence(p.children, 0, significantChildren(t, this.compat.significantCommas), 0);
      }
    }
  }

  /** Pattern children ps[i..] against source children ss[j..], all of both consumed. */
  private sequence(ps: PatternNode[], i: number, ss: Node[], j: number): boolean {
    if (i === ps.length) return j === ss.length || !!this.compat.ignoreTrailing;
    const p = ps[i]!;
    if (p.kind === 'var' && p.variable.multi) {
      if (this.compat.lazyMulti) return this.lazyRun(p, ps, i, ss, j);
      const last = i === ps.length - 1;
      // The last pattern element takes everything left: no choice to make.
      for (let k = last ? ss.length : j; k <= ss.length; k++) {
        const mark = this.trail.length;
        if (this.bindRun(p, ss.slice(j, k)) && this.sequence(ps, i + 1, ss, k)) return true;
        this.undo(mark);
      }
      return false;
    }
    if (j === ss.length) return false;
    const mark = this.trail.length;
    if (this.node(p, ss[j]!) && this.sequence(ps, i + 1, ss, j + 1)) return true;
    this.undo(mark);
    if (this.compat.skipSourceTokens && !ss[j]!.isNamed) return this.sequence(ps, i, ss, j + 1);
    return false;
  }

  /**
   * ast-grep's `$$$`: the run ends at the first source node that the next named pattern node accepts, and
   * no other length is tried; the pattern's tokens in between (a comma) are not required.
   */
  private lazyRun(p: Var, ps: PatternNode[], i: number, ss: Node[], j: number): boolean {
    let look = i + 1;
    while (look < ps.length && ps[look]!.kind === 'token' && !(ps[look] as { named: boolean }).named) look++;
    let stop = ss.length;
    if (look < ps.length) {
      stop = -1;
      for (let k = j; k < ss.length; k++) {
        const mark = this.trail.length;
        const accepted = this.node(ps[look]!, ss[k]!);
        this.undo(mark);
        if (accepted) {
          stop = k;
          break;
        }
      }
      if (stop < 0) return false;
    }
    const mark = this.trail.length;
    if (this.bindRun(p, ss.slice(j, stop)) && this.sequence(ps, look, ss, stop)) return true;
    this.undo(mark);
    return false;
  }

  private bindRun(p: Var, run: Node[]): boolean {
    const v = p.variable;
    if (!v.captures) return true;
    return this.bind(v.name!, v.multi ? { nodes: run } : { node: run[0]! });
  }

  private bind(name: string, capture: Capture): boolean {
    const bound = this.captures.get(name);
    if (bound) return this.compat.textualEquality ? captureText(bound) === captureText(capture) : sameCapture(bound, capture);
    this.captures.set(name, capture);
    this.trail.push(name);
    return true;
  }

  private undo(mark: number): void {
    while (this.trail.length > mark) this.captures.delete(this.trail.pop()!);
  }
}

function captureText(c: Capture): string {
  return c.node ? c.node.text : c.nodes.map((n) => n.text).join('\0');
}

function sameCapture(a: Capture, b: Capture): boolean {
  const left = a.node ? [a.node] : a.nodes!;
  const right = b.node ? [b.node] : b.nodes!;
  return left.length === right.length && left.every((n, i) => sameCode(n, right[i]!));
}

/** Same syntax, trivia aside: equal types and token texts throughout. */
export function sameCode(a: Node, b: Node): boolean {
  const x = unparenthesized(a);
  const y = unparenthesized(b);
  if (x.type !== y.type) return false;
  if (!x.isNamed || x.childCount === 0 || y.childCount === 0) return x.text === y.text;
  const xs = significantChildren(x);
  const ys = significantChildren(y);
  return xs.length === ys.length && xs.every((c, i) => sameCode(c, ys[i]!));
}

/** The source text a capture stands for (a run: from its first node to its last, separators included). */
export function captureRange(c: Capture): { start: number; end: number } | undefined {
  if (c.node) return { start: c.node.startIndex, end: c.node.endIndex };
  if (c.nodes.length === 0) return undefined;
  return { start: c.nodes[0]!.startIndex, end: c.nodes[c.nodes.length - 1]!.endIndex };
}
