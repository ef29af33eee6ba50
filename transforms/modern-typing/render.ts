// The text of a rewritten type expression. Inside `Optional[...]` and `Union[...]`, Ruff's fixes print the
// members again from its syntax tree (one line, `, ` between arguments, no space inside brackets, numbers in
// decimal, parentheses only where needed), so this prints them the same way, with the nested rewrites already
// applied (`Optional[Dict[str,List[int]]]` -> `dict[str, list[int]] | None`, Ruff's result after its
// rounds). Everything outside those brackets keeps its bytes.
import type { Node } from 'web-tree-sitter';

/** What the printer needs to know about the rewrites being made. */
export interface RenderHooks {
  /** The replacement text of a rewritten node (a name, a union, a string annotation), or undefined. */
  rewritten(node: Node): string | undefined;
}

/** Through the grammar's `type` wrapper nodes (annotations wrap each type expression in one). */
export function unwrapType(node: Node): Node {
  let n = node;
  while (n.type === 'type' && n.namedChildCount === 1) n = n.namedChild(0)!;
  return n;
}

/** The head and the arguments of `X[a, b]` (a `subscript`, or a `generic_type` in annotations); null otherwise. */
export function subscriptParts(node: Node): { head: Node; args: Node[]; parenthesized: boolean; trailingComma: boolean } | null {
  const n = unwrapType(node);
  if (n.type === 'subscript') {
    const head = n.childForFieldName('value');
    const args = n.childrenForFieldName('subscript').filter((c): c is Node => !!c);
    if (!head) return null;
    const trailingComma = n.children.some((c) => c?.type === ',') && args.length === 1;
    // `X[(a, b)]`: one argument, a tuple written with its parentheses.
    const one = args.length === 1 ? args[0]! : undefined;
    if (one?.type === 'tuple') return { head, args: named(one), parenthesized: true, trailingComma };
    return { head, args, parenthesized: false, trailingComma };
  }
  if (n.type === 'generic_type') {
    const head = n.namedChild(0);
    const list = n.namedChildren.find((c) => c?.type === 'type_parameter');
    if (!head || !list) return null;
    const args = named(list);
    const trailingComma = list.children.some((c) => c?.type === ',') && args.length === 1;
    const one = args.length === 1 ? unwrapType(args[0]!) : undefined;
    if (one?.type === 'tuple') return { head, args: named(one), parenthesized: true, trailingComma };
    return { head, args, parenthesized: false, trailingComma };
  }
  return null;
}

/** The operands of `A | B` (a `binary_operator` or, in annotations, a `union_type`), or null. */
export function unionOperands(node: Node): [Node, Node] | null {
  const n = unwrapType(node);
  if (n.type === 'binary_operator' && n.childForFieldName('operator')?.type === '|') {
    const l = n.childForFieldName('left');
    const r = n.childForFieldName('right');
    return l && r ? [l, r] : null;
  }
  if (n.type === 'union_type') {
    const parts = named(n);
    return parts.length === 2 ? [parts[0]!, parts[1]!] : null;
  }
  return null;
}

export function named(node: Node): Node[] {
  return node.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
}

/** True when a comment sits anywhere inside `node` (printing it on one line would lose it). */
export function hasComment(node: Node): boolean {
  if (!node.text.includes('#')) return false;
  const walk = (n: Node): boolean => n.type === 'comment' || n.children.some((c) => !!c && walk(c));
  return walk(node);
}

/**
 * `node` printed as Ruff's generator prints it, with the rewrites of `hooks` applied; null for an
 * expression that has no place in a type (a lambda, a comprehension, `not x`), a string with escapes, or
 * anything this printer does not know: such a union is left alone.
 */
