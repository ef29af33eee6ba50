// future-annotations behaviour (python3): where the import is added the program prints the same, and
// typing.get_type_hints resolves every annotation to the same object; where it is refused, adding it by hand
// really breaks the program (each refusal is checked against the break it prevents).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import futureAnnotations from '../transforms/future-annotations/index.js';
import { transformSourceWith } from '../src/core/transform-source.js';
import type { TargetVersion } from '../src/core/settings.js';
import { annotatedModule } from './helpers/typing-programs.js';

async function rewrite(source: string, targetVersion: TargetVersion = 'py39', mode = 'when-useful') {
  const r = await transformSourceWith(source, {
    path: 'prog.py',
    transforms: [futureAnnotations],
    settings: { targetVersion, transformOptions: { 'future-annotations': { mode } } },
  });
  if (r.kind !== 'ok') throw new Error(JSON.stringify(r));
  return { output: r.output, skips: r.skips.map((s) => s.reason) };
}

function python(main: string, files: Record<string, string> = {}): { output: string; status: number | null } {
  const dir = mkdtempSync(join(tmpdir(), 'pycodemod-fa-'));
  try {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    writeFileSync(join(dir, 'prog.py'), main);
    const r = spawnSync('python3', ['-X', 'utf8', 'prog.py'], { cwd: dir, encoding: 'utf8' });
    return { output: r.stdout + r.stderr.replace(/File "[^"]*"/g, 'File'), status: r.status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const FORCED = 'from __future__ import annotations\n';

describe('future-annotations behaviour (python3)', () => {
  it('the program prints the same, and get_type_hints resolves every annotation to the same objects', async () => {
    const program = annotatedModule('\nlimit: Optional[int] = 3\nprint(Config(), [f.name for f in dataclasses.fields(Config)], Row("k"), parse("12"), limit)\n');
    const { output } = await rewrite(program);
    expect(output).toContain('"""A module with annotations of every kind."""\nfrom __future__ import annotations\n\nimport dataclasses');
    // Another module reads the annotations: the same objects, once resolved.
    const reader = 'import typing, mod\nfor obj in (mod.Config, mod.Row, mod.parse, mod):\n    print(getattr(obj, "__name__", obj), typing.get_type_hints(obj))\n';
    const before = python(reader, { 'mod.py': program });
    expect(before.status).toBe(0);
    expect(python(reader, { 'mod.py': output })).toEqual(before);
    expect(before.output).toContain("parse {'text': typing.Optional[str], 'base': <class 'int'>, 'return': typing.Optional[int]}");
  });

  it('refused: a dataclass ClassVar spelled te.ClassVar (typing_extensions) would become a field (a mutable default: ValueError)', async () => {
    const program = 'import dataclasses\nfrom typing import Optional\n\nimport typing_extensions as te\n\n\n@dataclasses.dataclass\nclass Settings:\n    registry: te.ClassVar[dict] = {}\n    name: Optional[str] = None\n\n\nprint([f.name for f in dataclasses.fields(Settings)])\n';
    const files = { 'typing_extensions.py': 'from typing import *\nfrom typing import ClassVar\n' };
    const { output, skips } = await rewrite(program);
    expect(output).toBe(program);
    expect(skips[0]).toMatch(/dataclass `Settings` annotates a field `te.ClassVar\[dict\]`/);
    expect(python(program, files).output).toBe("['name']\n");
    expect(python(FORCED + program, files).output).toContain('ValueError: mutable default');
    // Spelled through typing itself, the string is recognised: the import is added and the class stays the same.
    const typed = program.replace('import typing_extensions as te', 'import typing as te');
    const added = await rewrite(typed);
    expect(added.output).toBe(FORCED + '\n' + typed);
    expect(python(added.output).output).toBe("['name']\n");
  });

  it('refused: singledispatch registering a class defined in a function fails under postponed evaluation', async () => {
    const program = String.raw`from functools import singledispatch
from typing import Optional


@singledispatch
def show(value: object) -> Optional[str]:
    return None


def build():
    class Local:
        pass

    @show.register
    def _(value: Local) -> Optional[str]:
        return "local"

    return Local()


print(show(build()))
`;
    const { output, skips } = await rewrite(program);
    expect(output).toBe(program);
    expect(skips[0]).toMatch(/`show.register` \(line 14\) registers by the annotation/);
    expect(python(program).output).toBe('local\n');
    expect(python(FORCED + program).output).toMatch(/NameError: name 'Local' is not defined/);
  });

  it('refused: get_type_hints on a function whose annotation names a local class fails under postponed evaluation', async () => {
    const program = 'import typing\nfrom typing import Optional\n\n\ndef build():\n    class Local:\n        pass\n\n    def handler(value: Optional[Local]) -> None:\n        pass\n\n    return typing.get_type_hints(handler)\n\n\nprint(sorted(build()))\n';
    const { output, skips } = await rewrite(program);
    expect(output).toBe(program);
    expect(skips[0]).toMatch(/reads annotations at run time \(`get_type_hints` at line 12\)/);
    expect(python(program).output).toBe("['return', 'value']\n");
    expect(python(FORCED + program).output).toMatch(/NameError: name 'Local' is not defined/);
  });

  it('refused: a FastAPI-shaped app (routes made in a factory, their signatures evaluated) breaks under postponed evaluation', async () => {
    // A stand-in for FastAPI: the route decorator evaluates the endpoint's signature, as FastAPI does.
    const fastapi = 'import typing\n\nclass FastAPI:\n    def get(self, path):\n        def register(func):\n            self.hints = typing.get_type_hints(func)\n            return func\n        return register\n';
    const program = String.raw`from typing import Optional

from fastapi import FastAPI


def create_app():
    class Item:
        pass

    app = FastAPI()

    @app.get("/items")
    def read(item: Optional[Item] = None) -> Optional[Item]:
        return item

    return app


print(sorted(create_app().hints))
`;
    const files = { 'fastapi/__init__.py': fastapi };
    const { output, skips } = await rewrite(program);
    expect(output).toBe(program);
    expect(skips[0]).toMatch(/the module imports `fastapi`/);
    expect(python(program, files).output).toBe("['item', 'return']\n");
    expect(python(FORCED + program, files).output).toMatch(/NameError: name 'Item' is not defined/);
  });
  it('the docstring as Python sees it: implicitly concatenated strings are the docstring, an f-string is not', async () => {
    const body = 'from typing import Optional\n\n\ndef find(order_id: Optional[int]) -> None:\n    pass\n\n\nprint(repr(__doc__))\n';
    // Concatenated docstring sharing its line: the import cannot go before it (__doc__ would become None).
    const concatenated = '"""Orders """ "(concatenated)"; import logging\n' + body;
    const refused = await rewrite(concatenated);
    expect(refused.output).toBe(concatenated);
    expect(refused.skips[0]).toMatch(/the module docstring shares its line with code/);
    expect(python(concatenated).output).toBe("'Orders (concatenated)'\n");
    // An f-string is never a docstring: the import goes before it and __doc__ stays None.
    const fstring = 'f"not a docstring"; import logging\n' + body;
    const { output } = await rewrite(fstring);
    expect(output).toBe('from __future__ import annotations\n\n' + fstring);
    expect(python(output).output).toBe(python(fstring).output);
    expect(python(output).output).toBe('None\n');
    // A concatenated docstring before the import: the import is already there, none is added twice.
    const already = '"""Orders """ "(concatenated)"\nfrom __future__ import annotations\n\n' + body;
    expect((await rewrite(already)).output).toBe(already);
  });
});
