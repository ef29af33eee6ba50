// The typing transforms' default selection, through the CLI: modern-typing runs by default; future-annotations
// and return-annotations run only when selected (--extend-select, extend-select in pyproject.toml, ALL), and
// then all three work together in one run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempProject } from './helpers/cli.js';

const SOURCE = '"""Orders."""\nfrom typing import List, Optional\n\n\ndef find(ids: List[int], name: Optional[str] = None):\n    print(ids, name)\n';
// group-imports (on by default) lays out the blank lines the removed typing import leaves.
const BOTH = '"""Orders."""\nfrom __future__ import annotations\n\n\ndef find(ids: list[int], name: str | None = None) -> None:\n    print(ids, name)\n';

describe('typing transforms: on and off by default', () => {
  it('by default only modern-typing runs: no future import, no return annotation', async () => {
    const dir = tempProject({ 'mod.py': SOURCE, 'pyproject.toml': '[tool.pycodemod]\ntarget-version = "py310"\n' });
    const r = await runCli(['--write', '--ignore', 'print-to-logging,group-imports'], { cwd: dir });
    expect(r.code).toBe(0);
    const out = readFileSync(join(dir, 'mod.py'), 'utf8');
    expect(out).toBe('"""Orders."""\n\n\ndef find(ids: list[int], name: str | None = None):\n    print(ids, name)\n');
    expect(r.stderr).not.toMatch(/future-annotations|return-annotations/);
  });

  it('--extend-select adds both; with the future import modern-typing rewrites the annotations on py39', async () => {
    const dir = tempProject({ 'mod.py': SOURCE, 'pyproject.toml': '[tool.pycodemod]\ntarget-version = "py39"\n' });
    const r = await runCli(['--write', '--select', 'modern-typing,group-imports', '--extend-select', 'future-annotations,return-annotations'], { cwd: dir });
    expect(r.code).toBe(0);
    // The first pass adds the import; the next rewrites what it allows.
    expect(readFileSync(join(dir, 'mod.py'), 'utf8')).toBe(BOTH);
  });

  it('extend-select in pyproject.toml, and ALL, select them too', async () => {
    const config = '[tool.pycodemod]\ntarget-version = "py39"\nselect = ["modern-typing", "group-imports"]\nextend-select = ["future-annotations", "return-annotations"]\n';
    const dir = tempProject({ 'mod.py': SOURCE, 'pyproject.toml': config });
    expect((await runCli(['--write'], { cwd: dir })).code).toBe(0);
    expect(readFileSync(join(dir, 'mod.py'), 'utf8')).toBe(BOTH);
    const all = tempProject({ 'mod.py': SOURCE, 'pyproject.toml': '[tool.pycodemod]\ntarget-version = "py39"\n' });
    const r = await runCli(['--select', 'ALL'], { cwd: all });
    expect(r.stderr).toMatch(/future-annotations 1/);
    expect(r.stderr).toMatch(/return-annotations 1/);
  });
});
