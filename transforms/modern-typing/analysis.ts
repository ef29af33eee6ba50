// Finding what modern-typing rewrites in one module, and deciding, place by place, whether it may.
//
// A "site" is an expression to rewrite: a typing name (`List`, `typing.Deque`) that becomes a builtin or a
// collections class (UP006), or a subscript `Optional[X]` / `Union[A, B]` that becomes a `|` union (UP045,
// UP007). Sites are found from the text (the words, and the aliases the module imports them under), in the
// module and in string annotations (`x: "Optional[int]"`), each of which is parsed on its own as a
// "region". Each site is decided innermost first, so that an outer union prints its members with their own
// rewrites applied.
import type { Node } from 'web-tree-sitter';
import type { TransformContext } from '../../src/core/types.js';
import { targetMinor } from '../../src/core/settings.js';
import { hasFutureAnnotations, inTypeCheckingBlock, placeOf, RuntimeAnnotationReaders, type Place } from '../../src/core/python/annotations.js';
import { builtinAt, wildcardProblem } from '../../src/core/python/builtin-names.js';
import { ancestors } from '../../src/core/python/ancestors.js';
import { plainStringContent, stringParserFor } from '../../src/core/python/string-annotation.js';
import { supportsUnion } from '../../src/core/python/union-operand.js';
import { isSuppressed, suppressedRanges, type SuppressedRange } from '../../src/core/suppression.js';
import { pep585Target, PEP585_NAMES, REWRITTEN_NAMES, unionOperator, type Pep585Target } from './names.js';
import { hasComment, named, render, subscriptParts, unionOperands, unwrapType, type RenderHooks } from './render.js';

export interface ModernTypingOptions {
  'collections-abc': boolean;
  'rewrite-aliases': boolean;
  'runtime-evaluated-base-classes': string[];
  'runtime-evaluated-decorators': string[];
}

export type Ctx = TransformContext<ModernTypingOptions>;

/**
 * When an annotation is evaluated: at definition (its def, class or module runs), postponed (only when asked:
 * `from __future__ import annotations`, string annotations, PEP 695 values), never (a function's local
 * variables, `if TYPE_CHECKING:`, stubs); `runtime` for code that is not an annotation.
 */
export type Evaluation = 'definition' | 'postponed' | 'never' | 'runtime';

export interface Site {
  region: Region;
  /** The expression replaced: the subscript of a union, the name (identifier or attribute) of a generic. */
  node: Node;
  /** The name that says which typing object it is (`Optional`, `t.Optional`, `List`). */
  head: Node;
  kind: 'optional' | 'union' | 'generic';
  qualified: string;
  /** For generics: what replaces them. */
  target?: Pep585Target;
  place: Place;
  evaluation: Evaluation;
  /** Decided: the replacement text, or why not (undefined reason: not ours to report, as Ruff reports nothing). */
  text?: string;
  reason?: string;
  decided: boolean;
}

/** The module, or the parsed content of a string annotation (then `anchor` is the string node in the module). */
export interface Region {
  root: Node;
  /** The file offset of the region's offset 0. */
  base: number;
  /** A string annotation's content (the region's text is it in parentheses). */
  content?: string;
  parent?: Region;
  /** For a string annotation: its string node in the parent region, and in the module (to resolve names there). */
  string?: Node;
  anchor?: Node;
  sites: Site[];
  siteByNode: Map<string, Site>;
  strings: Map<string, Region | null>;
  /** The string annotation's new text (quotes included), once decided; equal to the old text when nothing changed. */
  text?: string;
}

const key = (n: Node) => `${n.startIndex}:${n.endIndex}:${n.type}`;

export class Analysis {
  readonly minor: number;
  readonly stub: boolean;
  readonly future: boolean;
  readonly main: Region;
  private readonly words: RegExp;
  readonly imports: ReturnType<typeof typingImportsOf>;
  private readonly suppressed: SuppressedRange[];
  private readers: RuntimeAnnotationReaders | undefined;
  /** collections members (`deque`) -> the name to write, or why it cannot be imported. */
  private readonly collections = new Map<string, { name: string; edits: { start: number; end: number; text: string }[] } | { reason: string }>();

  /**
   * `assumeFuture`: decide as if the module had `from __future__ import annotations`, and without asking who
   * evaluates annotations at run time (what future-annotations asks: it refuses such modules itself).
   */
  constructor(readonly ctx: Ctx, private readonly assumeFuture = false) {
    this.minor = targetMinor(ctx.settings.targetVersion);
    this.stub = ctx.path.endsWith('.pyi');
    this.future = assumeFuture || hasFutureAnnotations(ctx.root, ctx.source);
    this.main = { root: ctx.root, base: 0, sites: [], siteByNode: new Map(), strings: new Map() };
    this.imports = typingImportsOf(ctx.source);
    this.words = wordsRegex(this.candidateNames(), this.imports);
    this.suppressed = suppressedRanges(ctx.source, ctx.root);
  }

