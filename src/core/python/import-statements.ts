// Reading and editing import statements: which names a statement imports, and the edits that drop some of
// them (or the whole statement) while keeping the rest of the file byte for byte.
import type { Node } from 'web-tree-sitter';
import type { Edit } from '../types.js';
import { lineEndOf, lineStartOf } from '../text.js';

/** One name an import statement binds. */
export interface ImportedName {
  statement: Node;
  /** The item in the statement: a dotted_name or an aliased_import. */
  item: Node;
  /** The module: `a.b` for `import a.b` and for `from a.b import x`. */
  module: string;
  /** For `from` imports: the imported member (`x`); undefined for `import a.b`. */
  member?: string;
  /** The identifier that is bound: the alias, the member, or the first part of `import a.b`. */
  local: Node;
  /** The `as` name, if any. */
  alias?: string;
}

/** The names an import statement binds (none for `from m import *` or a relative import). */
export function importedNames(statement: Node): ImportedName[] {
  const found: ImportedName[] = [];
  if (statement.type === 'import_statement') {
    for (const item of statement.namedChildren) {
      if (!item) continue;
      if (item.type === 'aliased_import') {
        const name = item.childForFieldName('name');
        const alias = item.childForFieldName('alias');
        if (name && alias) found.push({ statement, item, module: name.text, local: alias, alias: alias.text });
      } else if (item.type === 'dotted_name') {
        const first = item.namedChild(0);
        if (first) found.push({ statement, item, module: item.text, local: first });
      }
    }
  } else if (statement.type === 'import_from_statement') {
    const moduleNode = statement.childForFieldName('module_name');
    if (!moduleNode || moduleNode.type !== 'dotted_name') return found;
    for (const item of statement.childrenForFieldName('name')) {
      if (!item) continue;
      if (item.type === 'aliased_import') {
        const name = item.childForFieldName('name');
        const alias = item.childForFieldName('alias');
        if (name && alias) found.push({ statement, item, module: moduleNode.text, member: name.text, local: alias, alias: alias.text });
      } else if (item.type === 'dotted_name') {
        found.push({ statement, item, module: moduleNode.text, member: item.text, local: item.namedChild(0) ?? item });
      }
    }
  }
  return found;
}

/** The items of an import statement, in order (the names of `from m import a, b`, the modules of `import a, b`). */
function itemsOf(statement: Node): Node[] {
  const items = statement.type === 'import_from_statement' ? statement.childrenForFieldName('name') : statement.namedChildren;
  return items.filter((n): n is Node => !!n && (n.type === 'dotted_name' || n.type === 'aliased_import'));
}

/** The statements of the block (or module) holding `statement`, comments left out. */
function siblingsOf(statement: Node): Node[] {
  return (statement.parent?.namedChildren ?? []).filter((n): n is Node => !!n && n.type !== 'comment');
}

/**
 * The edits that drop `remove` (items of `statement`) from it: the whole statement when nothing is left
 * (its lines, or up to the next `;`; `pass` when it is the only statement of a block), else the items with
 * their commas (a multi-line item alone on its line goes with its line and its comment).
 */
export function dropImportItems(source: string, statement: Node, remove: readonly Node[]): Edit[] {
  const items = itemsOf(statement);
  const removed = new Set(remove.map((n) => n.id));
  const kept = items.filter((n) => !removed.has(n.id));
  if (kept.length === 0) return [dropStatement(source, statement)];

  const edits: Edit[] = [];
  const lastKept = items.indexOf(kept[kept.length - 1]!);
  const multiLine = statement.startPosition.row !== statement.endPosition.row;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (!removed.has(item.id)) continue;
    const ownLine = multiLine ? aloneOnLine(source, item) : undefined;
    if (ownLine) edits.push(ownLine);
    else if (i < lastKept) edits.push({ start: item.startIndex, end: items[i + 1]!.startIndex, text: '' });
    else {
      // After the last kept item: from its end (its comma goes) to this item's end.
      const prev = items[i - 1]!;
      const start = removed.has(prev.id) && i - 1 > lastKept ? prev.endIndex : items[lastKept]!.endIndex;
      edits.push({ start, end: item.endIndex, text: '' });
    }
  }
  return mergeEdits(edits);
}

/** An item alone on its line (`    name,  # comment`): the edit removing that whole line. */
function aloneOnLine(source: string, item: Node): Edit | undefined {
  const start = lineStartOf(source, item.startIndex);
  const end = lineEndOf(source, item.endIndex);
  if (source.slice(start, item.startIndex).trim() !== '') return undefined;
  const rest = source.slice(item.endIndex, end).trim();
  if (!/^,?\s*(#.*)?$/.test(rest)) return undefined;
  return { start, end, text: '' };
}

function mergeEdits(edits: Edit[]): Edit[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  const out: Edit[] = [];
  for (const e of sorted) {
    const last = out[out.length - 1];
    if (last && e.start <= last.end) last.end = Math.max(last.end, e.end);
    else out.push({ ...e });
  }
  return out;
}

/** The edit that removes a whole statement, keeping the file's shape. */
export function dropStatement(source: string, statement: Node): Edit {
  const siblings = siblingsOf(statement);
  const lineStart = lineStartOf(source, statement.startIndex);
  const lineEnd = lineEndOf(source, statement.endIndex);
  const before = source.slice(lineStart, statement.startIndex);
  const after = source.slice(statement.endIndex, lineEnd);
  const alone = before.trim() === '' && /^\s*(#.*)?(\r\n|\n|\r)?$/.test(after);
  const onlyInBlock = siblings.length === 1 && statement.parent?.type === 'block';
  if (onlyInBlock) return { start: statement.startIndex, end: statement.endIndex, text: 'pass' };
  // Its lines only: the blank lines around stay, so that an import added in the same fix (at the edge of
  // these lines) keeps the file's spacing; a gap of two blank lines at most is left, which formatters accept.
  if (alone) return { start: lineStart, end: lineEnd, text: '' };
  // Shares its line with other statements (`a = 1; import x; b = 2`): the statement and one `;`.
  const semicolonAfter = /^\s*;[ \t]*/.exec(after);
  if (semicolonAfter) return { start: statement.startIndex, end: statement.endIndex + semicolonAfter[0].length, text: '' };
  const semicolonBefore = /[ \t]*;[ \t]*$/.exec(before);
  if (semicolonBefore) return { start: statement.startIndex - semicolonBefore[0].length, end: statement.endIndex, text: '' };
  return { start: statement.startIndex, end: statement.endIndex, text: 'pass' };
}
