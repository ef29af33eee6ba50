// Where a cold run's transform time goes: every file is parsed once, then each transform runs alone
// on the tree (with its own fresh Python helpers, so lazily built scope models are charged to every
// transform that needs one), and its CPU time is summed. One thread, no fix loop, no writes.
//
//   npx tsx test/bench/transform-profile.ts [DIR]   (default /tmp/pycodemod-corpus/stdlib)
import { readFileSync } from 'node:fs';
import type { Node } from 'web-tree-sitter';
import { loadPythonParser } from '../../src/core/parser.js';
import { createPythonHelpers } from '../../src/core/python/helpers.js';
import { defaultSettings } from '../../src/core/settings.js';
import type { TransformContext } from '../../src/core/types.js';
import { resolveOptions } from '../../src/core/options.js';
import { builtinTransforms } from '../../transforms/index.js';
import { pythonFiles } from '../corpus/corpus-files.js';

const dir = process.argv[2] ?? '/tmp/pycodemod-corpus/stdlib';
const parser = await loadPythonParser();
const settings = defaultSettings();
const spent = new Map<string, number>(builtinTransforms.map((t) => [t.id, 0]));
let parse = 0;
let files = 0;
for (const file of pythonFiles(dir)) {
  const source = readFileSync(file, 'utf8');
  let t0 = performance.now();
  const tree = parser.parse(source);
  parse += performance.now() - t0;
  files++;
  if (tree.rootNode.hasError) {
    tree.delete();
    continue;
  }
  for (const transform of builtinTransforms) {
    const root: Node = tree.rootNode;
    const ctx: TransformContext<any> = {
      path: file,
      source,
      tree,
      root,
      settings,
      python: createPythonHelpers(source, root, settings, file),
      query: (q) => parser.query(q),
      options: resolveOptions(transform, undefined),
      report: () => {},
      skip: () => {},
      flag: () => {},
    };
    t0 = performance.now();
    transform.transform(ctx);
    spent.set(transform.id, spent.get(transform.id)! + performance.now() - t0);
  }
  tree.delete();
}
console.log(`${files} files; parse ${(parse / 1000).toFixed(2)} s`);
for (const [id, ms] of spent) console.log(`${id.padEnd(18)} ${(ms / 1000).toFixed(2)} s  (${((100 * ms) / parse).toFixed(1)}% of a parse)`);
