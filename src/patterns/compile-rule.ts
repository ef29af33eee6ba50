// A rule definition, compiled and checked once per thread: its pattern, replacement, relational filters,
// constraints and imports. Anything that cannot work is a usage error (exit 2) naming the rule, where it
// is defined, and the position in the pattern.
import { UsageError } from '../core/errors.js';
import type { PythonParser } from '../core/parser.js';
import { placeholderVariable, substituteMetavariables, type Metavariable } from './metavariables.js';
import { compilePattern, PatternError, type CompiledPattern } from './pattern.js';
import { compileReplacement, type CompiledReplacement } from './replacement.js';
import { matchAt } from './match.js';
import type { RuleDefinition } from './rule.js';

export class RuleError extends UsageError {}

export type CompiledRelation = { pattern: CompiledPattern; kind?: undefined } | { kind: string; pattern?: undefined };

export interface CompiledConstraint {
  regex?: RegExp;
  notRegex?: RegExp;
  kinds?: Set<string>;
}

/** An import the rewrite needs: `import a.b [as c]` or `from m import n [as k]`. */
export type ImportSpec =
  | { from?: undefined; module: string; alias?: string }
  | { from: string; name: string; alias?: string };

export interface CompiledRule {
  definition: RuleDefinition;
  pattern: CompiledPattern;
  replacement?: CompiledReplacement;
  inside: CompiledRelation[];
  notInside: CompiledRelation[];
  has: CompiledRelation[];
  notHas: CompiledRelation[];
  constraints: Map<string, CompiledConstraint>;
  imports: ImportSpec[];
}

export function compileRule(rule: RuleDefinition, parser: PythonParser): CompiledRule {
  // A rule from the command line (`search -p`, `rewrite -p -r`) is named by its flags.
  const fromFlags = rule.origin.startsWith('-');
  const label = `rule \`${rule.id}\` (${rule.origin})`;
  const part = (what: string) => (fromFlags ? `the ${what} (${what === 'rewrite' ? '-r' : '-p'})` : `${label}: \`${what}\``);
  const compile = (text: string, what: string): CompiledPattern => {
    try {
      return compilePattern(text, parser, { qualified: rule.qualified });
    } catch (err) {
      if (err instanceof PatternError)
        throw new RuleError(`${part(what)} at line ${err.line}, column ${err.column}: ${err.message}`, 'patterns are Python with $A, $$$ARGS, $_ metavariables (see README "Pattern rewrites")');
      throw err;
    }
  };
  const kinds = namedKinds(parser);
  const relation = (what: string) => (r: RuleDefinition['inside'][number]): CompiledRelation => {
    if (r.kind !== undefined) {
      if (!kinds.has(r.kind)) throw new RuleError(`${label}: \`${what}\` names an unknown node kind \`${r.kind}\``, 'node kinds are tree-sitter-python\'s (`function_definition`, `call`, ...); see `pycodemod --print-tree FILE`');
      return { kind: r.kind };
    }
    // A bare word that is a node kind (`function_definition`) means the kind, as the issue's syntax reads.
    if (/^[a-z_]+$/.test(r.pattern) && kinds.has(r.pattern) && r.pattern.includes('_')) return { kind: r.pattern };
    return { pattern: compile(r.pattern, what) };
  };

  const pattern = compile(rule.pattern, 'pattern');
  const inside = rule.inside.map(relation('inside'));
  const has = rule.has.map(relation('has'));
  const notInside = rule.notInside.map(relation('not-inside'));
  const notHas = rule.notHas.map(relation('not-has'));

  // Metavariables the rewrite and the constraints may name: the pattern's and the positive relations'.
  const variables = new Map<string, Metavariable>(pattern.variables);
  for (const r of [...inside, ...has]) if (r.pattern) for (const [name, v] of r.pattern.variables) if (!variables.has(name)) variables.set(name, v);

  const constraints = new Map<string, CompiledConstraint>();
  for (const [name, c] of Object.entries(rule.constraints)) {
    if (!variables.has(name)) throw new RuleError(`${label}: the constraint on \`$${name}\` names no metavariable of the pattern`, `the pattern's metavariables: ${[...variables.keys()].map((n) => `$${n}`).join(', ') || 'none'}`);
    for (const k of c.kind ?? []) if (!kinds.has(k)) throw new RuleError(`${label}: the constraint on \`$${name}\` names an unknown node kind \`${k}\``);
    constraints.set(name, {
      regex: c.regex !== undefined ? new RegExp(c.regex, 'u') : undefined,
      notRegex: c.notRegex !== undefined ? new RegExp(c.notRegex, 'u') : undefined,
      kinds: c.kind ? new Set(c.kind) : undefined,
    });
  }

  const imports = rule.imports.flatMap((text) => parseImport(text, label));
  let replacement: CompiledReplacement | undefined;
  if (rule.rewrite !== undefined) {
    try {
      replacement = compileReplacement(rule.rewrite, variables, parser, rule.qualified ? respelledRoots(pattern, imports) : undefined);
    } catch (err) {
      if (err instanceof PatternError) throw new RuleError(`${part('rewrite')} at line ${err.line}, column ${err.column}: ${err.message}`);
      throw err;
    }
    // A rewrite that the pattern matches again never settles (`print($$$A)` -> `print($$$A, flush=True)`):
    // every pass would rewrite it once more. Filters can prevent that, so only an unfiltered rule is checked.
    const unfiltered = !inside.length && !has.length && !notInside.length && !notHas.length && !constraints.size;
    if (unfiltered && rematches(pattern, rule.rewrite, parser))
      throw new RuleError(`${label}: the rewrite matches the pattern again, so it would never settle`, 'add a `not-has`/`not-inside` filter or a constraint that tells the rewritten code apart');
  } else if (rule.imports.length || rule.removeUnusedImports.length) {
    throw new RuleError(`${label}: \`imports\` and \`remove-unused-imports\` need a \`rewrite\``);
  }

  return {
    definition: rule,
    pattern,
    replacement,
    inside,
    notInside,
    has,
    notHas,
    constraints,
    imports,
  };
}