  /** The typing names a site can be made of on this target: none below 3.9 without the future import, only the generics below 3.10. */
  candidateNames(): string[] {
    if (this.stub || this.minor >= 10 || this.future) return REWRITTEN_NAMES;
    return this.minor >= 9 ? PEP585_NAMES : [];
  }

  get hasCandidates(): boolean {
    return this.words.source !== '(?!)';
  }

  /** Finds and decides every site, in the module and its string annotations. */
  run(): void {
    this.scanning = true;
    this.scan(this.main, this.ctx.source);
    this.scanning = false;
    // String annotations first (a nested one is queued before the one holding it), then the module.
    for (const region of this.pending) this.decideRegion(region);
    this.pending.length = 0;
    this.decideRegion(this.main);
  }

  /** While the module is scanned, string regions wait to be decided until every site is known. */
  private scanning = false;
  private readonly pending: Region[] = [];

  // ---- Finding sites ----

  /** Sites of `region` from its text: each word looked up in its tree (strings become regions of their own). */
  private scan(region: Region, text: string): void {
    const strings: Node[] = [];
    for (const m of text.matchAll(this.words)) {
      const [start, end] = m.indices!.groups!.name ?? m.indices!.groups!.attr!;
      const word = text.slice(start, end);
      const node = region.root.descendantForIndex(start, end);
      if (!node) continue;
      if (node.type === 'identifier' && node.text === word) this.addSite(region, node);
      else if (node.type === 'string_content' || node.type === 'string') {
        const str = node.type === 'string' ? node : node.parent;
        if (str?.type === 'string' && !strings.some((s) => s.id === str.id)) strings.push(str);
      }
    }
    for (const str of strings) this.stringRegion(region, str);
  }

  private addSite(region: Region, id: Node): void {
    const parent = id.parent;
    if (!parent || !isNameUse(id)) return;
    // `typing.List`: the attribute is the expression; `List.x` or a bare `List`: the name.
    const expr = parent.type === 'attribute' && parent.childForFieldName('attribute')?.id === id.id ? parent : id;
    if (expr.type === 'attribute' && !isDottedName(expr)) return;
    const qualified = this.qualifiedName(region, expr);
    if (!qualified) return;
    const op = unionOperator(qualified);
    if (op) {
      const sub = expr.parent;
      const isHead =
        (sub?.type === 'subscript' && sub.childForFieldName('value')?.id === expr.id) ||
        (sub?.type === 'generic_type' && sub.namedChild(0)?.id === expr.id);
      if (!sub || !isHead) return; // a bare `Optional`: Ruff rewrites only subscripts too
      this.pushSite(region, { node: sub, head: expr, kind: op, qualified });
      return;
    }
    const target = pep585Target(qualified);
    if (target) this.pushSite(region, { node: expr, head: expr, kind: 'generic', qualified, target });
  }

  private pushSite(region: Region, s: Pick<Site, 'node' | 'head' | 'kind' | 'qualified' | 'target'>): void {
    if (region.siteByNode.has(key(s.node))) return;
    const place = region.anchor ? placeOf(region.anchor, (e) => this.ctx.python.qualifiedName(e)) : placeOf(s.node, (e) => this.ctx.python.qualifiedName(e));
    const site: Site = { region, ...s, place, evaluation: this.evaluation(region, s.node, place), decided: false };
    region.sites.push(site);
    region.siteByNode.set(key(s.node), site);
  }

  /** Qualified name of a name or dotted name; in a string annotation, resolved where the string is. */
  private qualifiedName(region: Region, expr: Node): string | undefined {
    if (!region.anchor) return this.ctx.python.qualifiedName(expr);
    const parts = expr.text.split('.').map((p) => p.trim());
    const first = this.ctx.python.scope.qualifiedNameOfName(parts[0]!, region.anchor);
    return first === undefined ? undefined : [first, ...parts.slice(1)].join('.');
  }

  private evaluation(region: Region, node: Node, place: Place): Evaluation {
    if (this.stub) return 'never';
    if (place.kind === 'runtime') return region.anchor ? 'postponed' : 'runtime';
    const at = region.anchor ?? node;
    if (inTypeCheckingBlock(at, (e) => this.ctx.python.qualifiedName(e))) return 'never';
    if (place.role === 'variable' && place.scope === 'function') return 'never';
    if (region.anchor || place.role === 'lazy' || this.future) return 'postponed';
    return 'definition';
  }

