// Docstring detection: the first statement of a module, class or function body when it is a
// plain string expression (f-strings are not docstrings).
import type { Node } from 'web-tree-sitter';

export function docstringOf(body: Node): Node | null {
  const first = body.namedChildren.find((c) => c && c.type !== 'comment') ?? null;
  if (!first || first.type !== 'expression_statement' || first.namedChildCount !== 1) return null;
  const expr = first.namedChild(0);
  if (!expr) return null;
  if (expr.type === 'string' && !isFString(expr)) return first;
  if (expr.type === 'concatenated_string' && expr.namedChildren.every((s) => s && !isFString(s))) return first;
  return null;
}

export function isFString(stringNode: Node): boolean {
  const start = stringNode.namedChild(0);
  return !!start && start.type === 'string_start' && /f/i.test(start.text);
}
