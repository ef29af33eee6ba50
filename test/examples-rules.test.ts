// examples/rules: real upgrade rules with their own tests (run through `pycodemod test-rules`, as CI
// does), and the sceptic's check that their rewrites keep programs' behaviour.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { transformSourceWith } from '../src/core/transform-source.js';
import { resolveRegistry } from '../src/runner/run.js';
import { ruleOf } from '../src/patterns/rule-transform.js';

const DIR = join(import.meta.dirname, '..', 'examples', 'rules');

describe('examples/rules', () => {
  it('every rule passes its tests, and each has some', async () => {
    const r = await runCli(['test-rules'], { cwd: DIR });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    const rules = lines.filter((l) => /^(ok|FAIL)/.test(l));
    expect(rules.length).toBeGreaterThanOrEqual(5);
    for (const l of rules) expect(l).toMatch(/^ok {3}\S+ .*: (\d+)\/\1 passed$/);
    expect(lines.at(-1)).toMatch(/ 0 failed$/);
  });

  it('rewrites keep what a program prints', async () => {
    const { registry } = await resolveRegistry({ cwd: DIR });
    const rules = registry.filter((t) => ruleOf(t));
    const program = [
      'import collections',
      'import logging',
      'import sys',
      'import unittest',
      'from typing import Optional, Text',
      '',
      'logging.basicConfig(stream=sys.stdout, format="%(levelname)s %(message)s")',
      'log = logging.getLogger("demo")',
      '',
      '',
      'def describe(value: Text, extra: Optional[Text] = None) -> Text:',
      '    kind = "mapping" if isinstance(value, collections.abc.Mapping if False else collections.Mapping) else "other"',
      '    log.warn("described %s", kind)',
      '    return f"{value!r}: {kind} {extra or \'\'}"',
      '',
      '',
      'class T(unittest.TestCase):',
      '    def test_all(self):',
      '        self.assertEquals(describe({}), "{}: mapping ")',
      '        self.assertNotEquals(1, 2)',
      '        self.assertAlmostEquals(0.1 + 0.2, 0.3)',
      '        self.assert_(True)',
      '        self.failIf(False)',
      '        self.assertRaisesRegexp(ValueError, "bad", int, "bad")',
      '        self.assertRegexpMatches("abc", "b")',
      '',
      '',
      'print(describe("x"), describe({1: 2}, "y"))',
      'result = unittest.TextTestRunner(stream=sys.stdout, verbosity=0).run(unittest.defaultTestLoader.loadTestsFromTestCase(T))',
      'print(result.testsRun, len(result.failures), len(result.errors))',
      '',
    ].join('\n');
    // collections.Mapping is gone in Python 3.10+: the "before" program gets it back for the comparison.
    const shim = 'import collections, collections.abc\ncollections.Mapping = collections.abc.Mapping\n';
    const out = await transformSourceWith(program, { transforms: rules, path: 'demo.py' });
    if (out.kind !== 'ok') throw new Error(`${out.kind}: ${out.message}`);
    expect(out.output).not.toMatch(/assertEquals|assertNotEquals|assertAlmostEquals|assert_\(|failIf|Regexp|\.warn\(|\bText\b|collections\.Mapping\b/);
    // (unittest prints its run time: not part of the behaviour.)
    const run = (code: string) => {
      const r = spawnSync('python3', ['-W', 'ignore', '-c', code], { encoding: 'utf8' });
      return { ...r, stdout: r.stdout.replace(/ in [\d.]+s\n/, '\n') };
    };
    const before = run(shim + program);
    const after = run(out.output);
    expect(before.stderr).toBe('');
    expect(after.stderr).toBe('');
    expect(before.stdout).toContain('\n1 0 0\n');
    expect(after.stdout).toBe(before.stdout);
  });
});
