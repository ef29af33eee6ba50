// `pycodemod --help` groups the flags by purpose; a flag without a group would land in "Options:".
import { describe, expect, it } from 'vitest';
import { runCli, tempProject } from './helpers/cli.js';

/** The help text's sections: heading -> the long flags listed under it. */
function sections(help: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of help.split('\n')) {
    if (/^\S.*:$/.test(line)) out.set(line, (current = []));
    else if (line.trim() === '') current = current && current.length ? undefined : current;
    const flag = /^ {2}(?:-\w, | {4})--([\w-]+)/.exec(line);
    if (flag && current) current.push(flag[1]!);
  }
  return out;
}

describe('pycodemod --help', () => {
  it('groups the flags by purpose, leaving only --version and --help ungrouped', async () => {
    const r = await runCli(['--help'], { cwd: tempProject({}) });
    expect(r.code).toBe(0);
    const groups = sections(r.stdout);
    groups.delete('Commands:');
    // A new flag must join a group (`.group()` in buildParser): ungrouped, it would land in "Options:".
    expect(groups.get('Options:'), 'a flag without a purpose group').toEqual(['version', 'help']);
    const expected: [string, string[]][] = [
      ['What to do (default: print the diff of what would change):', ['write', 'check', 'diff']],
      ['Output:', ['format', 'verbose', 'quiet', 'color']],
      ['Which transforms:', ['select', 'extend-select', 'ignore', 'transform']],
      ['Which files:', ['since', 'shard', 'exclude', 'extend-exclude', 'force-exclude', 'stdin-filename']],
      ['Settings (override pyproject.toml):', ['config', 'isolated', 'target-version', 'line-length', 'max-file-size']],
      ['Workers and cache:', ['jobs', 'cache', 'cache-dir']],
      ['Documentation and authoring (print, then exit):', ['list-transforms', 'explain', 'explain-imports', 'print-tree']],
    ];
    // In this order (other groups may come between), each with at least these flags.
    const headings = [...groups.keys()];
    expect(headings.filter((h) => expected.some(([e]) => e === h))).toEqual(expected.map(([h]) => h));
    for (const [heading, flags] of expected) expect(groups.get(heading), heading).toEqual(expect.arrayContaining(flags));
    expect(headings.at(-1)).toBe('Options:');
  });

  it('lists the subcommands, including the ones parsed on their own (new-transform, merge-reports)', async () => {
    const r = await runCli(['--help'], { cwd: tempProject({}) });
    expect(r.stdout).toMatch(/^Commands:\n {2}pycodemod new-transform <id> +Write a new codemod/m);
    expect(r.stdout).toMatch(/^ {2}pycodemod merge-reports <reports\.\.> +Merge the shards' JSON reports/m);
    const merge = await runCli(['merge-reports', '--help'], { cwd: tempProject({}) });
    expect(merge.code).toBe(0);
    expect(merge.stdout).toContain('pycodemod merge-reports REPORT.json... [-o FILE]');
  });
});
