// A pattern rule becomes a Transform, so everything the runner does for transforms applies to rules
// unchanged: selection by id, `# pycodemod: skip[id]`, --check, JSON, the fix loop, workers, the cache.
// A rule is data: a worker thread rebuilds the same transform from its definition (ruleOf), and the
// cache key hashes the definition.
import type { Node } from 'web-tree-sitter';
import type { PythonParser } from '../core/parser.js';
import type { AnyTransform, Edit, TransformContext } from '../core/types.js';
import { suppressedRanges, isSuppressed } from '../core/suppression.js';
import { compileRule, type CompiledRelation, type CompiledRule, type ImportSpec } from './compile-rule.js';
import { respell } from './respell.js';
import { strictQualifiedName } from './qualified.js';
import { findMatches, mayMatch } from './find.js';
import { captureRange, matchAt, type Captures, type Match, type MatchContext } from './match.js';
import { fillReplacement } from './replacement.js';
import { PRIMARY_PRECEDENCE, precedenceOf } from './precedence.js';
import { indentationAt } from '../core/text.js';
import { targetMinor } from '../core/settings.js';
import { importEdits, provideImport, unusedImportRemovals } from './imports.js';
import type { RuleDefinition } from './rule.js';

const definitions = new WeakMap<AnyTransform, RuleDefinition>();

/** The definition a rule's transform was built from (undefined for other transforms). */
export function ruleOf(t: AnyTransform): RuleDefinition | undefined {
  return definitions.get(t);
}

/** Compiles the rule (a RuleError when it cannot work) and wraps it as a transform. */
export function ruleTransform(rule: RuleDefinition, parser: PythonParser): AnyTransform {
  const compiled = compileRule(rule, parser);
  const pattern = rule.pattern.trim();
  const transform: AnyTransform = {
    id: rule.id,
    description: rule.message ?? (rule.rewrite !== undefined ? `\`${oneLine(pattern)}\` -> \`${oneLine(rule.rewrite)}\`` : `flags \`${oneLine(pattern)}\``),
    docs: {
      whatItDoes:
        `A pattern rule (${rule.origin}${rule.qualified ? ', names matched by what they resolve to' : ''}): finds\n\n${indent(pattern)}\n\n` +
        (rule.rewrite !== undefined ? `and rewrites each match to\n\n${indent(rule.rewrite.trim())}` : 'and reports each match (no rewrite: `--check` fails on a match).'),
      why: rule.note ?? rule.message ?? 'A rule this repository keeps.',
      example: exampleOf(rule),
      semantics:
        rule.rewrite !== undefined
          ? 'What the rewrite means is the rule author\'s. pycodemod copies captured code unchanged, adds parentheses where ' +
            'operator precedence needs them, re-indents to the match\'s block, and leaves a match alone (reported with -v) ' +
            'when the rewrite would drop a comment or an import it needs cannot be added without a conflict.'
          : 'Reports only; changes nothing.',
    },
    options: {},
    enabledByDefault: rule.enabled,
    // What the cache knows the rule by: everything that decides its results (not where it is written,
    // nor its tests).
    cacheKey: JSON.stringify({ ...rule, origin: undefined, valid: undefined, invalid: undefined, tests: undefined, note: undefined }),
    mayApply: (source) => mayMatch(compiled.pattern, source),
    transform: (ctx) => runRule(compiled, ctx, parser),
  };
  definitions.set(transform, rule);
  return transform;
}

