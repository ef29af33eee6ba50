// When is `f = open(...)` ... `f.close()` the same as `with open(...) as f:`? On the normal path the
// close happens at the same point either way; the `with` differs only on paths that leave between the
// open and the close (an exception, return, break, continue), where it closes the file that the original
// left open. That difference is harmless unless the file object outlives those paths in a way the
// program can see: returned, yielded, stored, captured, rebound, used after the close or outside the
// block, or handed to other code when such a path exists. Each of those is a reason to leave it.
import type { Node } from 'web-tree-sitter';
import type { ScopeModel } from '../../src/core/python/scope.js';
import { identifiersNamed, nameRole } from '../../src/core/python/name-roles.js';
import { lineEndOf, lineStartOf } from '../../src/core/text.js';

export interface OpenSite {
  /** The `f = open(...)` expression statement. */
  statement: Node;
  name: string;
  nameNode: Node;
  call: Node;
  /** The block (or module) holding the statement. */
  block: Node;
}

export type Plan =
  | {
      kind: 'rewrite';
      form: 'close' | 'finally';
      /** Whole lines to move one step deeper (none for the finally form: the try body already is). */
      reindent: { start: number; end: number } | null;
      /** Ranges to delete: the close line, or the `try:` line and the finally clause. */
      remove: { start: number; end: number }[];
    }
  | { kind: 'skip'; reason: string }
  | { kind: 'leak'; reason: string };

const SCOPES = new Set(['function_definition', 'lambda', 'class_definition']);
// Methods and attributes of the openers' objects whose results are plain data (str, bytes, numbers,
// lists of names or members): using them does not hand the file itself on.
const DATA_METHODS = new Set([
  'read', 'read1', 'readinto', 'readinto1', 'readline', 'readlines', 'peek', 'write', 'writelines', 'seek', 'tell', 'flush',
  'truncate', 'fileno', 'isatty', 'readable', 'writable', 'seekable', 'getvalue', 'rollover', 'namelist', 'infolist',
  'getinfo', 'getnames', 'getmembers', 'getmember', 'next', 'extract', 'extractall', 'writestr', 'add', 'addfile', 'testzip',
  'printdir', 'setpassword', 'mkdir', 'list',
]);
const DATA_ATTRIBUTES = new Set(['name', 'mode', 'closed', 'encoding', 'errors', 'newlines', 'line_buffering', 'write_through', 'filename', 'comment', 'debug']);
const LOOPS = new Set(['for_statement', 'while_statement']);

const line = (n: Node) => n.startPosition.row + 1;

