// What an identifier node does where it stands: reads a variable, binds (or deletes, or declares) it,
// or is not a variable at all (`obj.name`, the keyword of `f(name=1)`). Every binding form of Python:
// assignment targets (plain, augmented, annotated, unpacked, starred), `for` targets (statements and
// comprehensions), walrus, `with ... as`, `except ... as`, imports, `def`/`class` names, parameters,
// `del`, `global`/`nonlocal`, `match` captures and type parameters.
import type { Node } from 'web-tree-sitter';

export type NameRole = 'load' | 'store' | 'not-a-name';

// Nodes that only group targets: `a, (b, *c) = ...` binds a, b and c.
const TARGET_GROUPS = new Set([
  'pattern_list', 'tuple_pattern', 'list_pattern', 'list_splat_pattern', 'tuple', 'list', 'parenthesized_expression',
  'expression_list', 'list_splat', 'as_pattern_target', 'pattern',
]);

const PARAMETER_TYPES = new Set([
  'parameters', 'lambda_parameters', 'default_parameter', 'typed_parameter', 'typed_default_parameter',
  'list_splat_pattern', 'dictionary_splat_pattern',
]);

export function nameRole(id: Node): NameRole {
  const parent = id.parent;
  if (!parent) return 'load';
  const field = fieldOf(parent, id);
  if (parent.type === 'attribute' && field === 'attribute') return 'not-a-name';
  if (parent.type === 'keyword_argument' && field === 'name') return 'not-a-name';
  // Parameters bind their name (not the names read by defaults and annotations).
  if (PARAMETER_TYPES.has(parent.type) && (field === 'name' || field === null) && isParameterName(parent, id)) return 'store';
  for (let n: Node | null = id.parent; n; n = n.parent) {
    // match patterns capture names (`case err:`), and also read dotted constants: count both as binds.
    if (n.type === 'case_pattern') return 'store';
    if (n.type === 'case_clause' || n.type === 'block' || n.type === 'module') break;
  }
  let child: Node = id;
  let up: Node | null = parent;
  while (up && TARGET_GROUPS.has(up.type)) {
    child = up;
    up = up.parent;
  }
  if (!up) return 'load';
  const f = fieldOf(up, child);
  switch (up.type) {
    case 'assignment':
    case 'augmented_assignment':
    case 'for_statement':
    case 'for_in_clause':
      return f === 'left' ? 'store' : 'load';
    case 'named_expression':
      return f === 'name' ? 'store' : 'load';
    case 'as_pattern':
      return f === 'alias' ? 'store' : 'load';
    case 'delete_statement':
    case 'global_statement':
    case 'nonlocal_statement':
    case 'type_parameter':
      return 'store';
    case 'function_definition':
    case 'class_definition':
      return f === 'name' ? 'store' : 'load';
    case 'aliased_import':
      return f === 'alias' ? 'store' : 'not-a-name';
    case 'dotted_name':
      // `import a.b` binds a; `from m import x` binds x; a module path binds nothing.
      return importBinding(up, child);
    default:
      return 'load';
  }
}

function importBinding(dotted: Node, child: Node): NameRole {
  const stmt = dotted.parent;
  if (stmt?.type === 'import_statement') return dotted.namedChild(0)?.id === child.id ? 'store' : 'not-a-name';
  if (stmt?.type === 'import_from_statement' || stmt?.type === 'future_import_statement')
    return fieldOf(stmt, dotted) === 'name' ? 'store' : 'not-a-name';
  if (stmt?.type === 'aliased_import' || stmt?.type === 'relative_import') return 'not-a-name';
  return 'load';
}

function isParameterName(param: Node, id: Node): boolean {
  if (param.type === 'parameters' || param.type === 'lambda_parameters' || param.type === 'list_splat_pattern' || param.type === 'dictionary_splat_pattern')
    return true;
  if (param.type === 'typed_parameter') return param.namedChild(0)?.id === id.id;
  return param.childForFieldName('name')?.id === id.id;
}

function fieldOf(parent: Node, child: Node): string | null {
  for (let i = 0; i < parent.childCount; i++) if (parent.child(i)?.id === child.id) return parent.fieldNameForChild(i);
  return null;
}

/** The identifiers spelled `name` inside `node`'s subtree, found from the text. */
export function identifiersNamed(source: string, node: Node, name: string): Node[] {
  const found: Node[] = [];
  const text = source.slice(node.startIndex, node.endIndex);
  // `.` before the name is allowed too (`obj.err` is an attribute, told apart by nameRole).
  const pattern = new RegExp(`(?<!\\w)${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!\\w)`, 'g');
  for (const m of text.matchAll(pattern)) {
    const at = node.startIndex + m.index;
    const id = node.descendantForIndex(at, at + name.length);
    if (id?.type === 'identifier' && id.startIndex === at && id.endIndex === at + name.length) found.push(id);
  }
  return found;
}
