// Python's compiler (symbol-table) rules that neither tree-sitter-python nor the text checker
// (python-rules.ts) enforces: `return` outside a function, `break` outside a loop, `import *` in a function,
// duplicate parameters, ... CPython rejects these in compile(), so a file holding one must never be written.
//
// The walk visits statements only (never expressions), tracking whether it is in a function (async or
// not) and in a loop, so its cost is a small fraction of the parse. It answers "Python rejects this, here"
// or nothing; nothing means "not known to be wrong", never "valid" (the README lists what is not checked).
import type { Node, TreeCursor } from 'web-tree-sitter';
import { ancestors } from './python/ancestors.js';

export interface CompileRuleViolation {
  /** UTF-16 offset of the statement Python reports. */
  offset: number;
  message: string;
}

interface Context {
  /** The innermost scope. */
  scope: 'module' | 'class' | 'def' | 'async def';
  inLoop: boolean;
  /** The innermost function is an async generator (a `yield` in its own body). */
  asyncGenerator?: boolean;
}

/** What the text holds, so rules whose word is absent cost nothing. */
interface Gates {
  source: string;
  debug: boolean;
  await: boolean;
  yield: boolean;
  declarations: boolean;
}

/** The first compiler rule the tree breaks; undefined if none found. `source` is the tree's text. */
export function checkCompileRules(root: Node, source: string): CompileRuleViolation | undefined {
  const gates: Gates = { source, debug: source.includes('__debug__'), await: source.includes('await'), yield: source.includes('yield'), declarations: /\b(?:global|nonlocal)\b/.test(source) };
  const cursor = root.walk();
  try {
    walkChildren(cursor, { scope: 'module', inLoop: false }, gates);
    return undefined;
  } catch (err) {
    if (err instanceof Found) return err.violation;
    throw err;
  } finally {
    cursor.delete();
  }
}

class Found {
  constructor(readonly violation: CompileRuleViolation) {}
}

const fail = (node: Node, message: string): never => {
  throw new Found({ offset: node.startIndex, message });
};

// The walk moves one TreeCursor over statements (a Node object is made only where a rule needs one): at
// this cost the check runs on every file.
function walkChildren(c: TreeCursor, ctx: Context, gates: Gates): void {
  if (!c.gotoFirstChild()) return;
  do visit(c, ctx, gates);
  while (c.gotoNextSibling());
  c.gotoParent();
}

function visit(c: TreeCursor, ctx: Context, gates: Gates): void {
  const inFunction = ctx.scope === 'def' || ctx.scope === 'async def';
  switch (c.nodeType) {
    case 'return_statement':
      if (!inFunction) fail(c.currentNode, "'return' outside function");
      if (ctx.asyncGenerator && c.currentNode.namedChildCount > 0) fail(c.currentNode, "'return' with value in async generator");
      return;
    case 'break_statement':
      if (!ctx.inLoop) fail(c.currentNode, "'break' outside loop");
      return;
    case 'continue_statement':
      if (!ctx.inLoop) fail(c.currentNode, "'continue' not properly in loop");
      return;
    case 'nonlocal_statement':
      if (ctx.scope === 'module') fail(c.currentNode, 'nonlocal declaration not allowed at module level');
      return;
    case 'import_from_statement':
      if (inFunction) {
        const node = c.currentNode;
        if (node.namedChildren.some((n) => n?.type === 'wildcard_import')) fail(node, 'import * only allowed at module level');
      }
      return;
    case 'expression_statement':
      // A yield or await that is the whole statement or the value assigned (a nested one is not looked at).
      if (gates.debug || (gates.await && ctx.scope !== 'async def') || (gates.yield && !inFunction)) visitExpressionStatement(c, ctx, gates);
      return;
    case 'function_definition': {
      const node = c.currentNode;
      checkParameters(node);
      const isAsync = node.firstChild?.type === 'async';
      const body = node.childForFieldName('body');
      if (!body) return;
      const bodyText = gates.source.slice(body.startIndex, body.endIndex);
      if (gates.declarations) checkDeclarations(node, body, bodyText);
      const asyncGenerator = isAsync && bodyText.includes('yield') && ownYields(node, body).length > 0;
      // Most bodies hold nothing a rule can fire on: skip them unless their text has a word one needs.
      if (!asyncGenerator && !(isAsync ? ASYNC_BODY_WORDS : BODY_WORDS).test(bodyText)) return;
      walkBody(c, { scope: isAsync ? 'async def' : 'def', inLoop: false, asyncGenerator }, gates);
      return;
    }
    case 'class_definition':
      walkBody(c, { scope: 'class', inLoop: false }, gates);
      return;
    case 'for_statement':
    case 'while_statement':
      // A loop's else is not inside the loop: `break` there belongs to an enclosing loop, if any.
      if (!c.gotoFirstChild()) return;
      do {
        const part: string = c.nodeType;
        if (part === 'block') walkChildren(c, { ...ctx, inLoop: true }, gates);
        else if (part === 'else_clause') walkChildren(c, ctx, gates);
      } while (c.gotoNextSibling());
      c.gotoParent();
      return;
    case 'block':
    case 'decorated_definition':
    case 'if_statement':
    case 'elif_clause':
    case 'else_clause':
    case 'try_statement':
    case 'except_clause':
    case 'except_group_clause':
    case 'finally_clause':
    case 'with_statement':
    case 'match_statement':
    case 'case_clause':
      walkChildren(c, ctx, gates);
      return;
    default:
      return;
  }
}

