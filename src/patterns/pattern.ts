// A pattern, compiled once: parsed as Python with its metavariables as placeholder identifiers
// (metavariables.ts), then turned into a small tree of plain objects the matcher walks against source
// nodes. Trivia is dropped here, once: comments, commas, line continuations and redundant parentheses.
//
// Compiling also finds the pattern's anchors: the literal words every match must contain (`utcnow` in
// `datetime.utcnow()`), with their depth below the pattern's root. A file without those words is never
// parsed, and in a file that has them the candidates are found by climbing from each occurrence of the
// rarest word, not by walking the tree.
import type { Node } from 'web-tree-sitter';
import type { PythonParser } from '../core/parser.js';
import { LineIndex } from '../core/text.js';
import { MetavariableSyntaxError, placeholderVariable, spell, substituteMetavariables, type Metavariable } from './metavariables.js';

export type PatternNode =
  /** A metavariable: `$A` binds one node, `$$$A` a run of siblings. */
  | { kind: 'var'; variable: Metavariable }
  /** A leaf or an anonymous token: equal type and text. */
  | { kind: 'token'; type: string; text: string; named: boolean }
  /** An inner node: equal type, and its children match in order. */
  | { kind: 'node'; type: string; children: PatternNode[] }
  /** With `qualified`: a dotted name that matches whatever spelling resolves to it (`dt.datetime` for `datetime.datetime`). */
  | { kind: 'name'; qualified: string; last: string };

export interface Anchor {
  word: string;
  /** Levels between the pattern's root and the node holding the word (parentheses not counted). */
  depth: number;
  /** A qualified name's last part: the source may spell the name through an alias. */
  qualified: boolean;
}

export interface CompiledPattern {
  /** As the user wrote it. */
  text: string;
  /** Set only by the conformance test: reproduce ast-grep's matching where pycodemod deliberately differs. */
  astGrep?: AstGrepBehaviour;
  root: PatternNode;
  /** The node type every match has; undefined when the whole pattern is one metavariable. */
  rootType: string | undefined;
  anchors: Anchor[];
  /** Capturing metavariables by name. */
  variables: Map<string, Metavariable>;
  qualified: boolean;
}

/** A pattern that cannot work: does not parse, or can match nothing. `offset` is in the pattern text. */
export class PatternError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

/** Nodes that carry no meaning for matching (tree-sitter's extras, and list separators). */
export function isTrivia(node: Node, commas = false): boolean {
  const type = node.type;
  return type === 'comment' || (type === ',' && !commas) || type === 'line_continuation';
}

/** A node's children without trivia. */
export function significantChildren(node: Node, commas = false): Node[] {
  const out: Node[] = [];
  for (let i = 0; i < node.childCount; i++) {
    const c = node.child(i);
    if (c && !isTrivia(c, commas)) out.push(c);
  }
  return out;
}

/** The expression inside redundant parentheses (`((x))` -> `x`); the node itself otherwise. */
export function unparenthesized(node: Node, keep = false): Node {
  let n = node;
  while (!keep && n.type === 'parenthesized_expression') {
    const inner = n.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
    if (inner.length !== 1) break;
    n = inner[0]!;
  }
  return n;
}

// Containers whose text can equal a lone `$$$B` (a block holding one statement) without being the
// metavariable themselves: their children are the list the metavariable stands in.
const LIST_HOLDERS = new Set(['module', 'block']);
const PYTHON2_STATEMENTS = new Set(['print_statement', 'exec_statement']);
const WORD = /^[\p{L}_][\p{L}\p{N}_]*$/u;

export interface CompileOptions {
  /** Match dotted names by what they resolve to through imports (`--qualified`). */
  qualified?: boolean;
  /** The conformance test's switches: ast-grep's behaviour in each place pycodemod deliberately differs. */
  astGrep?: AstGrepBehaviour;
}

/**
 * ast-grep's matching, where it differs from pycodemod's on purpose. Each switch reproduces one
 * difference, so the conformance test can prove that nothing else differs and attribute every difference
 * to its reason. Never used outside that test.
 */
