// `pycodemod --explain-imports FILE`: every import of a file with the section group-imports puts it in
// and why, since a misclassified first-party import is the most reported sorting surprise.
import type { Node } from 'web-tree-sitter';
import { loadPythonParser } from '../../src/core/parser.js';
import { targetMinor, type Settings } from '../../src/core/settings.js';
import { Classifier, packageRootOf } from './classify.js';
import { IMPORT_TYPES } from './blocks.js';
import { isAbsolute, resolve } from 'node:path';

const SECTION_TITLES: Record<string, string> = {
  future: 'future',
  'standard-library': 'standard library',
  'third-party': 'third-party',
  'first-party': 'first-party',
  'local-folder': 'local (relative)',
};

interface Row {
  line: number;
  module: string;
  section: string;
  reason: string;
}

function importedModules(stmt: Node): { module: string; level: number }[] {
  if (stmt.type === 'future_import_statement') return [{ module: '__future__', level: 0 }];
  if (stmt.type === 'import_from_statement') {
    const m = stmt.childForFieldName('module_name');
    if (m?.type === 'relative_import') {
      const level = m.namedChildren.find((c) => c?.type === 'import_prefix')?.text.length ?? 1;
      return [{ module: m.namedChildren.find((c) => c?.type === 'dotted_name')?.text ?? '', level }];
    }
    return [{ module: m?.text ?? '', level: 0 }];
  }
  return stmt.childrenForFieldName('name').flatMap((n) => {
    if (!n) return [];
    const name = n.type === 'aliased_import' ? n.childForFieldName('name')?.text : n.text;
    return name ? [{ module: name, level: 0 }] : [];
  });
}

/**
 * The text `--explain-imports` prints for one file. `path` is shown as given; a relative one is taken
 * relative to the current folder, as a user types it on the command line.
 */
export async function explainImports(source: string, path: string, settings: Settings): Promise<string> {
  const parser = await loadPythonParser();
  const tree = parser.parse(source.replace(/^\uFEFF/, ''));
  const file = isAbsolute(path) ? path : resolve(path);
  try {
    const classifier = new Classifier(settings, file);
    const rows: Row[] = [];
    for (const stmt of tree.rootNode.descendantsOfType([...IMPORT_TYPES])) {
      if (!stmt) continue;
      for (const { module, level } of importedModules(stmt)) {
        const c = classifier.classify(module, level);
        rows.push({ line: stmt.startPosition.row + 1, module: '.'.repeat(level) + module, section: SECTION_TITLES[c.section]!, reason: c.reason });
      }
    }
    const pkg = packageRootOf(file);
    const header = [
      `${path}: ${rows.length} import${rows.length === 1 ? '' : 's'}`,
      `  target: py3.${targetMinor(settings.targetVersion)}` +
        `; known-first-party: ${settings.knownFirstParty.length ? settings.knownFirstParty.join(', ') : '(none)'}` +
        `; known-third-party: ${settings.knownThirdParty.length ? settings.knownThirdParty.join(', ') : '(none)'}`,
      `  src roots: ${settings.src.length ? settings.src.join(', ') : '(none)'}; file's package: ${pkg ?? '(none: no __init__.py beside it)'}`,
    ];
    if (rows.length === 0) return header.join('\n') + '\n';
    const lineW = Math.max(...rows.map((r) => String(r.line).length));
    const modW = Math.max(...rows.map((r) => r.module.length));
    const secW = Math.max(...rows.map((r) => r.section.length));
    const body = rows.map(
      (r) => `  ${String(r.line).padStart(lineW)}  ${r.module.padEnd(modW)}  ${r.section.padEnd(secW)}  ${r.reason}`,
    );
    return [...header, ...body].join('\n') + '\n';
  } finally {
    tree.delete();
  }
}
