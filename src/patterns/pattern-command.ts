// The one-off rule behind `pycodemod search -p` and `pycodemod rewrite -p -r`: a rule with the id
// `pattern`, so `# pycodemod: skip[pattern]` and `-v` work as for any rule.
import { loadPythonParser } from '../core/parser.js';
import type { AnyTransform } from '../core/types.js';
import { parseRule } from './rule.js';
import { ruleTransform } from './rule-transform.js';

export const PATTERN_RULE_ID = 'pattern';

export interface PatternCommand {
  pattern: string;
  rewrite?: string;
  qualified: boolean;
  imports: string[];
}

export async function patternTransform(c: PatternCommand): Promise<AnyTransform> {
  const rule = parseRule(
    {
      id: PATTERN_RULE_ID,
      pattern: c.pattern,
      ...(c.rewrite !== undefined ? { rewrite: c.rewrite } : {}),
      qualified: c.qualified,
      imports: c.imports,
    },
    c.rewrite !== undefined ? '-p/-r' : '-p',
  );
  return ruleTransform(rule, await loadPythonParser());
}
