// print-to-logging's preferred quote is counted from the text where the text is plain enough, else from the
// tree: the two must agree on every corpus file that parses. `npx tsx test/corpus/quote-count-check.ts [DIR]`
// (default /tmp/pycodemod-corpus); exits 1 on the first disagreement.
import { readFileSync } from 'node:fs';
import { loadPythonParser } from '../../src/core/parser.js';
import { quoteCountsFromText, quoteCountsFromTree } from '../../transforms/print-to-logging/preferred-quote.js';
import { pythonFiles } from './corpus-files.js';

const dir = process.argv[2] ?? '/tmp/pycodemod-corpus';
const parser = await loadPythonParser();
let files = 0;
let fromText = 0;
for (const file of pythonFiles(dir)) {
  let source: string;
  try {
    source = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(file));
  } catch {
    continue;
  }
  const tree = parser.parse(source);
  if (!tree.rootNode.hasError) {
    files++;
    const text = quoteCountsFromText(source);
    if (text) {
      fromText++;
      const treeCounts = quoteCountsFromTree(source, tree.rootNode);
      if (text.single !== treeCounts.single || text.double !== treeCounts.double) {
        console.error(`${file}: text ${JSON.stringify(text)} but tree ${JSON.stringify(treeCounts)}`);
        process.exitCode = 1;
        tree.delete();
        break;
      }
    }
  }
  tree.delete();
}
console.log(`${files} files parsed; counted from the text in ${fromText}, each equal to the tree's`);