function runRule(rule: CompiledRule, ctx: TransformContext, parser: PythonParser): void {
  const { definition } = rule;
  if (!mayMatch(rule.pattern, ctx.source)) return;
  const qualified: MatchContext = { qualifiedName: (n) => strictQualifiedName(ctx.python.scope, n) };
  const matches = findMatches(rule.pattern, ctx.root, ctx.source, ctx.query, qualified).filter((m) => passesFilters(rule, m, qualified, ctx.source));
  if (matches.length === 0) return;

  if (!rule.replacement) {
    for (const m of matches)
      ctx.flag({ node: m.node, message: definition.message ?? `matches \`${oneLine(definition.pattern.trim())}\``, captures: captureSpans(m.captures) });
    return;
  }

  const suppressed = suppressedRanges(ctx.source, ctx.root);
  const fixes: { node: Node; edits: Edit[] }[] = [];
  /** Identifiers the rewrites replace (not copied into a replacement): their uses go away. */
  const dropped: Node[] = [];
  for (const m of matches) {
    const replaced: Edit = { start: m.node.startIndex, end: m.node.endIndex, text: '' };
    if (isSuppressed([replaced], definition.id, suppressed)) {
      ctx.skip(m.node, 'suppressed by a `# pycodemod: skip` comment');
      continue;
    }
    // --qualified: the replacement's qualified names in this file's spelling, with the imports that
    // spelling needs; other rule imports are added as written.
    const respelledImports: Edit[] = [];
    const filled = fillReplacement(rule.replacement, m, {
      source: ctx.source,
      root: ctx.root,
      indentUnit: ctx.python.indentUnit,
      lineEnding: ctx.python.lineEnding,
      respell: definition.qualified
        ? (qualified, at) => {
            const r = respell(qualified, at, ctx.python.scope, rule.imports, (spec, node) => provideImport(spec, node, ctx, true));
            if ('text' in r && r.edits) respelledImports.push(...r.edits);
            return r;
          }
        : undefined,
    });
    if (!filled.ok) {
      ctx.skip(m.node, filled.reason);
      continue;
    }
    if (filled.text === ctx.source.slice(replaced.start, replaced.end)) continue; // already what the rule wants
    // One match whose rewrite is not Python (`$X = lambda: $R` -> `def $X(): ...` with `$X` bound to
    // `self.x`) is left alone; it must not cost the file its other rewrites.
    const invalid = unparseable(filled.text, m.node, ctx.source, parser);
    if (invalid) {
      ctx.skip(m.node, `the rewrite of this match would not parse (\`${oneLine(invalid)}\`)`);
      continue;
    }
    const field = fStringFieldProblem(filled.text, m.node, targetMinor(ctx.settings.targetVersion));
    if (field) {
      ctx.skip(m.node, field);
      continue;
    }
    const lost = droppedComment(m.node, filled.kept);
    if (lost) {
      ctx.skip(m.node, `the rewrite would drop the comment \`${lost.text}\` (line ${lost.startPosition.row + 1}); rewrite this one by hand`);
      continue;
    }
    // (`import a.b` loads a submodule, whatever name the file reaches it by: always ensured.)
    const specs = definition.qualified
      ? rule.imports.filter((spec) => !respelledByRule(rule, spec) || (spec.from === undefined && !spec.alias && spec.module.includes('.')))
      : rule.imports;
    const imports = importEdits(specs, m.node, ctx);
    if (!imports.ok) {
      ctx.skip(m.node, imports.reason);
      continue;
    }
    imports.edits.push(...respelledImports);
    dropped.push(...droppedIdentifiers(m.node, filled.kept));
    replaced.text = filled.text;
    fixes.push({ node: m.node, edits: [replaced, ...imports.edits] });
  }
  if (fixes.length === 0) return;

  const message = definition.message ?? `\`${oneLine(definition.pattern.trim())}\` -> \`${oneLine(definition.rewrite!.trim())}\``;
  // Imports the rewrite leaves unused go in the same fix as every rewrite of this pass: all or nothing,
  // so an import is never removed while a use of it stays (a rewrite deferred to the next pass).
  const removals = unusedImportRemovals(definition.removeUnusedImports, dropped, definition.rewrite!, ctx);
  // An import added where one is removed takes its place: the blank line after it stays.
  for (const r of removals) {
    if (!fixes.some((f) => f.edits.some((e) => e.start === e.end && e.start === r.start && e.text !== ''))) continue;
    const blank = /(?:\r\n|\n|\r)([ \t]*(?:\r\n|\n|\r))$/.exec(ctx.source.slice(r.start, r.end));
    if (blank) r.end -= blank[1]!.length;
  }
  if (removals.length > 0) {
    // (Every rewrite asks for the same import insertion: one copy is enough.)
    const edits = [...fixes.flatMap((f) => f.edits), ...removals].filter(
      (e, i, all) => all.findIndex((o) => o.start === e.start && o.end === e.end && o.text === e.text) === i,
    );
    ctx.report({ node: fixes[0]!.node, message: `${message} (and removed the imports it left unused)`, fix: edits });
    return;
  }
  for (const f of fixes) ctx.report({ node: f.node, message, fix: f.edits });
}