export interface AstGrepBehaviour {
  /** Source tokens the pattern does not spell are skipped: `def $F()` matches `async def f()`. */
  skipSourceTokens?: boolean;
  /** Source children after the pattern's last one are ignored: `assert $X` matches `assert x, "m"`. */
  ignoreTrailing?: boolean;
  /** Commas are tokens to match: `f($A, $$$B)` needs a comma after the first argument. */
  significantCommas?: boolean;
  /** Parentheses are nodes to match: `x = 1` does not match `x = (1)`. */
  significantParentheses?: boolean;
  /** `$$$A` stops at the first source node the next pattern node accepts, and never tries a longer run. */
  lazyMulti?: boolean;
  /** A block holding only `$$$B` is the metavariable, binding the block and any clauses after it. */
  blockVariables?: boolean;
  /** A metavariable used twice compares the two texts, not their syntax. */
  textualEquality?: boolean;
}

export const AST_GREP: Required<AstGrepBehaviour> = {
  skipSourceTokens: true,
  ignoreTrailing: true,
  significantCommas: true,
  significantParentheses: true,
  lazyMulti: true,
  blockVariables: true,
  textualEquality: true,
};

export function compilePattern(text: string, parser: PythonParser, options: CompileOptions = {}): CompiledPattern {
  const lines = new LineIndex(text);
  const fail = (message: string, offset: number): never => {
    const { line, column } = lines.position(offset);
    throw new PatternError(message, offset, line, column);
  };
  let substituted;
  try {
    substituted = substituteMetavariables(text);
  } catch (err) {
    if (err instanceof MetavariableSyntaxError) fail(err.message, err.offset);
    throw err;
  }
  const tree = parser.parse(substituted.text);
  try {
    const module = tree.rootNode;
    const bad = module.hasError ? syntaxError(module) : undefined;
    if (bad) {
      if (bad.isMissing) fail(`does not parse as Python (missing \`${bad.type}\`)`, bad.startIndex);
      if (bad.endIndex >= substituted.text.trimEnd().length && bad.startIndex === statementStart(bad))
        fail('does not parse as Python: it ends before the code is complete (an unclosed bracket or string?)', bad.startIndex);
      fail(`does not parse as Python (near \`${text.slice(bad.startIndex, Math.min(bad.endIndex, bad.startIndex + 30)).split('\n')[0]}\`)`, bad.startIndex);
    }
    const statements = module.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
    if (statements.length === 0) fail('the pattern is empty', 0);
    if (statements.length > 1)
      fail('the pattern holds more than one statement; match one statement or expression (a block can hold `$$$BODY`)', statements[1]!.startIndex);

    const variables = new Map<string, Metavariable>();
    const qualified = options.qualified ?? false;
    const compat = options.astGrep ?? {};
    const listHolders = compat.blockVariables ? new Set(['module']) : LIST_HOLDERS;
    const compile = (node: Node, parent: Node | null): PatternNode => {
      if (PYTHON2_STATEMENTS.has(node.type))
        fail(`a Python 2 ${node.type.replace('_', ' ')} never matches (pycodemod reads Python 3)`, node.startIndex);
      // The outermost node that is just a placeholder (`$B` as a statement is the statement); never the
      // text of a string literal (`"$HOME"` is a dollar sign), which holds no identifier.
      const variable =
        listHolders.has(node.type) || node.descendantForIndex(node.startIndex, node.endIndex)?.type !== 'identifier'
          ? undefined
          : placeholderVariable(node.text);
      if (variable) {
        if (variable.captures) {
          const seen = variables.get(variable.name!);
          if (seen && seen.multi !== variable.multi)
            fail(`\`${spell(variable)}\` and \`${spell(seen)}\` use one name for a single node and for a list`, node.startIndex);
          variables.set(variable.name!, variable);
        }
        return { kind: 'var', variable };
      }
      // A `$$$A` where the grammar wants another form (`{"k": $V, $$$REST}`: a dictionary item) is an ERROR
      // node around the placeholder alone; it stands for the run of items there.
      if (node.type === 'ERROR') return compile(significantChildren(node)[0]!, parent);
      if (node.type === 'parenthesized_expression' && !compat.significantParentheses) {
        const inner = unparenthesized(node);
        if (inner !== node) return compile(inner, parent);
      }
      if (qualified && (node.type === 'identifier' || node.type === 'attribute') && isReference(node, parent)) {
        const name = dottedName(node);
        if (name) return { kind: 'name', qualified: name, last: name.slice(name.lastIndexOf('.') + 1) };
      }
      // Anonymous tokens with parts (`is not`) compare as a whole, as do leaves. The text is sliced from
      // the pattern as written: a `$` inside a string literal is a dollar sign.
      if (!node.isNamed || node.childCount === 0) return { kind: 'token', type: node.type, text: text.slice(node.startIndex, node.endIndex), named: node.isNamed };
      return { kind: 'node', type: node.type, children: significantChildren(node, compat.significantCommas).map((c) => compile(c, node)) };
    };

    // The pattern's root: the one statement, or the expression it holds (`print($A)` is a call).
    let top = statements[0]!;
    if (top.type === 'expression_statement') {
      const inner = top.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
      if (inner.length === 1) top = inner[0]!;
    }
    const root = compile(top, top.parent);
    return {
      text,
      root,
      rootType: rootTypeOf(root),
      anchors: anchorsOf(root),
      variables,
      qualified,
      astGrep: options.astGrep,
    };
  } finally {
    tree.delete();
  }
}