export function render(node: Node, hooks: RenderHooks): string | null {
  const replaced = hooks.rewritten(node);
  if (replaced !== undefined) return replaced;
  switch (node.type) {
    case 'type':
      return node.namedChildCount === 1 ? render(node.namedChild(0)!, hooks) : null;
    case 'identifier':
    case 'none':
    case 'true':
    case 'false':
    case 'ellipsis':
      return node.text;
    case 'attribute': {
      const object = node.childForFieldName('object');
      const attr = node.childForFieldName('attribute');
      const left = object && render(object, hooks);
      return left && attr ? `${left}.${attr.text}` : null;
    }
    case 'integer':
      return pythonInt(node.text);
    case 'float':
      return pythonFloat(node.text);
    case 'string':
      return plainString(node);
    case 'subscript':
    case 'generic_type': {
      const parts = subscriptParts(node);
      if (!parts || parts.parenthesized) {
        // `X[()]`: the empty tuple, the only parenthesized argument printed as written.
        if (parts && parts.args.length === 0) {
          const head = render(parts.head, hooks);
          return head && `${head}[()]`;
        }
        return null;
      }
      const head = render(parts.head, hooks);
      const args = parts.args.map((a) => render(a, hooks));
      if (!head || args.some((a) => a === null) || args.length === 0) return null;
      return `${head}[${args.join(', ')}]`;
    }
    case 'list': {
      const items = named(node).map((a) => render(a, hooks));
      return items.some((a) => a === null) ? null : `[${items.join(', ')}]`;
    }
    case 'tuple':
      return named(node).length === 0 ? '()' : null;
    case 'call': {
      const fn = node.childForFieldName('function');
      const list = node.childForFieldName('arguments');
      if (!fn || list?.type !== 'argument_list') return null;
      const head = render(fn, hooks);
      const args = named(list).map((a) => renderArgument(a, hooks));
      if (!head || args.some((a) => a === null)) return null;
      return `${head}(${args.join(', ')})`;
    }
    case 'unary_operator': {
      const op = node.child(0)?.text;
      const arg = node.childForFieldName('argument');
      const inner = arg && render(arg, hooks);
      return op && ['-', '+', '~'].includes(op) && inner ? `${op}${inner}` : null;
    }
    case 'binary_operator':
    case 'union_type': {
      const operands = unionOperands(node);
      if (!operands) return null;
      const left = render(operands[0], hooks);
      const right = render(operands[1], hooks);
      if (left === null || right === null) return null;
      // `|` groups to the left: a union on the right keeps its parentheses.
      return unionOperands(operands[1]) ? `${left} | (${right})` : `${left} | ${right}`;
    }
    case 'parenthesized_expression': {
      const inner = named(node);
      return inner.length === 1 && ATOMS.has(unwrapType(inner[0]!).type) ? render(inner[0]!, hooks) : null;
    }
    default:
      return null;
  }
}

/** Expressions whose parentheses Ruff's printer drops. */
const ATOMS = new Set(['identifier', 'attribute', 'subscript', 'generic_type', 'call', 'string', 'none', 'true', 'false', 'integer', 'float', 'list', 'ellipsis']);

function renderArgument(arg: Node, hooks: RenderHooks): string | null {
  if (arg.type === 'keyword_argument') {
    const name = arg.childForFieldName('name');
    const value = arg.childForFieldName('value');
    const v = value && render(value, hooks);
    return name && v ? `${name.text}=${v}` : null;
  }
  if (arg.type === 'list_splat' || arg.type === 'dictionary_splat') {
    const inner = named(arg)[0];
    const v = inner && render(inner, hooks);
    return v ? `${arg.type === 'list_splat' ? '*' : '**'}${v}` : null;
  }
  return render(arg, hooks);
}

/** A one-piece string without escapes or interpolation, as written; else null (the printer would re-quote it). */
function plainString(node: Node): string | null {
  const start = node.namedChild(0);
  if (start?.type !== 'string_start' || /[fFtT]/.test(start.text)) return null;
  if (node.text.includes('\\') || /[\r\n]/.test(node.text)) return null;
  return node.namedChildren.every((c) => !!c && (c.type === 'string_start' || c.type === 'string_content' || c.type === 'string_end')) ? node.text : null;
}

/** An integer literal as Python's repr writes its value (`0x10` -> `16`, `1_000` -> `1000`). */
export function pythonInt(text: string): string | null {
  const clean = text.replace(/_/g, '');
  if (/[jJ]$/.test(clean)) return pythonFloat(text);
  try {
    return /^0[0-7]+$/.test(clean) ? null : BigInt(clean.toLowerCase().replace(/^0+(?=\d)/, '')).toString();
  } catch {
    return null;
  }
}

/** A float (or imaginary) literal as Python's repr writes its value (`1.50` -> `1.5`, `1e3` -> `1000.0`, `1J` -> `1j`). */
export function pythonFloat(text: string): string | null {
  const clean = text.replace(/_/g, '');
  const imaginary = /[jJ]$/.test(clean);
  const value = Number(imaginary ? clean.slice(0, -1) : clean);
  if (!Number.isFinite(value)) return null;
  let repr = String(value);
  if (/e/.test(repr)) repr = repr.replace(/e([+-])(\d)$/, 'e$10$2');
  else if (!imaginary && Number.isInteger(value)) repr = `${repr}.0`;
  return imaginary ? `${repr}j` : repr;
}