  /**
   * The region of a string annotation (parsed once; null when it is not one: a string that is not in a type
   * position, with escapes, on several lines, or that does not parse as one expression).
   */
  stringRegion(parent: Region, str: Node): Region | null {
    const k = key(str);
    if (parent.strings.has(k)) return parent.strings.get(k)!;
    parent.strings.set(k, null);
    const anchor = parent.anchor ?? str;
    if (!parent.anchor && placeOf(str, (e) => this.ctx.python.qualifiedName(e)).kind !== 'annotation') return null;
    if (!inTypePosition(str, (e) => this.qualifiedName(parent, e))) return null;
    const content = plainContent(str);
    if (content === null) return null;
    const tree = stringParserFor(this.ctx.tree.language).parse(`(${content})`);
    const stmt = tree?.rootNode.namedChild(0);
    const paren = stmt?.namedChild(0);
    if (!tree || tree.rootNode.hasError || tree.rootNode.namedChildCount !== 1 || paren?.type !== 'parenthesized_expression' || paren.namedChildCount !== 1) {
      tree?.delete();
      return null;
    }
    this.trees.push(tree);
    const contentStart = str.namedChildren.find((c) => c?.type === 'string_content')?.startIndex ?? str.namedChild(0)!.endIndex;
    const region: Region = {
      root: paren.namedChild(0)!,
      base: parent.base + contentStart - 1,
      content,
      parent,
      string: str,
      anchor,
      sites: [],
      siteByNode: new Map(),
      strings: new Map(),
    };
    parent.strings.set(k, region);
    this.scan(region, `(${content})`);
    if (this.scanning) this.pending.push(region);
    else this.decideRegion(region);
    return region;
  }

  /** Parsed string annotations, freed by `dispose`. */
  private readonly trees: { delete(): void }[] = [];

  dispose(): void {
    for (const t of this.trees) t.delete();
    this.trees.length = 0;
  }

  // ---- Deciding ----

  private decideRegion(region: Region): void {
    const bySize = [...region.sites].sort((a, b) => a.node.endIndex - a.node.startIndex - (b.node.endIndex - b.node.startIndex));
    for (const site of bySize) this.decide(site);
    if (region.string) {
      const text = this.spliced(region, 1, 1 + region.content!.length, region.content!);
      const str = region.string;
      const contentStart = str.namedChildren.find((c) => c?.type === 'string_content')?.startIndex;
      const contentEnd = str.namedChildren.find((c) => c?.type === 'string_end')?.startIndex;
      region.text = contentStart === undefined || contentEnd === undefined ? str.text : `${str.text.slice(0, contentStart - str.startIndex)}${text}${str.text.slice(contentEnd - str.startIndex)}`;
    }
  }

  private decide(site: Site): void {
    if (site.decided) return;
    site.decided = true;
    const refuse = (reason?: string) => {
      site.reason = reason;
      site.text = undefined;
    };
    const fileAt = site.region.base + site.node.startIndex;
    if (!site.region.anchor && this.suppressedAt(fileAt, site.region.base + site.node.endIndex)) return refuse('suppressed by a `# pycodemod: skip` comment');
    if (site.kind === 'generic') return this.decideGeneric(site, refuse);
    return this.decideUnion(site, refuse);
  }

  /** Whether a `# pycodemod: skip` comment covers the (non-empty) range start..end of the module for this transform. */
  suppressedAt(start: number, end: number): boolean {
    return isSuppressed([{ start, end, text: '' }], 'modern-typing', this.suppressed);
  }

  /** `List` -> `list`, `Deque` -> `deque` (UP006): from Python 3.9 everywhere, in annotations below it under the future import. */
  private decideGeneric(site: Site, refuse: (reason?: string) => void): void {
    const { place, evaluation } = site;
    const runtimeOk = this.stub || this.minor >= 9;
    if (!runtimeOk && !(this.future && place.kind === 'annotation')) return refuse();
    const from = site.head.text;
    const target = site.target!;
    const to = 'builtin' in target ? target.builtin : `${target.module}.${target.member}`;
    if (place.kind === 'runtime') {
      if (place.role === 'base-class')
        return refuse(`\`${from}\` in a base class: \`${to}\` would take typing.Generic out of the class's MRO (and a type variable would no longer make it generic)`);
      if (!this.isTypeUse(site)) return refuse(`\`${from}\` is used as a value (compared, stored or passed on), and \`${to}\` is a different object`);
    } else if (evaluation === 'postponed' && !runtimeOk) {
      const why = this.runtimeReader(site);
      if (why) return refuse(`\`${from}\` left alone: ${why}, and \`${to}[...]\` needs Python 3.9 there (target py3${this.minor})`);
    }
    const at = site.region.anchor ?? site.node;
    if ('builtin' in target) {
      const check = builtinHere(this.ctx, target.builtin, at);
      if (!check.builtin) return refuse(`\`${from}\` left alone: ${check.reason}`);
      site.text = target.builtin;
      return;
    }
    const imported = this.collectionsImport(target.member);
    if (!imported || 'reason' in imported) return refuse(`\`${from}\` left alone: ${imported && 'reason' in imported ? imported.reason : 'no import'}`);
    site.text = imported.name;
  }

