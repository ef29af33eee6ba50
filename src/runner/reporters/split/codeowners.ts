// CODEOWNERS as GitHub reads it: the first of .github/CODEOWNERS, CODEOWNERS, docs/CODEOWNERS at the
// repository root; one `pattern owner...` rule a line, `#` comments; the last rule that matches a file wins
// (a matching rule without owners leaves the file without owners). Patterns follow gitignore's rules with
// GitHub's differences: no `!` negation and no `[...]` ranges (such lines are ignored, as GitHub ignores
// them), `\#` for a leading `#`, and `dir/*` matching only the files directly in `dir`.
import { join } from 'node:path';
import { readRegularFile } from '../../../core/regular-file.js';

export interface CodeownersRule {
  pattern: string;
  owners: string[];
  line: number;
  regex: RegExp;
}

export interface Codeowners {
  /** The file the rules came from, relative to the repository root. */
  file: string;
  rules: CodeownersRule[];
  /** Lines GitHub would not accept either: ignored, with the reason. */
  ignored: { line: number; reason: string }[];
}

export const CODEOWNERS_LOCATIONS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'];

/** The repository's CODEOWNERS (undefined when it has none). */
export function readCodeowners(root: string): Codeowners | undefined {
  for (const file of CODEOWNERS_LOCATIONS) {
    let text: string;
    try {
      text = readRegularFile(join(root, file)).bytes.toString('utf8');
    } catch {
      continue;
    }
    return { file, ...parseCodeowners(text) };
  }
  return undefined;
}

export function parseCodeowners(text: string): Omit<Codeowners, 'file'> {
  const rules: CodeownersRule[] = [];
  const ignored: { line: number; reason: string }[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    // An inline comment starts at a `#` that follows whitespace.
    const [pattern, ...owners] = line.replace(/\s+#.*$/, '').split(/\s+/);
    if (!pattern) return;
    if (pattern.startsWith('!')) return void ignored.push({ line: i + 1, reason: '`!` (negation) is not supported in CODEOWNERS' });
    if (/\[/.test(pattern)) return void ignored.push({ line: i + 1, reason: '`[...]` ranges are not supported in CODEOWNERS' });
    rules.push({ pattern, owners, line: i + 1, regex: patternRegex(pattern) });
  });
  return { rules, ignored };
}

/** The owners of a path (relative to the repository root, `/`-separated): the last matching rule's. */
export function ownersOf(codeowners: Pick<Codeowners, 'rules'>, path: string): { owners: string[]; rule?: CodeownersRule } {
  for (let i = codeowners.rules.length - 1; i >= 0; i--) {
    const rule = codeowners.rules[i]!;
    if (rule.regex.test(path)) return { owners: rule.owners, rule };
  }
  return { owners: [] };
}

/** A CODEOWNERS pattern as a regular expression over a file's path. */
export function patternRegex(pattern: string): RegExp {
  let p = pattern.startsWith('\\#') ? pattern.slice(1) : pattern;
  const dirOnly = p.endsWith('/');
  if (dirOnly) p = p.slice(0, -1);
  // A slash at the start or in the middle anchors the pattern at the root; otherwise it matches at any depth.
  const anchored = p.includes('/');
  if (p.startsWith('/')) p = p.slice(1);
  // `dir/*`: the files directly in dir (GitHub's rule), not deeper ones.
  const directChildren = p.endsWith('/*');
  let body = '';
  for (let i = 0; i < p.length; ) {
    if (p.startsWith('**/', i) && (i === 0 || p[i - 1] === '/')) {
      body += '(?:.*/)?';
      i += 3;
    } else if (p.startsWith('/**', i) && i + 3 === p.length) {
      body += '/.*';
      i += 3;
    } else if (p.startsWith('**', i)) {
      body += '.*';
      i += 2;
    } else if (p[i] === '*') {
      body += '[^/]*';
      i++;
    } else if (p[i] === '?') {
      body += '[^/]';
      i++;
    } else if (p[i] === '\\' && i + 1 < p.length) {
      body += escapeRegex(p[i + 1]!);
      i += 2;
    } else {
      body += escapeRegex(p[i]!);
      i++;
    }
  }
  const prefix = anchored ? '^' : '^(?:.*/)?';
  // A pattern naming a folder owns everything in it; `dir/` names only folders.
  const suffix = dirOnly ? '/.*$' : directChildren ? '$' : '(?:/.*)?$';
  return new RegExp(prefix + body + suffix);
}

function escapeRegex(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}