/**
 * With `qualified`: the first parts of dotted names a replacement writes as qualified names (the modules
 * the pattern names, and those the rule imports with `import x`); each file gets its own spelling.
 */
function respelledRoots(pattern: CompiledPattern, imports: readonly ImportSpec[]): Set<string> {
  const roots = new Set<string>();
  const walk = (n: CompiledPattern['root']) => {
    if (n.kind === 'name') roots.add(n.qualified.split('.')[0]!);
    else if (n.kind === 'node') n.children.forEach(walk);
  };
  walk(pattern.root);
  for (const spec of imports) if (spec.from === undefined && !spec.alias) roots.add(spec.module.split('.')[0]!);
  return roots;
}

/**
 * True when the replacement, read as code (metavariables as names), holds a match of the pattern: the
 * next pass would rewrite it again (`foo($A)` -> `bar(foo($A))` nests forever).
 */
function rematches(pattern: CompiledPattern, rewrite: string, parser: PythonParser): boolean {
  const tree = parser.parse(substituteMetavariables(rewrite).text);
  try {
    if (tree.rootNode.hasError) return false; // no standalone code: nothing to compare
    const cursor = tree.walk();
    try {
      for (;;) {
        const node = cursor.currentNode;
        // A placeholder alone is the captured code itself, which the pattern matched already.
        if (cursor.nodeIsNamed && node.type !== 'module' && !placeholderVariable(node.text) && matchAt(pattern, node)) return true;
        if (cursor.gotoFirstChild()) continue;
        while (!cursor.gotoNextSibling()) if (!cursor.gotoParent()) return false;
      }
    } finally {
      cursor.delete();
    }
  } finally {
    tree.delete();
  }
}

const IMPORT = /^import\s+([A-Za-z_][\w.]*)(?:\s+as\s+([A-Za-z_]\w*))?$/;
const FROM_IMPORT = /^from\s+([A-Za-z_][\w.]*)\s+import\s+(.+)$/;
const NAME = /^([A-Za-z_]\w*)(?:\s+as\s+([A-Za-z_]\w*))?$/;

/** `import a.b`, `import a as b`, `from m import x, y as z`; relative imports are refused. */
export function parseImport(text: string, label: string): ImportSpec[] {
  const t = text.trim();
  const plain = IMPORT.exec(t);
  if (plain) return [{ module: plain[1]!, alias: plain[2] }];
  const from = FROM_IMPORT.exec(t);
  if (from) {
    const names = from[2]!.replace(/^\((.*)\)$/s, '$1').split(',').map((n) => n.trim()).filter(Boolean);
    const specs = names.map((n) => NAME.exec(n));
    if (specs.length > 0 && specs.every(Boolean)) return specs.map((m) => ({ from: from[1]!, name: m![1]!, alias: m![2] }));
  }
  throw new RuleError(`${label}: \`imports\` entry \`${text}\` is not an absolute \`import x\` or \`from x import y\``);
}

let kindCache: Set<string> | undefined;

/** Every named node kind of tree-sitter-python. */
export function namedKinds(parser: PythonParser): Set<string> {
  if (kindCache) return kindCache;
  const lang = parser.language;
  const kinds = new Set<string>();
  for (let id = 0; id < lang.nodeTypeCount; id++) {
    const name = lang.nodeTypeForId(id);
    if (name && lang.nodeTypeIsNamed(id)) kinds.add(name);
  }
  return (kindCache = kinds);
}