  /**
   * True when a generic name used at run time stands for a type: subscripted (`List[int]`), called, the
   * class argument of isinstance/issubclass, a member of a union or a type's argument.
   */
  private isTypeUse(site: Site): boolean {
    const expr = site.node;
    const parent = expr.parent;
    if (!parent) return false;
    if ((parent.type === 'subscript' && parent.childForFieldName('value')?.id === expr.id) || (parent.type === 'generic_type' && parent.namedChild(0)?.id === expr.id)) return true;
    if (parent.type === 'call' && parent.childForFieldName('function')?.id === expr.id) return true;
    if (unionOperands(parent)) return true;
    if (parent.type === 'subscript' && parent.childForFieldName('value')?.id !== expr.id) return true;
    if (site.place.kind === 'runtime' && site.place.role === 'isinstance') {
      const holder = parent.type === 'tuple' ? parent.parent : parent;
      return holder?.type === 'argument_list';
    }
    return false;
  }

  /**
   * Undefined when a union at run time is a type by position: the value of an alias (`Alias = Union[...]`,
   * also as a type's argument), `cast`'s type, a `TypeVar`'s bound or constraints, `NewType`'s base, the
   * class argument of isinstance/issubclass. Else what the union is handed to, for the report: any other
   * code may look at the object it gets (`pydoc.describe(Union[int, str])`, `attr.ib(type=Optional[Path])`).
   */
  private runtimeTypePosition(node: Node): string | undefined {
    let n = node;
    for (let p = n.parent; p; n = p, p = p.parent) {
      // An argument of a known generic (`Callable[[str], Optional[X]]`, `list[Union[A, B]]`) is a type wherever
      // the generic is (Ruff's rule too).
      const parts = p.type === 'subscript' || p.type === 'generic_type' ? subscriptParts(p) : null;
      if (parts && parts.head.id !== n.id && this.isKnownGeneric(parts.head)) return undefined;
      const container =
        p.type === 'subscript' || p.type === 'generic_type' || p.type === 'type_parameter' || p.type === 'type' || p.type === 'parenthesized_expression' ||
        !!unionOperands(p) || ((p.type === 'tuple' || p.type === 'list') && (p.parent?.type === 'subscript' || p.parent?.type === 'type')) ||
        this.inFieldList(p, n);
      if (container) continue;
      if (p.type === 'assignment') {
        const left = p.childForFieldName('left');
        if (p.childForFieldName('right')?.id !== n.id || left?.type !== 'identifier') return 'is not an alias\'s value';
        // `X: TypeAlias = ...` says it is a type; `X = ...` is an alias where a module or class names a type.
        const annotation = p.childForFieldName('type');
        const qn = annotation && unwrapType(annotation).type !== 'string' ? this.ctx.python.qualifiedName(unwrapType(annotation)) : undefined;
        if (qn === 'typing.TypeAlias' || qn === 'typing_extensions.TypeAlias') return undefined;
        if (!this.ctx.options['rewrite-aliases']) return 'is an alias (option rewrite-aliases is off)';
        return inFunctionBody(p) ? 'is a local variable\'s value, not a module or class alias' : undefined;
      }
      const args = p.type === 'keyword_argument' ? p.parent : p;
      if (args?.type === 'argument_list' && args.parent?.type === 'call') {
        const fn = args.parent.childForFieldName('function');
        const qn = fn && (fn.type === 'identifier' || fn.type === 'attribute') ? this.ctx.python.qualifiedName(fn) : undefined;
        const index = named(args).findIndex((a) => a.id === (p.type === 'keyword_argument' ? p.id : n.id));
        const keyword = p.type === 'keyword_argument' ? p.childForFieldName('name')?.text : undefined;
        const base = qn?.replace(/^typing_extensions\./, 'typing.');
        if (base === 'typing.cast' && index === 0 && !keyword) return undefined;
        if (base === 'typing.TypeVar' && (keyword === 'bound' || (!keyword && index >= 1))) return undefined;
        if (base === 'typing.NewType' && index === 1 && !keyword) return undefined;
        if ((qn === 'isinstance' || qn === 'issubclass') && index === 1 && !keyword) return undefined;
        if (this.isFieldType(base, p, n, index)) return undefined;
        return `is passed to \`${fn?.text ?? 'a call'}(...)\` at run time`;
      }
      return 'is used at run time where it is not a type (not an alias, a cast, a TypeVar bound or an isinstance argument)';
    }
    return 'is used at run time where it is not a type';
  }

  /**
   * The type of a field of a functional NamedTuple or TypedDict: `NamedTuple("P", [("x", Optional[int])])`,
   * `TypedDict("M", {"year": Optional[int]})` (for Ruff too they are type definitions).
   */
  private isFieldType(call: string | undefined, p: Node, n: Node, index: number): boolean {
    if (index !== 1 || p.type === 'keyword_argument') return false;
    if (call === 'typing.NamedTuple' && n.type === 'list') return true;
    return call === 'typing.TypedDict' && n.type === 'dictionary';
  }

  /** `("x", <n>)` in a list, or `"x": <n>` in a dict: on the way to a functional NamedTuple's or TypedDict's fields. */
  private inFieldList(p: Node, n: Node): boolean {
    if (p.type === 'tuple') return named(p).length === 2 && named(p)[1]!.id === n.id && p.parent?.type === 'list';
    if (p.type === 'pair') return p.childForFieldName('value')?.id === n.id && p.parent?.type === 'dictionary';
    return (p.type === 'list' || p.type === 'dictionary') && p.parent?.type === 'argument_list';
  }

