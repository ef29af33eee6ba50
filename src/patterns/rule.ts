// A pattern rule as data: what a `[[tool.pycodemod.rules]]` table or a rule file holds, validated.
// Plain data (no functions) so a worker thread rebuilds the same transform from it.
import { ConfigError } from '../core/errors.js';

/** `inside`, `not-inside`, `has`, `not-has`: a pattern, or a tree-sitter node kind. */
export type Relation = { pattern: string; kind?: undefined } | { kind: string; pattern?: undefined };

export interface Constraint {
  /** The captured text must contain a match of this regular expression (JavaScript syntax). */
  regex?: string;
  /** ...and must not contain one of this. */
  notRegex?: string;
  /** The captured node's kind (each node's, for `$$$A`) must be one of these. */
  kind?: string[];
}

export interface RuleTest {
  input: string;
  output: string;
}

export interface RuleDefinition {
  id: string;
  pattern: string;
  /** Without a rewrite the rule only reports (and makes `--check` fail). */
  rewrite?: string;
  message?: string;
  /** A longer explanation for `--explain`. */
  note?: string;
  qualified: boolean;
  /** Imports the rewrite needs (`import x`, `from x import y`), added when a match is rewritten. */
  imports: string[];
  /** Modules or names whose imports are removed once the rewrite leaves them unused. */
  removeUnusedImports: string[];
  inside: Relation[];
  notInside: Relation[];
  has: Relation[];
  notHas: Relation[];
  constraints: Record<string, Constraint>;
  /** Off: runs only when selected (`--select`, `--extend-select`, `ALL`). */
  enabled: boolean;
  /** Code the rule must leave alone / must flag or rewrite; input -> output pairs. */
  valid: string[];
  invalid: string[];
  tests: RuleTest[];
  /** Where it was defined, for messages: a file, and the table within it. */
  origin: string;
}

type Table = Record<string, unknown>;

const KEYS = [
  'id', 'pattern', 'rewrite', 'message', 'note', 'qualified', 'imports', 'remove-unused-imports', 'inside', 'not-inside',
  'has', 'not-has', 'constraints', 'enabled', 'valid', 'invalid', 'tests',
] as const;
const CONSTRAINT_KEYS = ['regex', 'not-regex', 'kind'];

/** Rule ids: what `--select` and `# pycodemod: skip[...]` name. */
export const RULE_ID = /^[A-Za-z][A-Za-z0-9_.-]*$/;

