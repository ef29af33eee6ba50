// Operator precedence, so a captured expression keeps its meaning wherever a rewrite puts it:
// `$A * 2` with `$A` bound to `a + b` must become `(a + b) * 2`, not `a + b * 2` (which ast-grep writes).
// The same check applies to the whole replacement in the place of the match (`x * MATCH`).
import type { Node } from 'web-tree-sitter';

// Python's precedence, lowest first (the language reference, 6.17). Levels below 0 are forms that only
// some places accept bare: a walrus, a tuple without parentheses, a yield.
const YIELD = -3;
const TUPLE = -2;
const WALRUS = -1;
const LAMBDA = 0;
const CONDITIONAL = 1;
const OR = 2;
const AND = 3;
const NOT = 4;
const COMPARISON = 5;
const UNARY = 12;
const POWER = 13;
const AWAIT = 14;
const PRIMARY = 15;
/** The precedence of names, calls, attributes, literals and anything in brackets. */
export const PRIMARY_PRECEDENCE = PRIMARY;

const BINARY: Record<string, number> = {
  '|': 6, '^': 7, '&': 8, '<<': 9, '>>': 9, '+': 10, '-': 10, '*': 11, '@': 11, '/': 11, '//': 11, '%': 11, '**': POWER,
};

function operatorOf(node: Node): string | undefined {
  return node.childForFieldName('operator')?.type;
}

/** How tightly an expression binds: PRIMARY for atoms, calls, attributes and anything in brackets. */
export function precedenceOf(node: Node): number {
  switch (node.type) {
    case 'yield':
      return YIELD;
    case 'expression_list':
      return TUPLE;
    case 'named_expression':
      return WALRUS;
    case 'lambda':
      return LAMBDA;
    case 'conditional_expression':
      return CONDITIONAL;
    case 'boolean_operator':
      return operatorOf(node) === 'or' ? OR : AND;
    case 'not_operator':
      return NOT;
    case 'comparison_operator':
      return COMPARISON;
    case 'binary_operator':
      return BINARY[operatorOf(node) ?? ''] ?? PRIMARY;
    case 'unary_operator':
      return UNARY;
    case 'await':
      return AWAIT;
    default:
      return PRIMARY;
  }
}

/** Places where a walrus stands bare (PEP 572): arguments, list and set items, conditions, subscripts. */
const WALRUS_OK = new Set(['argument_list', 'list', 'set', 'if_statement', 'elif_clause', 'while_statement', 'if_clause', 'subscript']);

/**
 * The lowest precedence an expression may have to stand bare as `child` of `parent` (a child's position
 * decides: the left operand of `-` may be another `-`, the right one may not).
 */
export function requiredPrecedence(parent: Node, child: Node): number {
  const is = (field: string) => parent.childForFieldName(field)?.id === child.id;
  switch (parent.type) {
    case 'parenthesized_expression':
    case 'expression_statement':
      return YIELD;
    case 'assignment':
    case 'augmented_assignment':
      return is('right') ? YIELD : TUPLE;
    case 'return_statement':
      return TUPLE;
    case 'binary_operator': {
      const p = BINARY[operatorOf(parent) ?? ''] ?? PRIMARY;
      // `**` binds right to left, and its left operand cannot be a unary minus: -2**2 is -(2**2).
      if (p === POWER) return is('left') ? AWAIT : UNARY;
      return is('left') ? p : p + 1;
    }
    case 'comparison_operator':
      return COMPARISON + 1;
    case 'not_operator':
      return NOT;
    case 'boolean_operator': {
      const p = operatorOf(parent) === 'or' ? OR : AND;
      return is('left') ? p : p + 1;
    }
    case 'unary_operator':
      return UNARY;
    case 'await':
      return PRIMARY;
    case 'attribute':
      return is('object') ? PRIMARY : LAMBDA;
    case 'call':
      return is('function') ? PRIMARY : LAMBDA;
    case 'subscript':
      return is('value') ? PRIMARY : WALRUS_OK.has(parent.type) ? WALRUS : LAMBDA;
    case 'conditional_expression': {
      // body if condition else alternative: the last part may itself be a conditional or a lambda.
      const parts = parent.namedChildren.filter((c) => c && c.type !== 'comment');
      return parts[2]?.id === child.id ? LAMBDA : OR;
    }
    case 'lambda':
      return is('body') ? LAMBDA : PRIMARY;
    default:
      return WALRUS_OK.has(parent.type) ? WALRUS : LAMBDA;
  }
}

/** True when `expr` must be parenthesized to stand as `child` of `parent`. */
export function needsParentheses(expr: Node, parent: Node, child: Node): boolean {
  return precedenceOf(expr) < requiredPrecedence(parent, child);
}
