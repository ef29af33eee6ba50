// removeImport and string annotations: a string annotation that names the import keeps it, unless the fix
// rewrites that string (it is in `ignoring`), in which case it counts as a use that goes with the fix.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Node } from 'web-tree-sitter';
import { loadPythonParser, type PythonParser } from '../src/core/parser.js';
import { createPythonHelpers } from '../src/core/python/helpers.js';
import { defaultSettings } from '../src/core/settings.js';

let parser: PythonParser;
beforeAll(async () => {
  parser = await loadPythonParser();
});

function stringsOf(root: Node): Node[] {
  const out: Node[] = [];
  const walk = (n: Node) => {
    if (n.type === 'string') out.push(n);
    for (const c of n.namedChildren) if (c) walk(c);
  };
  walk(root);
  return out;
}

describe('removeImport and string annotations', () => {
  const source = 'from typing import List\n\nx: "List[int]" = []\ny: "List[str]" = []\n';

  it('a string annotation naming the import keeps it', () => {
    const tree = parser.parse(source);
    const py = createPythonHelpers(source, tree.rootNode, defaultSettings());
    const r = py.removeImport('typing', 'List');
    expect(r.edits).toEqual([]);
    expect(r.kept[0]?.reason).toMatch(/named in a string at line 3/);
  });

  it('strings the fix rewrites do not keep it, and count as its uses (all of them must be rewritten)', () => {
    const tree = parser.parse(source);
    const py = createPythonHelpers(source, tree.rootNode, defaultSettings());
    const [first, second] = stringsOf(tree.rootNode);
    const one = py.removeImport('typing', 'List', { ignoring: [first!] });
    expect(one.edits).toEqual([]);
    expect(one.kept[0]?.reason).toMatch(/named in a string at line 4/);
    const both = py.removeImport('typing', 'List', { ignoring: [first!, second!] });
    expect(both.removed).toBe(1);
    expect(both.edits).toEqual([{ start: 0, end: 24, text: '' }]);
  });

  it('an import nothing used is still kept with `ignoring` (maybe there for its side effects)', () => {
    const src = 'from typing import List\n\nx: "int" = 1\n';
    const tree = parser.parse(src);
    const py = createPythonHelpers(src, tree.rootNode, defaultSettings());
    const r = py.removeImport('typing', 'List', { ignoring: stringsOf(tree.rootNode) });
    expect(r.edits).toEqual([]);
    expect(r.kept[0]?.reason).toMatch(/was not used/);
  });

  it('in a package __init__.py an unused import is kept as a possible re-export, unless notReexported', () => {
    const src = 'from typing import List\n';
    const tree = parser.parse(src);
    const py = createPythonHelpers(src, tree.rootNode, defaultSettings(), 'pkg/__init__.py');
    expect(py.removeImport('typing', 'List').kept[0]?.reason).toMatch(/re-export of the package/);
    expect(py.removeImport('typing', 'List', { notReexported: true }).edits).toEqual([{ start: 0, end: 24, text: '' }]);
    const explicit = 'from typing import List as List\n';
    const t2 = parser.parse(explicit);
    const py2 = createPythonHelpers(explicit, t2.rootNode, defaultSettings(), 'pkg/__init__.py');
    expect(py2.removeImport('typing', 'List', { notReexported: true }).kept[0]?.reason).toMatch(/marks a re-export/);
  });
});