  /** A typing construct, a builtin generic or a collections / collections.abc class. */
  private isKnownGeneric(head: Node): boolean {
    if (head.type !== 'identifier' && head.type !== 'attribute') return false;
    const qn = this.ctx.python.qualifiedName(head);
    if (!qn) return false;
    return /^(typing|typing_extensions|collections|collections\.abc)\./.test(qn) || ['list', 'dict', 'set', 'frozenset', 'tuple', 'type'].includes(qn);
  }

  /** `Optional[X]` -> `X | None`, `Union[A, B]` -> `A | B` (UP045, UP007). */
  private decideUnion(site: Site, refuse: (reason?: string) => void): void {
    const { place, evaluation } = site;
    const runtimeOk = this.stub || this.minor >= 10;
    if (!runtimeOk && !(this.future && place.kind === 'annotation' && this.minor >= 7)) return refuse();
    const written = site.node.text.length > 60 ? `${site.head.text}[...]` : site.node.text;
    const parts = subscriptParts(site.node);
    if (!parts) return refuse();
    const args = parts.args;
    const quoted = args.some((a) => isString(a));
    if (place.kind === 'runtime') {
      if (place.role === 'base-class') return refuse(`\`${written}\` in a base class is left alone`);
      const where = this.runtimeTypePosition(site.node);
      if (where) return refuse(`\`${written}\` ${where}: \`|\` would hand it a types.UnionType instead of a typing.Union`);
      if (quoted) return refuse(`\`${written}\` has a quoted member: \`"X" | None\` fails when evaluated`);
    } else if (quoted && evaluation === 'definition') {
      // Evaluated when the def or class runs: `"Foo" | None` would raise TypeError (Ruff leaves it too).
      return refuse();
    }
    if (!runtimeOk && evaluation === 'postponed') {
      const why = this.runtimeReader(site);
      if (why) return refuse(`\`${written}\` left alone: ${why}, where \`X | None\` needs Python 3.10 (target py3${this.minor})`);
    }
    if (hasComment(site.node)) return refuse(`\`${written}\` holds a comment, which one line would lose`);
    const members = this.members(site);
    if (typeof members === 'string') return refuse(members);
    if (place.kind === 'runtime' || evaluation === 'definition') {
      // Evaluated: each member must support `|` (a class, a generic, None; in annotations also a call, a
      // type factory such as pydantic's `constr(...)`).
      const bad = members.find(
        (m) =>
          (!isTypeLike(m.node) && !(place.kind === 'annotation' && unwrapType(m.node).type === 'call')) ||
          // A name bound to a string or another non-type (`Alias = "list"`): `Alias | None` raises TypeError.
          (!m.region.anchor && !supportsUnion(this.ctx.python.scope, (e) => this.ctx.python.qualifiedName(e), unwrapType(m.node))),
      );
      if (bad) return refuse(`\`${written}\` has a member \`${bad.node.text}\` that may not support \`|\` when evaluated`);
    }
    const texts: string[] = [];
    for (const m of members) {
      const t = m.node.type === 'none' ? 'None' : render(m.node, this.hooks(m.region));
      if (t === null) return refuse(`\`${written}\` has a member \`${m.node.text}\` that cannot be written in a \`|\` union`);
      if (t === 'None' && texts.includes('None')) continue;
      texts.push(t);
    }
    if (site.kind === 'union' && args.length === 1 && !parts.parenthesized) {
      // `Union[X]` is X, written as it was (Ruff keeps its text), in parentheses if it spans lines.
      const only = args[0]!;
      const text = this.spliced(site.region, only.startIndex, only.endIndex, only.text);
      site.text = /[\r\n]/.test(text) ? `(${text})` : text;
      return;
    }
    site.text = texts.join(' | ');
  }