/**
 * The words without which no rule can fire inside a function's body (the walk over it finds nothing):
 * a nested def or class (their own rules, and a class body is no function), `break`/`continue` outside a
 * loop, `import *`, an assignment to `__debug__`, and `await` in a plain def. `return` and `yield` are
 * valid in any function; an async generator's body (a `return` with a value is an error) is always walked.
 * Strings and comments only make the test say yes more often.
 */
const BODY_WORDS = /\b(?:def|class|break|continue|import|__debug__|await)\b/;
const ASYNC_BODY_WORDS = /\b(?:def|class|break|continue|import|__debug__)\b/;

/** The body block of the def or class under the cursor, in its own context. */
function walkBody(c: TreeCursor, ctx: Context, gates: Gates): void {
  if (!c.gotoFirstChild()) return;
  do if (c.nodeType === 'block') walkChildren(c, ctx, gates);
  while (c.gotoNextSibling());
  c.gotoParent();
}

function visitExpressionStatement(c: TreeCursor, ctx: Context, gates: Gates): void {
  if (!c.gotoFirstChild()) return;
  do {
    if (c.nodeType === 'assignment') {
      if (!c.gotoFirstChild()) continue;
      do {
        const field = c.currentFieldName;
        if (field === 'left' && gates.debug) checkTarget(c.currentNode);
        else if (field === 'right') checkValue(c, ctx);
      } while (c.gotoNextSibling());
      c.gotoParent();
    } else checkValue(c, ctx);
  } while (c.gotoNextSibling());
  c.gotoParent();
}

function checkValue(c: TreeCursor, ctx: Context): void {
  const inFunction = ctx.scope === 'def' || ctx.scope === 'async def';
  if (c.nodeType === 'yield' && !inFunction) fail(c.currentNode, "'yield' outside function");
  if (c.nodeType === 'await') {
    if (!inFunction) fail(c.currentNode, "'await' outside function");
    else if (ctx.scope !== 'async def') fail(c.currentNode, "'await' outside async function");
  }
}

/** `def f(a, a)`: "duplicate argument 'a' in function definition". */
function checkParameters(def: Node): void {
  const params = def.childForFieldName('parameters');
  if (!params || params.namedChildCount < 2) return;
  const seen = new Set<string>();
  for (const p of params.namedChildren) {
    const name = p && parameterName(p);
    if (!name) continue;
    if (seen.has(name)) fail(def, `duplicate argument '${name}' in function definition`);
    seen.add(name);
  }
}

function parameterName(p: Node): string | undefined {
  switch (p.type) {
    case 'identifier':
      return p.text;
    case 'default_parameter':
    case 'typed_default_parameter':
      return p.childForFieldName('name')?.text;
    case 'typed_parameter':
    case 'list_splat_pattern':
    case 'dictionary_splat_pattern': {
      const inner = p.namedChildren.find((c) => c?.type === 'identifier' || c?.type === 'list_splat_pattern' || c?.type === 'dictionary_splat_pattern');
      return inner ? parameterName(inner) : undefined;
    }
    default:
      return undefined;
  }
}

/** `__debug__ = 1`: a name Python never lets an assignment bind. */
function checkTarget(left: Node | null): void {
  if (!left) return;
  if (left.type === 'identifier' && left.text === '__debug__') fail(left, 'cannot assign to __debug__');
}

/** The `yield` expressions of this function itself (not of a nested def, lambda or class); `yield from` in an async def is an error. */
function ownYields(def: Node, body: Node): Node[] {
  const own = body.descendantsOfType('yield').filter((y): y is Node => {
    if (!y) return false;
    for (const up of ancestors(y)) {
      if (up.id === def.id) break;
      if (up.type === 'function_definition' || up.type === 'lambda' || up.type === 'class_definition') return false;
    }
    return true;
  });
  const from = own.find((y) => y.children.some((c) => c?.type === 'from'));
  if (from) fail(from, "'yield from' inside async function");
  return own;
}

/** `def f(a): global a`: "name 'a' is parameter and global" (nonlocal likewise), for declarations directly in the body. */
function checkDeclarations(def: Node, body: Node, bodyText: string): void {
  if (!/\b(?:global|nonlocal)\b/.test(bodyText)) return;
  const params = new Set<string>();
  for (const p of def.childForFieldName('parameters')?.namedChildren ?? []) {
    const name = p && parameterName(p);
    if (name) params.add(name);
  }
  if (params.size === 0) return;
  const visit = (block: Node): void => {
    for (const stmt of block.namedChildren) {
      if (!stmt) continue;
      if (stmt.type === 'global_statement' || stmt.type === 'nonlocal_statement') {
        const kind = stmt.type === 'global_statement' ? 'global' : 'nonlocal';
        for (const name of stmt.namedChildren) {
          if (name?.type === 'identifier' && params.has(name.text)) fail(stmt, `name '${name.text}' is parameter and ${kind}`);
        }
      } else if (stmt.type !== 'function_definition' && stmt.type !== 'class_definition' && stmt.type !== 'decorated_definition') {
        for (const c of stmt.namedChildren) if (c && (c.type === 'block' || c.type.endsWith('_clause'))) visit(c);
      }
    }
  };
  visit(body);
}
