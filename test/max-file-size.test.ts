// `max-file-size` (issue 11, item 12): files over the limit are skipped with a clear reason, unread and
// untouched, in-process and in workers, from the command line, the config file and stdin.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatByteSize, parseByteSize } from '../src/core/byte-size.js';
import { DEFAULT_MAX_FILE_SIZE } from '../src/core/settings.js';
import { runCli, tempProject } from './helpers/cli.js';

const NEEDS_CHANGE = 'def f(x=[]):\n    return x\n';

describe('max-file-size', () => {
  it.each([['1'], ['2']])('skips a file over --max-file-size with the reason and leaves it untouched (-j %s)', async (jobs) => {
    const big = NEEDS_CHANGE + '#'.repeat(2000) + '\n';
    const files: Record<string, string> = { 'big.py': big };
    // Enough small files that -j 2 really starts workers.
    for (let i = 0; i < 60; i++) files[`small${i}.py`] = NEEDS_CHANGE;
    const dir = tempProject(files);
    const r = await runCli(['--isolated', '--no-cache', '--write', '-j', jobs, '--max-file-size', '1KB', '.'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`big.py: skipped: file is ${formatByteSize(big.length)}, over max-file-size (1 kB); not processed (raise \`max-file-size\` to include it)`);
    expect(r.stderr).toMatch(/60 files changed, 0 unchanged, 1 skipped \(too-large: 1\)/);
    expect(readFileSync(join(dir, 'big.py'), 'utf8')).toBe(big);
    expect(readFileSync(join(dir, 'small0.py'), 'utf8')).not.toBe(NEEDS_CHANGE);
  });

  it('reads the limit from [tool.pycodemod]; the flag overrides it; 0 means no limit', async () => {
    const dir = tempProject({ 'pyproject.toml': '[tool.pycodemod]\nmax-file-size = "20 bytes"\n', 'mod.py': NEEDS_CHANGE });
    const fromConfig = await runCli(['--no-cache', '--format', 'json', '.'], { cwd: dir });
    const file = JSON.parse(fromConfig.stdout).files[0];
    expect(file).toMatchObject({ path: 'mod.py', status: 'skipped', reason: expect.stringMatching(/^too-large: file is 26 bytes, over max-file-size \(20 bytes\)/) });
    const unlimited = await runCli(['--no-cache', '--check', '--max-file-size', '0', '.'], { cwd: dir });
    expect(unlimited).toMatchObject({ code: 1, stdout: 'mod.py\n' });
  });

  it('applies to stdin too (the source passes through unchanged)', async () => {
    const dir = tempProject({});
    const r = await runCli(['--isolated', '--max-file-size', '10', '-', '--stdin-filename', 'm.py'], { cwd: dir, stdin: NEEDS_CHANGE });
    expect(r).toMatchObject({ code: 0, stdout: NEEDS_CHANGE });
    expect(r.stderr).toMatch(/m\.py: skipped: file is 26 bytes, over max-file-size \(10 bytes\)/);
  });

  it('refuses files over 10 MB by default, without reading them', async () => {
    expect(DEFAULT_MAX_FILE_SIZE).toBe(10_000_000);
    const dir = tempProject({ 'ok.py': NEEDS_CHANGE });
    writeFileSync(join(dir, 'huge.py'), Buffer.alloc(DEFAULT_MAX_FILE_SIZE + 1, 0x23)); // '#' x 10 MB
    const r = await runCli(['--isolated', '--no-cache', '--check', '.'], { cwd: dir });
    expect(r.code).toBe(1); // ok.py needs a change; huge.py is only skipped
    expect(r.stderr).toContain('huge.py: skipped: file is 10.0 MB, over max-file-size (10 MB)');
  });

  it('rejects values that are not sizes, naming the flag or the file', async () => {
    const dir = tempProject({ 'pyproject.toml': '[tool.pycodemod]\nmax-file-size = -5\n', 'mod.py': NEEDS_CHANGE });
    const bad = await runCli(['--no-cache', '.'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/`max-file-size` in \[tool\.pycodemod\] in .*pyproject\.toml must be a number of bytes or a size such as "10MB"/);
    const flag = await runCli(['--isolated', '--max-file-size', 'big', '.'], { cwd: dir });
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/--max-file-size must be a number of bytes or a size/);
  });

  it('reads sizes with decimal and binary units', () => {
    expect(['0', '512', '500KB', '10 MB', '1.5mb', '1KiB', '2MiB', '1GB'].map(parseByteSize)).toEqual([0, 512, 500_000, 10_000_000, 1_500_000, 1024, 2 * 1024 * 1024, 1e9]);
    expect([-1, 1.5, 'ten', '10 XB', '', '5 M B'].map(parseByteSize)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });
});