  /**
   * The members of a union site, flattened: nested `Optional`/`Union` sites that are rewritten too, `A | B`
   * operands, and (where the annotation is postponed) quoted members unquoted (`Optional["Foo"]` ->
   * `Foo | None`: under the future import `"Foo" | None` fails in `typing.get_type_hints`). A string is the
   * reason the site cannot be rewritten.
   */
  private members(site: Site): { node: Node; region: Region }[] | string {
    const parts = subscriptParts(site.node)!;
    const out: { node: Node; region: Region }[] = [];
    let problem: string | undefined;
    const push = (region: Region, n: Node, unquote: boolean) => {
      const node = unwrapType(n);
      const nested = region.siteByNode.get(key(node));
      if (nested && nested !== site && (nested.kind === 'optional' || nested.kind === 'union')) {
        this.decide(nested);
        if (nested.text !== undefined) {
          const inner = subscriptParts(nested.node)!;
          for (const a of inner.args) push(region, a, unquote);
          if (nested.kind === 'optional') out.push({ node: noneNode(node), region });
          return;
        }
      }
      const ops = unionOperands(node);
      if (ops) {
        push(region, ops[0], unquote);
        push(region, ops[1], unquote);
        return;
      }
      if (node.type === 'parenthesized_expression' && named(node).length === 1) return push(region, named(node)[0]!, unquote);
      if (isString(node) && unquote) {
        const inner = this.stringRegion(region, unwrapType(node));
        if (!inner) {
          problem = `a quoted member \`${node.text}\` cannot be read as a type`;
          return;
        }
        push(inner, inner.root, unquote);
        return;
      }
      out.push({ node, region });
    };
    const unquote = site.evaluation === 'postponed';
    if (site.kind === 'optional') {
      if (parts.args.length !== 1 || parts.parenthesized || parts.trailingComma) return `\`${site.node.text}\` is not a valid Optional`;
      push(site.region, parts.args[0]!, unquote);
      if (problem) return problem;
      const notNone = out.filter((m) => m.node.type !== 'none');
      if (notNone.length === 0) return `\`${site.node.text}\` is only None`;
      return [...notNone, { node: noneNode(site.node), region: site.region }];
    }
    if (parts.args.length === 0) return `\`${site.node.text}\` has no members`;
    for (const a of parts.args) {
      if (unwrapType(a).type === 'list_splat' || unwrapType(a).type === 'slice') return `\`${site.node.text}\` unpacks or slices its members`;
      push(site.region, a, unquote);
    }
    return problem ?? out;
  }

  /** Why the annotation at `site` may be evaluated at run time (pydantic, FastAPI, get_type_hints...), or undefined. */
  private runtimeReader(site: Site): string | undefined {
    const place = site.place;
    if (place.kind !== 'annotation' || this.assumeFuture) return undefined;
    this.readers ??= new RuntimeAnnotationReaders(this.ctx.root, this.ctx.source, this.ctx.python.scope, {
      baseClasses: sharedOption(this.ctx, 'runtime-evaluated-base-classes'),
      decorators: sharedOption(this.ctx, 'runtime-evaluated-decorators'),
    });
    const r = this.readers;
    const moduleWide = r.moduleReason();
    if (moduleWide) return moduleWide;
    if ((place.role === 'parameter' || place.role === 'return') && place.func) return r.functionReason(place.func);
    if (place.role === 'variable' && place.scope === 'class' && place.cls) return r.classReason(place.cls);
    return undefined;
  }

  /** The collections import a `Deque`/`DefaultDict` site needs, decided once for every site of that member. */
  private collectionsImport(member: string) {
    let r = this.collections.get(member);
    if (!r) {
      const at: Node[] = [];
      const visit = (region: Region) => {
        for (const s of region.sites) if (s.target && 'member' in s.target && s.target.member === member) at.push(region.anchor ?? s.node);
        for (const sub of region.strings.values()) if (sub) visit(sub);
      };
      visit(this.main);
      const res = this.ctx.python.ensureFromImport('collections', member, { at });
      r = res.ok ? { name: res.name, edits: res.edits } : { reason: res.reason };
      this.collections.set(member, r);
    }
    return r;
  }

  /** The import edits for the collections members some rewritten site uses. */
  collectionsEdits(): { start: number; end: number; text: string }[] {
    const used = new Set<string>();
    const visit = (region: Region) => {
      for (const s of region.sites) if (s.text !== undefined && s.target && !('builtin' in s.target)) used.add(s.target.member);
      for (const r of region.strings.values()) if (r) visit(r);
    };
    visit(this.main);
    const edits = [...used].sort().flatMap((m) => {
      const r = this.collections.get(m);
      return r && 'edits' in r ? r.edits : [];
    });
    // `deque` and `defaultdict` both new: one `from collections import defaultdict, deque` line.
    const line = /^from collections import (\w+)(\r\n|\r|\n)$/;
    const fresh = edits.filter((e) => e.start === e.end && line.test(e.text));
    if (fresh.length === 2 && fresh[0]!.start === fresh[1]!.start) {
      const names = fresh.map((e) => line.exec(e.text)![1]!).sort();
      const nl = line.exec(fresh[0]!.text)![2];
      return [...edits.filter((e) => !fresh.includes(e)), { start: fresh[0]!.start, end: fresh[0]!.start, text: `from collections import ${names.join(', ')}${nl}` }];
    }
    return edits;
  }

  // ---- Text ----

  hooks(region: Region): RenderHooks {
    return {
      rewritten: (node) => {
        const site = region.siteByNode.get(key(node));
        if (site) {
          this.decide(site);
          if (site.text !== undefined) return site.text;
        }
        if (node.type === 'string') {
          const r = region.strings.get(key(node));
          if (r) return r.text;
        }
        return undefined;
      },
    };
  }

  /** `text` (the region's [start, end)) with the outermost rewritten sites and string annotations in it replaced. */
  spliced(region: Region, start: number, end: number, text: string): string {
    const items = this.outermost(region, start, end);
    let out = '';
    let at = start;
    for (const it of items) {
      out += text.slice(at - start, it.start - start) + it.text;
      at = it.end;
    }
    return out + text.slice(at - start);
  }

