// Reading string annotations (`x: "Sequence[int]"`): the literal's text, and a parser for it. Shared by
// the transforms that look inside them (mutable-defaults, modern-typing), so a run keeps one parser per
// grammar rather than one per transform.
import { Parser, type Language, type Node } from 'web-tree-sitter';

// Made on first use and kept: a WASM parser is not garbage-collected, so it is never made per file.
const stringParsers = new WeakMap<Language, Parser>();

/** The parser for the contents of string annotations in the grammar `language` (one per grammar). */
export function stringParserFor(language: Language): Parser {
  let parser = stringParsers.get(language);
  if (!parser) {
    parser = new Parser().setLanguage(language);
    stringParsers.set(language, parser);
  }
  return parser;
}

/**
 * The text between the quotes of a one-piece string that is not an f-, b- or t-string (r/u prefixes
 * allowed), as written; else null. Escape sequences are neither decoded nor rejected (the grammar nests
 * them in the string's content): callers that must refuse them look for a backslash.
 */
export function plainStringContent(str: Node): string | null {
  if (str.type !== 'string') return null;
  const start = str.namedChild(0);
  const prefix = start?.text.replace(/["']+$/, '') ?? '';
  if (/[fbt]/i.test(prefix)) return null;
  const parts = str.namedChildren.filter((c) => c && c.type !== 'string_start' && c.type !== 'string_end');
  if (parts.some((p) => p!.type !== 'string_content')) return null;
  return parts.map((p) => p!.text).join('');
}