/** Validates one rule table; `origin` says where it is ("rules/dates.toml", "[[tool.pycodemod.rules]] #2 in pyproject.toml"). */
export function parseRule(value: unknown, origin: string): RuleDefinition {
  if (!isTable(value)) throw new ConfigError(`${origin}: a rule must be a table, got ${JSON.stringify(value)}`);
  const where = typeof value.id === 'string' ? `rule \`${value.id}\` (${origin})` : origin;
  for (const key of Object.keys(value)) {
    if (!(KEYS as readonly string[]).includes(key)) {
      const hint = key.includes('_') ? `did you mean \`${key.replace(/_/g, '-')}\`? keys are kebab-case` : `known keys: ${KEYS.join(', ')}`;
      throw new ConfigError(`${where}: unknown key \`${key}\``, hint);
    }
  }
  const str = (key: string, required = false): string | undefined => {
    const v = value[key];
    if (v === undefined && !required) return undefined;
    if (typeof v !== 'string' || (required && v.trim() === '')) throw new ConfigError(`${where}: \`${key}\` must be a ${required ? 'non-empty ' : ''}string, got ${JSON.stringify(v)}`);
    return v;
  };
  const bool = (key: string, fallback: boolean): boolean => {
    const v = value[key];
    if (v === undefined) return fallback;
    if (typeof v !== 'boolean') throw new ConfigError(`${where}: \`${key}\` must be true or false, got ${JSON.stringify(v)}`);
    return v;
  };
  const strings = (key: string): string[] => {
    const v = value[key];
    if (v === undefined) return [];
    const list = typeof v === 'string' ? [v] : v;
    if (!Array.isArray(list) || !list.every((s) => typeof s === 'string'))
      throw new ConfigError(`${where}: \`${key}\` must be a list of strings, got ${JSON.stringify(v)}`);
    return list as string[];
  };
  const relations = (key: string): Relation[] => {
    const v = value[key];
    if (v === undefined) return [];
    return (Array.isArray(v) ? v : [v]).map((r) => {
      if (typeof r === 'string') return { pattern: r };
      if (isTable(r)) {
        const keys = Object.keys(r);
        if (keys.length === 1 && typeof r.pattern === 'string') return { pattern: r.pattern };
        if (keys.length === 1 && typeof r.kind === 'string') return { kind: r.kind };
      }
      throw new ConfigError(`${where}: \`${key}\` must be a pattern, \`{ kind = "..." }\`, \`{ pattern = "..." }\`, or a list of them; got ${JSON.stringify(r)}`);
    });
  };

  const id = str('id', true)!;
  if (!RULE_ID.test(id)) throw new ConfigError(`${origin}: rule id \`${id}\` must start with a letter and hold only letters, digits, \`_\`, \`.\`, \`-\``);

  const constraints: Record<string, Constraint> = {};
  const rawConstraints = value.constraints;
  if (rawConstraints !== undefined) {
    if (!isTable(rawConstraints)) throw new ConfigError(`${where}: \`constraints\` must be a table of metavariable names`);
    for (const [name, c] of Object.entries(rawConstraints)) {
      const label = `${where}: constraint \`${name}\``;
      if (!/^\$*[A-Z0-9_]+$/.test(name)) throw new ConfigError(`${label}: name a metavariable (\`A\` or \`$A\`)`);
      if (!isTable(c)) throw new ConfigError(`${label} must be a table (\`{ regex = "...", kind = "..." }\`)`);
      for (const k of Object.keys(c))
        if (!CONSTRAINT_KEYS.includes(k)) throw new ConfigError(`${label}: unknown key \`${k}\``, `known keys: ${CONSTRAINT_KEYS.join(', ')}`);
      const constraint: Constraint = {};
      for (const [k, field] of [['regex', 'regex'], ['not-regex', 'notRegex']] as const) {
        if (c[k] === undefined) continue;
        if (typeof c[k] !== 'string') throw new ConfigError(`${label}: \`${k}\` must be a string`);
        try {
          new RegExp(c[k] as string, 'u');
        } catch (err) {
          throw new ConfigError(`${label}: \`${k}\` is not a valid regular expression: ${(err as Error).message}`);
        }
        constraint[field] = c[k] as string;
      }
      if (c.kind !== undefined) {
        const kinds = typeof c.kind === 'string' ? [c.kind] : c.kind;
        if (!Array.isArray(kinds) || !kinds.every((k) => typeof k === 'string')) throw new ConfigError(`${label}: \`kind\` must be a node kind or a list of them`);
        constraint.kind = kinds as string[];
      }
      constraints[name.replace(/^\$+/, '')] = constraint;
    }
  }

  const tests: RuleTest[] = [];
  const rawTests = value.tests;
  if (rawTests !== undefined) {
    if (!Array.isArray(rawTests)) throw new ConfigError(`${where}: \`tests\` must be an array of tables (\`[[...tests]]\` with \`input\` and \`output\`)`);
    rawTests.forEach((t, i) => {
      if (!isTable(t) || typeof t.input !== 'string' || typeof t.output !== 'string' || Object.keys(t).some((k) => k !== 'input' && k !== 'output'))
        throw new ConfigError(`${where}: test #${i + 1} must have exactly \`input\` and \`output\` strings`);
      tests.push({ input: t.input, output: t.output });
    });
  }

  return {
    id,
    pattern: str('pattern', true)!,
    rewrite: str('rewrite'),
    message: str('message'),
    note: str('note'),
    qualified: bool('qualified', false),
    imports: strings('imports'),
    removeUnusedImports: strings('remove-unused-imports'),
    inside: relations('inside'),
    notInside: relations('not-inside'),
    has: relations('has'),
    notHas: relations('not-has'),
    constraints,
    enabled: bool('enabled', true),
    valid: strings('valid'),
    invalid: strings('invalid'),
    tests,
    origin,
  };
}

function isTable(v: unknown): v is Table {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