/**
 * The first real syntax error: a MISSING node, or an ERROR node other than one that holds nothing but a
 * metavariable placeholder (those are tolerated: see compile).
 */
function syntaxError(node: Node): Node | undefined {
  if (node.isMissing) return node;
  if (node.type === 'ERROR') {
    const inside = significantChildren(node);
    if (inside.length === 1 && inside[0]!.type === 'identifier' && placeholderVariable(inside[0]!.text)) return undefined;
    return node;
  }
  if (!node.hasError) return undefined;
  for (const c of node.children) {
    const bad = c && syntaxError(c);
    if (bad) return bad;
  }
  return undefined;
}

/** Where the statement holding `node` starts (for telling "the whole rest is wrong" from one bad token). */
function statementStart(node: Node): number {
  let n = node;
  while (n.parent && n.parent.type !== 'module') n = n.parent;
  return n.startIndex;
}

function rootTypeOf(root: PatternNode): string | undefined {
  switch (root.kind) {
    case 'var':
      return undefined;
    case 'name':
      return undefined; // an identifier or an attribute, depending on the spelling
    default:
      return root.type;
  }
}

function anchorsOf(root: PatternNode): Anchor[] {
  const anchors: Anchor[] = [];
  const walk = (n: PatternNode, depth: number) => {
    if (n.kind === 'token' && WORD.test(n.text)) anchors.push({ word: n.text, depth, qualified: false });
    else if (n.kind === 'name') anchors.push({ word: n.last, depth, qualified: true });
    else if (n.kind === 'node') for (const c of n.children) walk(c, depth + 1);
  };
  walk(root, 0);
  return anchors;
}

/** `a.b.c` for an identifier or an attribute chain of plain names; undefined otherwise. */
export function dottedName(node: Node): string | undefined {
  if (node.type === 'identifier') return placeholderVariable(node.text) ? undefined : node.text;
  if (node.type !== 'attribute') return undefined;
  const object = node.childForFieldName('object');
  const attribute = node.childForFieldName('attribute');
  if (!object || !attribute || placeholderVariable(attribute.text)) return undefined;
  const base = dottedName(unparenthesized(object));
  return base === undefined ? undefined : `${base}.${attribute.text}`;
}

// Where a name is not a reference to something imported or built in: it names what is being defined,
// bound or imported, or a keyword argument. There it is compared as written, even with `qualified`.
const NOT_REFERENCES = new Set([
  'parameters', 'lambda_parameters', 'default_parameter', 'typed_parameter', 'typed_default_parameter',
  'list_splat_pattern', 'dictionary_splat_pattern', 'import_statement', 'import_from_statement', 'aliased_import',
  'dotted_name', 'global_statement', 'nonlocal_statement', 'as_pattern_target', 'pattern_list', 'tuple_pattern',
  'list_pattern', 'case_pattern', 'class_pattern', 'keyword_pattern', 'future_import_statement',
]);
const NAME_FIELDS: Record<string, string> = {
  keyword_argument: 'name',
  function_definition: 'name',
  class_definition: 'name',
  assignment: 'left',
  augmented_assignment: 'left',
  for_statement: 'left',
  for_in_clause: 'left',
  named_expression: 'name',
};

/** True when a name at this place refers to something (not a name being defined, bound or imported). */
export function isReference(node: Node, parent: Node | null): boolean {
  if (!parent) return true;
  if (NOT_REFERENCES.has(parent.type)) return false;
  // `x.Text`: the attribute's name is not a variable.
  if (parent.type === 'attribute' && parent.childForFieldName('attribute')?.id === node.id) return false;
  const field = NAME_FIELDS[parent.type];
  if (field && parent.childForFieldName(field)?.id === node.id) return false;
  return true;
}