/**
 * Before Python 3.12 (PEP 701) the expression in an f-string's replacement field could not hold the
 * f-string's own quote (its three quotes, for a triple-quoted one), a backslash or a `#`, nor a line
 * break unless the f-string is triple-quoted. tree-sitter accepts all of them; Python before 3.12 rejects the file.
 */
function fStringFieldProblem(text: string, node: Node, minor: number): string | null {
  if (minor >= 12) return null;
  for (let n = node.parent; n; n = n.parent) {
    if (n.type !== 'interpolation' || n.parent?.type !== 'string') continue;
    const delimiter = (n.parent.firstChild?.text ?? '').replace(/^[A-Za-z]*/, '');
    // (A triple-quoted f-string ends only at its three quotes.)
    const why = text.includes(delimiter.length === 3 ? delimiter : (delimiter[0] ?? '"'))
      ? `the f-string's own quote (${delimiter})`
      : text.includes('\\')
        ? 'a backslash'
        : text.includes('#')
          ? 'a `#`'
          : delimiter.length === 1 && /[\r\n]/.test(text)
            ? 'a line break'
            : null;
    if (why) return `the rewrite would put ${why} inside an f-string's replacement field, which Python before 3.12 rejects (target-version py3${minor})`;
  }
  return null;
}

/** Relational filters and per-metavariable constraints; bindings a positive relation adds are kept. */
function passesFilters(rule: CompiledRule, m: Match, ctx: MatchContext, source: string): boolean {
  const related = (r: CompiledRelation, candidates: Iterable<Node>): Captures | undefined => {
    for (const c of candidates) {
      if (r.kind !== undefined) {
        if (c.type === r.kind) return new Map();
        continue;
      }
      const found = matchAt(r.pattern, c, ctx, m.captures);
      if (found) return found.captures;
    }
    return undefined;
  };
  for (const r of rule.inside) {
    const found = related(r, ancestors(m.node));
    if (!found) return false;
    for (const [k, v] of found) m.captures.set(k, v);
  }
  for (const r of rule.has) {
    const found = related(r, descendants(m.node));
    if (!found) return false;
    for (const [k, v] of found) m.captures.set(k, v);
  }
  for (const r of rule.notInside) if (related(r, ancestors(m.node))) return false;
  for (const r of rule.notHas) if (related(r, descendants(m.node))) return false;

  for (const [name, c] of rule.constraints) {
    const capture = m.captures.get(name);
    if (!capture) return false;
    const nodes = capture.node ? [capture.node] : capture.nodes;
    if (c.kinds && !nodes.every((n) => c.kinds!.has(n.type))) return false;
    const range = captureRange(capture);
    const text = range ? source.slice(range.start, range.end) : '';
    if (c.regex && !c.regex.test(text)) return false;
    if (c.notRegex && c.notRegex.test(text)) return false;
  }
  return true;
}

/** True when an import only serves respelled names (added only where a file's spelling needs it). */
function respelledByRule(rule: CompiledRule, spec: ImportSpec): boolean {
  const root = spec.from !== undefined ? spec.from.split('.')[0]! : spec.module.split('.')[0]!;
  return rule.replacement?.respelledRoots.has(root) ?? false;
}

