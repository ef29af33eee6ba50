// The two compiler rules on statements that need the tree. Python's compiler (symbol-table and code
// generation) rejects code tree-sitter-python accepts; the text checker (python-rules.ts, with
// python-statement-rules.ts) checks the statement rules on the token stream but for two: an async generator's
// `return` with a value and `yield from` (a lambda's `yield` is the lambda's, which tokens cannot tell), and
// assignments to `__debug__`. Both are found from their words, so a file without them costs nothing here.
// It answers "Python rejects this, here" or nothing; nothing means "not known to be wrong", never "valid".
import type { Node } from 'web-tree-sitter';
import { ancestors } from './python/ancestors.js';

export interface CompileRuleViolation {
  /** UTF-16 offset of the statement Python reports. */
  offset: number;
  message: string;
}

class Found {
  constructor(readonly violation: CompileRuleViolation) {}
}

const fail = (node: Node, message: string): never => {
  throw new Found({ offset: node.startIndex, message });
};

/**
 * The two rules the text checker leaves to the tree, found from their words: every `async def` whose body
 * says `yield` (its own `yield from` is an error, and so is its `return` with a value once it yields), and
 * every `__debug__` (assigning to it is an error). `source` is the tree's text.
 */
export function checkTreeOnlyRules(root: Node, source: string): CompileRuleViolation | undefined {
  try {
    for (const m of source.matchAll(/\basync[ \t\f]+def\b/g)) {
      const def = root.descendantForIndex(m.index)?.parent;
      if (def?.type !== 'function_definition' || def.startIndex !== m.index) continue;
      const body = def.childForFieldName('body');
      if (!body || !source.slice(body.startIndex, body.endIndex).includes('yield')) continue;
      if (ownYields(def, body).length === 0) continue;
      const valued = body.descendantsOfType('return_statement').find((r) => r && r.namedChildCount > 0 && ownedBy(r, def));
      if (valued) fail(valued, "'return' with value in async generator");
    }
    for (const m of source.matchAll(/\b__debug__\b/g)) {
      const name = root.descendantForIndex(m.index, m.index + '__debug__'.length);
      const parent = name?.parent;
      // `__debug__ = ...`: a name Python never lets an assignment bind.
      if (name?.type === 'identifier' && parent?.type === 'assignment' && parent.childForFieldName('left')?.id === name.id) fail(name, 'cannot assign to __debug__');
    }
    return undefined;
  } catch (err) {
    if (err instanceof Found) return err.violation;
    throw err;
  }
}

/** `node` belongs to `def` itself, not to a function, lambda or class nested in it. */
function ownedBy(node: Node, def: Node): boolean {
  for (const up of ancestors(node)) {
    if (up.id === def.id) return true;
    if (up.type === 'function_definition' || up.type === 'lambda' || up.type === 'class_definition') return false;
  }
  return false;
}

/** The `yield` expressions of this function itself (not of a nested def, lambda or class); `yield from` in an async def is an error. */
function ownYields(def: Node, body: Node): Node[] {
  const own = body.descendantsOfType('yield').filter((y): y is Node => !!y && ownedBy(y, def));
  const from = own.find((y) => y.children.some((c) => c?.type === 'from'));
  if (from) fail(from, "'yield from' inside async function");
  return own;
}
