// Rules a repository keeps: `[[tool.pycodemod.rules]]` tables in its pyproject.toml, and rule files in
// the folders `rule-dirs` lists (`*.toml`, each one rule, or several as `[[rules]]`).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { ConfigError } from '../core/errors.js';
import { loadPythonParser } from '../core/parser.js';
import type { AnyTransform } from '../core/types.js';
import { parseRule, type RuleDefinition } from './rule.js';
import { ruleTransform } from './rule-transform.js';

type Table = Record<string, unknown>;

/** The rules of a `[tool.pycodemod]` table read from `configPath`, in order: inline tables, then rule files. */
export function readRules(table: Table, configPath: string): RuleDefinition[] {
  const where = `[tool.pycodemod] in ${configPath}`;
  const rules: RuleDefinition[] = [];
  if (table.rules !== undefined) {
    if (!Array.isArray(table.rules)) throw new ConfigError(`\`rules\` in ${where} must be an array of tables (\`[[tool.pycodemod.rules]]\`)`);
    table.rules.forEach((r, i) => rules.push(parseRule(r, `[[tool.pycodemod.rules]] #${i + 1} in ${configPath}`)));
  }
  if (table['rule-dirs'] !== undefined) {
    const dirs = table['rule-dirs'];
    const list = typeof dirs === 'string' ? [dirs] : dirs;
    if (!Array.isArray(list) || !list.every((d) => typeof d === 'string'))
      throw new ConfigError(`\`rule-dirs\` in ${where} must be a list of folders, got ${JSON.stringify(dirs)}`);
    for (const dir of list as string[]) {
      const abs = resolve(dirname(configPath), dir);
      let names: string[];
      try {
        if (!statSync(abs).isDirectory()) throw new Error('not a folder');
        names = readdirSync(abs).filter((n) => n.endsWith('.toml')).sort();
      } catch {
        throw new ConfigError(`\`rule-dirs\` in ${where}: ${dir} is not a folder`);
      }
      for (const name of names) rules.push(...readRuleFile(join(abs, name), dirname(configPath)));
    }
  }
  return rules;
}

/** One rule file: a rule's keys at the top level, or `[[rules]]` tables. Messages show it relative to `base`. */
export function readRuleFile(path: string, base = process.cwd()): RuleDefinition[] {
  const shown = relative(base, path).split('\\').join('/') || path;
  let doc: Table;
  try {
    doc = parseToml(readFileSync(path, 'utf8')) as Table;
  } catch (err) {
    const e = err as Error & { line?: number };
    throw new ConfigError(`${shown}${e.line ? `:${e.line}` : ''}: invalid TOML: ${e.message.split('\n')[0]}`);
  }
  if ('id' in doc) return [parseRule(doc, shown)];
  if (Array.isArray(doc.rules) && Object.keys(doc).length === 1) return doc.rules.map((r, i) => parseRule(r, `[[rules]] #${i + 1} in ${shown}`));
  throw new ConfigError(`${shown}: a rule file holds one rule (\`id = ...\`, \`pattern = ...\` at the top) or \`[[rules]]\` tables`);
}

/** Compiles rules into transforms; an id taken by a transform or by another rule is an error. */
export async function ruleTransforms(rules: readonly RuleDefinition[], taken: readonly AnyTransform[]): Promise<AnyTransform[]> {
  if (rules.length === 0) return [];
  const parser = await loadPythonParser();
  const seen = new Map<string, string>(taken.map((t) => [t.id, 'a transform']));
  return rules.map((rule) => {
    const other = seen.get(rule.id);
    if (other) throw new ConfigError(`rule \`${rule.id}\` (${rule.origin}) has the id of ${other}`, 'rule ids must be unique among rules and transforms: rename one');
    seen.set(rule.id, `rule \`${rule.id}\` (${rule.origin})`);
    return ruleTransform(rule, parser);
  });
}
