// The scope model against Python's own symbol tables: for every binding-form and visibility case of
// test/scope-binding-forms.test.ts, python3's `symtable` says whether the name is bound where `use(` is
// called, and the model must say the same. (PEP 695 syntax is newer than this python3: those cases are
// reported unsupported and only they may be.)
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BINDING_FORM_CASES, VISIBILITY_CASES, modelAt } from './helpers/scope-cases.js';

const CASES = [
  ...BINDING_FORM_CASES.map(([form, source, name]) => ({ form, source, name })),
  ...VISIBILITY_CASES.map(([form, source, name]) => ({ form, source, name })),
];

function pythonAnswers(): string[] {
  const r = spawnSync('python3', [join(import.meta.dirname, 'helpers', 'python-scope.py')], {
    input: JSON.stringify(CASES.map(({ source, name }) => ({ source, name }))),
    encoding: 'utf8',
  });
  if (r.error) throw r.error;
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as string[];
}

describe('ScopeModel agrees with python3 symtable', () => {
  const answers = pythonAnswers();
  it.each(CASES.map((c, i) => [c.form, c, answers[i]!] as const))('%s', async (_form, c, answer) => {
    if (answer === 'unsupported') {
      expect(c.source).toMatch(/\b(def|class) \w+\[|^type |\ntype /);
      return;
    }
    const { model, node } = await modelAt(c.source);
    expect(model.bindingSites(c.name, node).length > 0 ? 'bound' : 'builtin').toBe(answer);
  });
});