function* ancestors(node: Node): Generator<Node> {
  for (let n = node.parent; n; n = n.parent) yield n;
}

function* descendants(node: Node): Generator<Node> {
  const cursor = node.walk();
  try {
    if (!cursor.gotoFirstChild()) return;
    for (;;) {
      if (cursor.nodeIsNamed) yield cursor.currentNode;
      if (cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        cursor.gotoParent();
        if (cursor.nodeId === node.id) return;
      }
    }
  } finally {
    cursor.delete();
  }
}

const STATEMENT_PARENTS = new Set(['module', 'block']);

/**
 * The replacement's first line when it cannot parse where it goes: a statement's text on its own (its
 * continuation lines taken back to the statement's indentation), an expression's in parentheses. Other
 * matches (a parameter, an import's name) are checked with the whole file, by the engine.
 */
function unparseable(text: string, node: Node, source: string, parser: PythonParser): string | undefined {
  let probe: string;
  // (`x = 1` is an assignment inside an expression statement: the statement is what stands in the block.)
  const statement = node.parent?.type === 'expression_statement' && node.parent.namedChildCount === 1 ? node.parent : node;
  if (statement.parent && STATEMENT_PARENTS.has(statement.parent.type)) {
    const indent = indentationAt(source, node.startIndex);
    probe = indent ? text.split(/(\r\n|\n|\r)/).map((line, i) => (i > 0 && i % 2 === 0 && line.startsWith(indent) ? line.slice(indent.length) : line)).join('') : text;
  } else if (precedenceOf(node) !== PRIMARY_PRECEDENCE || EXPRESSIONS.has(node.type)) probe = `(${text}\n)`;
  else return undefined;
  const tree = parser.parse(probe);
  try {
    return tree.rootNode.hasError ? text : undefined;
  } finally {
    tree.delete();
  }
}

// Expressions that bind as tightly as a name (calls, attributes, literals...): parenthesized, they parse.
const EXPRESSIONS = new Set([
  'call', 'attribute', 'subscript', 'identifier', 'string', 'concatenated_string', 'integer', 'float', 'true', 'false', 'none',
  'list', 'tuple', 'dictionary', 'set', 'list_comprehension', 'dictionary_comprehension', 'set_comprehension',
  'generator_expression', 'parenthesized_expression', 'ellipsis',
]);

function droppedIdentifiers(node: Node, kept: readonly { start: number; end: number }[]): Node[] {
  return node.descendantsOfType('identifier').filter((n): n is Node => !!n && !kept.some((k) => n.startIndex >= k.start && n.endIndex <= k.end));
}

/** A comment inside the match that no copied capture keeps: the rewrite would lose it. */
function droppedComment(node: Node, kept: readonly { start: number; end: number }[]): Node | undefined {
  for (const c of node.descendantsOfType('comment')) {
    if (c && !kept.some((k) => c.startIndex >= k.start && c.endIndex <= k.end)) return c;
  }
  return undefined;
}

function captureSpans(captures: Captures): Record<string, { start: number; end: number } | { start: number; end: number }[]> {
  const out: Record<string, { start: number; end: number } | { start: number; end: number }[]> = {};
  for (const [name, c] of captures) out[name] = c.node ? { start: c.node.startIndex, end: c.node.endIndex } : c.nodes.map((n) => ({ start: n.startIndex, end: n.endIndex }));
  return out;
}

function exampleOf(rule: RuleDefinition): { before: string; after: string } {
  const test = rule.tests[0];
  if (test) return { before: test.input, after: test.output };
  const invalid = rule.invalid[0];
  return { before: invalid ?? rule.pattern, after: rule.rewrite ?? '(reported, unchanged)' };
}

const oneLine = (s: string) => (s.includes('\n') ? `${s.split('\n')[0]} ...` : s);
const indent = (s: string) => s.split('\n').map((l) => `    ${l}`).join('\n');