  /** The outermost rewritten sites and changed strings of `region` within [start, end), in order. */
  outermost(region: Region, start: number, end: number): { start: number; end: number; text: string; site?: Site }[] {
    const items: { start: number; end: number; text: string; site?: Site }[] = [];
    for (const s of region.sites) {
      if (s.text !== undefined && s.node.startIndex >= start && s.node.endIndex <= end) items.push({ start: s.node.startIndex, end: s.node.endIndex, text: s.text, site: s });
    }
    for (const [k, r] of region.strings) {
      if (!r || r.text === undefined || r.text === r.string!.text) continue;
      const [s, e] = k.split(':').map(Number) as [number, number];
      if (s >= start && e <= end) items.push({ start: s, end: e, text: r.text });
    }
    items.sort((a, b) => a.start - b.start || b.end - a.end);
    const out: typeof items = [];
    for (const it of items) if (!out.length || it.start >= out[out.length - 1]!.end) out.push(it);
    return out;
  }

  /** Every site that is not rewritten, with its reason (the ones worth a report). */
  refused(): Site[] {
    const out: Site[] = [];
    const visit = (region: Region) => {
      for (const s of region.sites) if (s.text === undefined && s.reason) out.push(s);
      for (const r of region.strings.values()) if (r) visit(r);
    };
    visit(this.main);
    return out;
  }
}

/**
 * Whether `name` means the builtin at `at`, as builtinAt answers, except that an annotation without a value
 * at module level (`list: List[int]`) binds nothing there (Python only records it). In a class body it may:
 * a NamedTuple, `__slots__`, attrs or `dataclass(slots=True)` makes the field an attribute of the class, and
 * `typing.get_type_hints` reads the class's annotations with the class's attributes first (`list: list`
 * in a NamedTuple then means the field's descriptor).
 */
function builtinHere(ctx: Ctx, name: string, at: Node): ReturnType<typeof builtinAt> {
  const scope = ctx.python.scope;
  const chain = scope.scopeChain(at);
  if (chain.some((sc) => sc.globals.has(name) || sc.nonlocals.has(name))) return builtinAt(scope, name, at, ctx.settings.targetVersion);
  // A def's signature is evaluated in the class body, but get_type_hints reads it with the module's globals
  // only: there a field of the class is no binding either (asked only when a class scope is in the chain).
  let inSignature: boolean | undefined;
  const signature = () => (inSignature ??= [...ancestors(at)].some((n) => n.type === 'parameters' || n.parent?.childForFieldName('return_type')?.id === n.id));
  for (const sc of chain) {
    const bindings = sc.kind === 'module' ? scope.moduleRebindings(name) : (sc.bindings.get(name) ?? []);
    const real = sc.kind === 'module' || (sc.kind === 'class' && bindings.length > 0 && signature()) ? bindings.filter((b) => b.kind !== 'annotation') : bindings;
    if (real.length) {
      const field = sc.kind === 'class' && real.every((b) => b.kind === 'annotation');
      return { builtin: false, reason: `\`${name}\` is not the builtin here (${field ? 'a field of the class: a NamedTuple, `__slots__` or attrs class makes it an attribute, which get_type_hints reads first' : 'rebound by a def, a class, an assignment, an import or a parameter'})` };
    }
  }
  const wildcard = wildcardProblem(scope, name, ctx.settings.targetVersion);
  if (wildcard) return { builtin: false, reason: wildcard };
  return { builtin: true };
}

/** The option's values from this transform's table and from the other typing transform's (the lists are shared). */
export function sharedOption(ctx: TransformContext<unknown>, name: string): string[] {
  const own = (ctx.options as Record<string, unknown>)[name];
  const tables = ctx.settings.transformOptions;
  const other = [tables['modern-typing']?.[name], tables['future-annotations']?.[name]];
  return [...new Set([...(Array.isArray(own) ? own : []), ...other.flatMap((v) => (Array.isArray(v) ? (v as string[]) : []))])];
}

/**
 * What the module imports from typing, read from the text of its import statements: the local names of
 * `from typing import X [as Y]` and of `import typing [as t]` (typing_extensions too). No match: the module
 * cannot spell a typing name, and is not looked at.
 */