export function findClose(source: string, scope: ScopeModel, site: OpenSite): Plan {
  void scope;
  const { statement, name, block } = site;
  const siblings = block.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
  const i = siblings.findIndex((s) => s.id === statement.id);
  const prev = siblings[i - 1];
  const next = siblings[i + 1];
  if ((prev && prev.endPosition.row === statement.startPosition.row) || (next && next.startPosition.row === statement.endPosition.row))
    return { kind: 'skip', reason: `\`${name} = ...\` shares its line with another statement` };
  const scopeNode = scopeOf(statement);
  const uses = identifiersNamed(source, scopeNode, name).filter((id) => nameRole(id) !== 'not-a-name');
  if (uses.some((u) => u.parent?.type === 'global_statement' || u.parent?.type === 'nonlocal_statement'))
    return { kind: 'skip', reason: `\`${name}\` is declared global or nonlocal: other code may use the file` };
  // A function or class nested anywhere in the scope that reads `f` (defined before the open too) holds
  // the variable itself: it may run, or be returned, after the block was left early.
  const captured = uses.find((u) => u.startIndex < statement.startIndex && insideNestedScope(u, scopeNode));
  if (captured) return { kind: 'skip', reason: `\`${name}\` is captured by a nested function or class (line ${line(captured)})` };

  if (next?.type === 'try_statement') {
    const plan = finallyForm(source, site, next, uses);
    if (plan) return plan;
  }

  // The first `f.close()` statement after the open in the same block.
  const k = siblings.findIndex((s, j) => j > i && isCloseCall(s, name));
  if (k === -1) return noClose(source, site, uses);
  const close = siblings[k]!;
  const between = siblings.slice(i + 1, k);
  if (between.length === 0) return { kind: 'skip', reason: `nothing happens between \`${name} = ...\` and \`${name}.close()\`` };
  const after = siblings[k + 1];
  const last = between[between.length - 1]!;
  // The close line is deleted whole: a statement before `f.close()` on it would go with it.
  if ((after && after.startPosition.row === close.endPosition.row) || last.endPosition.row === close.startPosition.row)
    return { kind: 'skip', reason: `\`${name}.close()\` shares its line with another statement` };
  const closeLineEnd = lineEndOf(source, close.endIndex);
  if (/#/.test(source.slice(close.endIndex, closeLineEnd))) return { kind: 'skip', reason: `a comment on the \`${name}.close()\` line would be lost` };

  const from = between[0]!.startIndex;
  const to = close.startIndex;
  let handedOff: Node | null = null;
  for (const u of uses) {
    if (u.startIndex < statement.endIndex) continue; // before the open (checked below for loops), or in it
    if (u.startIndex >= from && u.startIndex < to) {
      const problem = useProblem(u, name, scopeNode);
      if (problem === 'handed-off') handedOff ??= u;
      else if (problem) return { kind: 'skip', reason: problem };
    } else if (isInside(u, close)) {
      continue;
    } else if (!isInside(u, block)) {
      return { kind: 'skip', reason: `\`${name}\` is also used outside this block (line ${line(u)}), where the file's state could differ` };
    }
  }
  // After the close, in the same block: a read before a fresh assignment sees the (closed) file.
  for (const s of siblings.slice(k + 1)) {
    const mentions = uses.filter((u) => u.startIndex >= s.startIndex && u.endIndex <= s.endIndex);
    if (mentions.length === 0) continue;
    if (isFreshAssignment(s, name, mentions)) break;
    return { kind: 'skip', reason: `\`${name}\` is used after \`${name}.close()\` (line ${line(mentions[0]!)})` };
  }
  // Uses before the open, when a loop runs them again after `continue` or a caught exception.
  const loop = enclosingLoop(statement, scopeNode);
  const exits = earlyExits(between);
  const again = exits?.type === 'continue_statement' || (loop && inTryOrWith(statement, loop));
  if (loop && again && uses.some((u) => u.startIndex < statement.startIndex && isInside(u, loop)))
    return { kind: 'skip', reason: `the loop reads \`${name}\` before reopening it, after this block may have been left early` };
  if (handedOff && (exits || inTryOrWith(statement, scopeNode)))
    return {
      kind: 'skip',
      reason: `\`${name}\` is handed to other code (line ${line(handedOff)}) that may keep it past ${exits ? `an early exit (line ${line(exits)})` : 'an exception caught around this block'}`,
    };
  return {
    kind: 'rewrite',
    form: 'close',
    // From the line after the open (comments between it and the first statement move too) to the close.
    reindent: { start: lineEndOf(source, statement.endIndex), end: lineStartOf(source, close.startIndex) },
    remove: [{ start: lineStartOf(source, close.startIndex), end: closeLineEnd }],
  };
}

/** `f = open(...)` directly followed by `try: <body> finally: f.close()` with no except or else. */
function finallyForm(source: string, site: OpenSite, tryStmt: Node, uses: Node[]): Plan | null {
  const { name } = site;
  const clauses = tryStmt.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
  const fin = clauses.find((c) => c.type === 'finally_clause');
  if (!fin || clauses.some((c) => c.type === 'except_clause' || c.type === 'else_clause' || c.type === 'except_group_clause')) return null;
  const finBlock = fin.namedChildren.find((c) => c?.type === 'block');
  const finStatements = finBlock?.namedChildren.filter((c): c is Node => !!c) ?? [];
  if (finStatements.length !== 1 || !isCloseCall(finStatements[0]!, name)) return null;
  const body = tryStmt.childForFieldName('body');
  if (!body || body.startPosition.row === tryStmt.startPosition.row) return { kind: 'skip', reason: 'the try body is on the `try:` line' };
  const tryLineEnd = lineEndOf(source, tryStmt.startIndex);
  if (/#/.test(source.slice(tryStmt.startIndex, tryLineEnd))) return { kind: 'skip', reason: 'a comment on the `try:` line would be lost' };
  const finLineEnd = lineEndOf(source, fin.endIndex);
  if (/#/.test(source.slice(fin.startIndex, finLineEnd).replace(/^finally\s*:/, '').replace(finStatements[0]!.text, '')))
    return { kind: 'skip', reason: 'a comment in the finally clause would be lost' };
  if (fin.startPosition.row === finStatements[0]!.startPosition.row) return { kind: 'skip', reason: 'the finally body is on the `finally:` line' };
  for (const u of uses) {
    if (u.startIndex < body.startIndex || u.endIndex > body.endIndex) continue;
    if (nameRole(u) === 'store') return { kind: 'skip', reason: `\`${name}\` is rebound or deleted in the try body (line ${line(u)}): finally closes that other object` };
  }
  return {
    kind: 'rewrite',
    form: 'finally',
    reindent: null,
    remove: [
      { start: lineStartOf(source, tryStmt.startIndex), end: tryLineEnd },
      { start: lineStartOf(source, fin.startIndex), end: finLineEnd },
    ],
  };
}

/** Why a use of `f` between the open and the close forbids the rewrite; 'handed-off' for a call argument. */
function useProblem(u: Node, name: string, scopeNode: Node): string | 'handed-off' | null {
  if (nameRole(u) === 'store') return `\`${name}\` is rebound or deleted before the close (line ${line(u)})`;
  for (let n = u.parent; n && n.id !== scopeNode.id; n = n.parent)
    if (SCOPES.has(n.type)) return `\`${name}\` is captured by a nested function or class (line ${line(u)})`;
  const parent = u.parent!;
  if (parent.type === 'attribute' && parent.childForFieldName('object')?.id === u.id) {
    const attribute = parent.childForFieldName('attribute')?.text ?? '';
    if (attribute === 'close') return `\`${name}\` is also closed on another path (line ${line(u)})`;
    const call = parent.parent?.type === 'call' && parent.parent.childForFieldName('function')?.id === parent.id ? parent.parent : null;
    // f.write(...), f.read(), f.name: plain data, nothing that refers back to the file.
    if (call ? DATA_METHODS.has(attribute) || call.parent?.type === 'expression_statement' : DATA_ATTRIBUTES.has(attribute)) return null;
    // `f.readline` (a bound method), `f.buffer`, `f.__iter__()` (f itself), `z.open(name)` (reads
    // through z's file): an object that keeps using the file, as `g(f)` would.
    return 'handed-off';
  }
  // `(line for line in f)` reads f later, whenever it is iterated: f is handed to the generator.
  if (parent.type === 'for_in_clause' && parent.childForFieldName('right')?.id === u.id && parent.parent?.type === 'generator_expression')
    return 'handed-off';
  // Follow the value up through the expressions that pass it on unchanged.
  let child: Node = u;
  for (let n: Node | null = parent; n && n.id !== scopeNode.id; child = n, n = n.parent) {
    if (n.type === 'yield' || n.type === 'return_statement') return `\`${name}\` is returned or yielded (line ${line(u)})`;
    if (isStatement(n)) break;
    if (n.type === 'argument_list' || n.type === 'keyword_argument' || n.type === 'call') return 'handed-off';
    if (['list', 'tuple', 'set', 'dictionary', 'pair', 'list_splat', 'dictionary_splat'].includes(n.type)) return `\`${name}\` is stored in a container (line ${line(u)})`;
    if (n.type === 'assignment' || n.type === 'augmented_assignment' || n.type === 'named_expression') {
      if (n.childForFieldName('left')?.id === child.id || n.childForFieldName('name')?.id === child.id) break;
      const left = n.childForFieldName('left');
      if (left && left.type !== 'identifier') return `\`${name}\` is stored in an attribute or item (line ${line(u)})`;
      return `\`${name}\` is kept in another variable (line ${line(u)})`;
    }
    if (!['parenthesized_expression', 'conditional_expression', 'boolean_operator', 'expression_list', 'await'].includes(n.type)) break;
  }
  // `for line in f:` reads it in place.
  if ((parent.type === 'for_statement' || parent.type === 'for_in_clause') && parent.childForFieldName('right')?.id === u.id) return null;
  return 'handed-off';
}

function isStatement(n: Node): boolean {
  return n.type.endsWith('_statement') || n.type === 'block';
}

/** `f.close()` as a statement of its own. */
function isCloseCall(statement: Node, name: string): boolean {
  if (statement.type !== 'expression_statement' || statement.namedChildCount !== 1) return false;
  const call = statement.namedChild(0);
  if (call?.type !== 'call') return false;
  const fn = call.childForFieldName('function');
  const args = call.childForFieldName('arguments');
  return (
    fn?.type === 'attribute' && fn.childForFieldName('object')?.type === 'identifier' && fn.childForFieldName('object')?.text === name &&
    fn.childForFieldName('attribute')?.text === 'close' && args?.type === 'argument_list' && args.namedChildCount === 0
  );
}

/** No close in this block: a leak when nothing else could close or keep the file. */
function noClose(source: string, site: OpenSite, uses: Node[]): Plan {
  const { name, statement } = site;
  const later = uses.filter((u) => u.startIndex > statement.endIndex);
  for (const u of later) {
    const parent = u.parent!;
    const attribute = parent.type === 'attribute' && parent.childForFieldName('object')?.id === u.id ? parent.childForFieldName('attribute')?.text : undefined;
    if (nameRole(u) === 'store') return { kind: 'skip', reason: `\`${name}\` is rebound before it is closed in this block (line ${line(u)})` };
    if (attribute === 'close' || attribute === '__exit__' || attribute === 'detach') return { kind: 'skip', reason: `\`${name}\` is closed only on some paths (line ${line(u)}), not by a statement of this block` };
    if (attribute === undefined) return { kind: 'skip', reason: `\`${name}\` is not closed in this block and is handed elsewhere (line ${line(u)})` };
  }
  const last = later[later.length - 1] ?? statement;
  void source;
  return { kind: 'leak', reason: `\`${name} = ${site.call.childForFieldName('function')?.text}(...)\` is never closed: the file stays open after line ${line(last)} until garbage collection (use \`with\`)` };
}

/** A report for an opener call that is not assigned to a name: `open(p).read()`. */
export function leakReport(source: string, call: Node): string | null {
  const parent = call.parent;
  // `with open(...)`, `return open(...)`, `x.f = open(...)`, arguments: owned by someone else.
  if (parent?.type !== 'attribute' || parent.childForFieldName('object')?.id !== call.id) return null;
  const method = parent.childForFieldName('attribute')?.text ?? '';
  if (['__enter__', 'close', 'detach'].includes(method)) return null;
  void source;
  return `\`${call.childForFieldName('function')?.text}(...).${method}\`: the file is never closed; it is left to the garbage collector after line ${line(call)} (use \`with\`)`;
}

function isFreshAssignment(s: Node, name: string, mentions: Node[]): boolean {
  const a = s.type === 'expression_statement' ? s.namedChild(0) : null;
  if (a?.type !== 'assignment') return false;
  const left = a.childForFieldName('left');
  return left?.type === 'identifier' && left.text === name && mentions.length === 1 && mentions[0]!.id === left.id;
}

function scopeOf(node: Node): Node {
  for (let n = node.parent; n; n = n.parent) if (SCOPES.has(n.type) || n.type === 'module') return n;
  return node;
}

function insideNestedScope(node: Node, scopeNode: Node): boolean {
  for (let n = node.parent; n && n.id !== scopeNode.id; n = n.parent) if (SCOPES.has(n.type)) return true;
  return false;
}

function isInside(node: Node, ancestor: Node): boolean {
  return node.startIndex >= ancestor.startIndex && node.endIndex <= ancestor.endIndex;
}

function enclosingLoop(node: Node, scopeNode: Node): Node | null {
  for (let n = node.parent; n && n.id !== scopeNode.id; n = n.parent) if (LOOPS.has(n.type)) return n;
  return null;
}

function inTryOrWith(node: Node, upTo: Node): boolean {
  for (let n = node.parent; n && n.id !== upTo.id; n = n.parent) if (n.type === 'try_statement' || n.type === 'with_statement') return true;
  return false;
}

/** The first return/break/continue/raise among the statements that can leave them early (not nested defs or inner loops). */
function earlyExits(statements: Node[]): Node | null {
  const visit = (n: Node, inLoop: boolean): Node | null => {
    if (SCOPES.has(n.type)) return null;
    if (n.type === 'return_statement' || n.type === 'raise_statement') return n;
    if ((n.type === 'break_statement' || n.type === 'continue_statement') && !inLoop) return n;
    const loop = inLoop || LOOPS.has(n.type);
    for (const c of n.namedChildren) {
      if (!c) continue;
      const found = visit(c, loop);
      if (found) return found;
    }
    return null;
  };
  for (const s of statements) {
    const found = visit(s, false);
    if (found) return found;
  }
  return null;
}
