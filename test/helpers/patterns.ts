// Pattern rules in tests: a rule from a plain object, run on a string the way a real run would.
import { loadPythonParser } from '../../src/core/parser.js';
import { transformSourceWith } from '../../src/core/transform-source.js';
import type { EngineOutcome } from '../../src/core/engine.js';
import { parseRule } from '../../src/patterns/rule.js';
import { ruleTransform } from '../../src/patterns/rule-transform.js';

export async function ruleFrom(table: Record<string, unknown>) {
  return ruleTransform(parseRule({ id: 'test-rule', ...table }, 'test'), await loadPythonParser());
}

/** Runs one rule over `source`; returns the engine's outcome. */
export async function applyRule(table: Record<string, unknown>, source: string, path = 'module.py'): Promise<EngineOutcome> {
  return transformSourceWith(source, { transforms: [await ruleFrom(table)], path });
}

/** The rewritten text (throws when the engine did not succeed). */
export async function rewrite(table: Record<string, unknown>, source: string): Promise<string> {
  const out = await applyRule(table, source);
  if (out.kind !== 'ok') throw new Error(`engine: ${out.kind}: ${out.message}`);
  return out.output;
}

/** The text of every match of `pattern` (a report-only rule). */
export async function matches(pattern: string, source: string, extra: Record<string, unknown> = {}): Promise<string[]> {
  const out = await applyRule({ pattern, ...extra }, source);
  if (out.kind !== 'ok') throw new Error(`engine: ${out.kind}: ${out.message}`);
  return out.findings.map((f) => f.text);
}