export function typingImportsOf(source: string): { names: Map<string, string>; modules: Set<string>; fromTyping: boolean } {
  const names = new Map<string, string>();
  const modules = new Set<string>();
  let fromTyping = false;
  if (!source.includes('typing')) return { names, modules, fromTyping };
  for (const m of source.matchAll(/\bfrom[ \t]+(typing|typing_extensions)[ \t]+import[ \t]*(\([^)]*\)|(?:[^\r\n;#\\]|\\\r?\n)*)/g)) {
    if (m[1] === 'typing') fromTyping = true;
    for (const item of m[2]!.replace(/[()\\]|#[^\n]*/g, ' ').split(',')) {
      const parts = item.trim().split(/\s+as\s+/);
      if (parts[0] && /^\w+$/.test(parts[0])) names.set((parts[1] ?? parts[0]).trim(), parts[0]);
    }
  }
  for (const m of source.matchAll(/\bimport[ \t]+((?:[\w.]+(?:[ \t]+as[ \t]+\w+)?[ \t]*,[ \t]*)*)(typing|typing_extensions)(?:[ \t]+as[ \t]+(\w+))?(?![\w.])/g)) {
    modules.add(m[3] ?? m[2]!);
  }
  return { names, modules, fromTyping };
}

/**
 * The text pattern of candidate names: the local names the module imported rewritable typing names under, and
 * `<module alias>.<name>`; the group `name` is the identifier to look at. Never matches when there is none.
 */
function wordsRegex(names: readonly string[], imports: ReturnType<typeof typingImportsOf>): RegExp {
  const wanted = new Set(names);
  const locals = [...imports.names].filter(([, original]) => wanted.has(original)).map(([local]) => local);
  const alternatives: string[] = [];
  if (locals.length) alternatives.push(`(?<![\\w.])(?<name>${locals.join('|')})(?!\\w)`);
  if (imports.modules.size && names.length) alternatives.push(`(?<![\\w.])(?:${[...imports.modules].join('|')})[ \\t]*\\.[ \\t]*(?<attr>${names.join('|')})(?!\\w)`);
  return alternatives.length ? new RegExp(alternatives.join('|'), 'gd') : /(?!)/g;
}

/** An identifier that is read (not an attribute's label, a keyword, an import's path or name, a binding). */
function isNameUse(id: Node): boolean {
  const parent = id.parent!;
  switch (parent.type) {
    case 'keyword_argument':
      return parent.childForFieldName('name')?.id !== id.id;
    case 'dotted_name':
    case 'aliased_import':
    case 'import_from_statement':
    case 'import_statement':
      return false;
    case 'function_definition':
    case 'class_definition':
      return parent.childForFieldName('name')?.id !== id.id;
    default:
      return true;
  }
}

/** True when the statement runs in a function's body (a local variable, not a type alias). */
function inFunctionBody(node: Node): boolean {
  let child = node;
  for (let p = node.parent; p; child = p, p = p.parent) {
    if (p.type === 'function_definition' && p.childForFieldName('body')?.id === child.id) return true;
    if (p.type === 'class_definition' && p.childForFieldName('body')?.id === child.id) return false;
  }
  return false;
}

/** `a.b.c` made of names only. */
function isDottedName(expr: Node): boolean {
  if (expr.type === 'identifier') return true;
  if (expr.type !== 'attribute') return false;
  const object = expr.childForFieldName('object');
  return !!object && isDottedName(object);
}

function isString(node: Node): boolean {
  const n = unwrapType(node);
  return n.type === 'string' || n.type === 'concatenated_string';
}

/** A member of a union that supports `|` when evaluated: a name, a dotted name, a generic, None, a union. */
function isTypeLike(node: Node): boolean {
  const n = unwrapType(node);
  if (n.type === 'none' || n.type === 'identifier') return true;
  if (n.type === 'attribute') return isDottedName(n);
  if (n.type === 'subscript' || n.type === 'generic_type') return true;
  return false;
}

/** Where None goes in a member list (a marker: members are printed from their nodes, None as `None`). */
function noneNode(at: Node): Node {
  return { type: 'none', text: 'None', startIndex: at.endIndex, endIndex: at.endIndex } as unknown as Node;
}

/**
 * The content of a one-line, one-piece string without escapes or interpolation (u/r prefixes allowed), else
 * null: plainStringContent, less triple-quoted strings, escapes and blank content.
 */
function plainContent(str: Node): string | null {
  const text = plainStringContent(str);
  if (text === null || /"""|'''/.test(str.namedChild(0)!.text)) return null;
  return text.includes('\\') || /[\r\n]/.test(text) || text.trim() === '' ? null : text;
}

/**
 * False for a string that is a value in a type rather than a type: inside `Literal[...]`, or in the
 * metadata of `Annotated[T, ...]`.
 */
function inTypePosition(str: Node, qualifiedName: (expr: Node) => string | undefined): boolean {
  let child = str;
  for (let p = str.parent; p; child = p, p = p.parent) {
    const parts = (p.type === 'subscript' || p.type === 'generic_type') ? subscriptParts(p) : null;
    if (parts && parts.head.id !== child.id) {
      const head = parts.head;
      const qn = head.type === 'identifier' || head.type === 'attribute' ? qualifiedName(head) : undefined;
      if (qn === 'typing.Literal' || qn === 'typing_extensions.Literal') return false;
      if ((qn === 'typing.Annotated' || qn === 'typing_extensions.Annotated') && !(parts.args[0] && within(str, parts.args[0]))) return false;
    }
    if (p.type === 'module' || p.type === 'block') break;
  }
  return true;
}

const within = (n: Node, outer: Node) => outer.startIndex <= n.startIndex && n.endIndex <= outer.endIndex;
