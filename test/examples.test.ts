// The examples in examples/codemods are written and tested as an author would, against the package's
// public API ('pycodemod', 'pycodemod/testing': the built dist/, which `npm ci` builds); their own test
// files run here, as part of `npm test`.
import '../examples/codemods/datetime-utcnow.test.js';
import '../examples/codemods/rename-function.test.js';
import '../examples/codemods/behaviour.test.js';

// The README's "Write your own codemod" walk-through, as a user runs it: the example loaded with -t.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempProject } from './helpers/cli.js';

const EXAMPLE = join(import.meta.dirname, '..', 'examples', 'codemods', 'datetime-utcnow.ts');
const JOBS = 'from datetime import datetime\n\nstarted = datetime.utcnow()\n';

describe('the walk-through: datetime-utcnow with -t', () => {
  it('shows the dry-run diff, fails --check, writes with --write', { timeout: 120_000 }, async () => {
    const dir = tempProject({ 'app/jobs.py': JOBS, 'app/other.py': 'x = 1\n' });
    const dry = await runCli(['-t', EXAMPLE, '--no-cache', 'app/'], { cwd: dir });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toBe(
      [
        '--- a/app/jobs.py',
        '+++ b/app/jobs.py',
        '@@ -1,3 +1,3 @@',
        '-from datetime import datetime',
        '+from datetime import datetime, timezone',
        ' ',
        '-started = datetime.utcnow()',
        '+started = datetime.now(timezone.utc)',
        '',
      ].join('\n'),
    );
    expect((await runCli(['-t', EXAMPLE, '--no-cache', '--check', 'app/'], { cwd: dir })).code).toBe(1);
    expect((await runCli(['-t', EXAMPLE, '--no-cache', '--write', 'app/'], { cwd: dir })).code).toBe(0);
    expect(readFileSync(join(dir, 'app/jobs.py'), 'utf8')).toBe('from datetime import datetime, timezone\n\nstarted = datetime.now(timezone.utc)\n');
  });

  it('--explain prints its docs, with the behaviour change', { timeout: 120_000 }, async () => {
    const dir = tempProject({});
    const r = await runCli(['-t', EXAMPLE, '--explain', 'datetime-utcnow'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/BEHAVIOUR CHANGE: `utcnow\(\)` returns a naive datetime/);
    expect(r.stdout).toMatch(/naive/);
  });

  it('takes its options from pyproject.toml, validated', { timeout: 120_000 }, async () => {
    const config = '[tool.pycodemod]\nplugins = ["codemods/datetime-utcnow.ts"]\n\n[tool.pycodemod.datetime-utcnow]\nnaive = true\n';
    const dir = tempProject({
      'pyproject.toml': config,
      'codemods/datetime-utcnow.ts': readFileSync(EXAMPLE, 'utf8'),
      'app/jobs.py': JOBS,
    });
    const r = await runCli(['--no-cache', '--select', 'datetime-utcnow', 'app/'], { cwd: dir });
    expect(r.stdout).toContain('+started = datetime.now(timezone.utc).replace(tzinfo=None)');
    const bad = tempProject({ 'pyproject.toml': config.replace('naive = true', 'naive = "yes"'), 'codemods/datetime-utcnow.ts': readFileSync(EXAMPLE, 'utf8') });
    const err = await runCli(['--no-cache', '.'], { cwd: bad });
    expect(err.code).toBe(2);
    expect(err.stderr).toMatch(/naive.*must be a boolean/);
  });
});
