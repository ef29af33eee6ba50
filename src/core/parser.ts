// Loads tree-sitter-python's shipped WASM once per thread and hands out a ready parser.
import { createRequire } from 'node:module';
import { Language, Parser, Query, type Tree } from 'web-tree-sitter';
import { ParserInitError } from './errors.js';

const require = createRequire(import.meta.url);

export interface PythonParser {
  /** With `oldTree` (already `edit`ed to match `source`), tree-sitter re-parses only what changed. */
  parse(source: string, oldTree?: Tree): Tree;
  /** A compiled query, cached by its text: compile once per thread, reuse for every file. */
  query(text: string): Query;
  language: Language;
}

let loading: Promise<PythonParser> | undefined;

export function loadPythonParser(): Promise<PythonParser> {
  loading ??= init().catch((err: unknown) => {
    loading = undefined;
    throw new ParserInitError(`could not load the Python grammar: ${(err as Error).message}`);
  });
  return loading;
}

async function init(): Promise<PythonParser> {
  await Parser.init();
  const language = await Language.load(require.resolve('tree-sitter-python/tree-sitter-python.wasm'));
  const parser = new Parser();
  parser.setLanguage(language);
  const queries = new Map<string, Query>();
  return {
    language,
    parse(source: string, oldTree?: Tree): Tree {
      const tree = parser.parse(source, oldTree);
      if (!tree) throw new Error('tree-sitter returned no tree');
      return tree;
    },
    query(text: string): Query {
      let q = queries.get(text);
      if (!q) {
        q = new Query(language, text);
        queries.set(text, q);
      }
      return q;
    },
  };
}
