// Behaviour on Python 3.9 itself, for the rewrites that claim py39: modern-typing and future-annotations.
// python3 on this machine is newer, and what a py39 target promises is exactly what 3.10 added (`X | Y`
// between types, types.UnionType): so the programs run, before and after the rewrite, on a real 3.9 —
// Debian's PyPy 3.9 (`pypy3`, Python 3.9.16, whose standard library, typing included, is CPython's 3.9).
// `.ci/run` installs it; PYCODEMOD_PYTHON39 names another 3.9 interpreter.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import modernTyping from '../transforms/modern-typing/index.js';
import futureAnnotations from '../transforms/future-annotations/index.js';
import { transformSourceWith } from '../src/core/transform-source.js';
import type { TargetVersion } from '../src/core/settings.js';
import type { AnyTransform } from '../src/core/types.js';
import { annotatedModule, FUTURE_ANNOTATED_PROGRAM, pydanticModel, TYPE_HINTS_PRINTER as HINTS } from './helpers/typing-programs.js';

/** The first interpreter found that really is Python 3.9. */
function findPython39(): string | undefined {
  for (const candidate of [process.env.PYCODEMOD_PYTHON39, 'python3.9', 'pypy3'].filter((c): c is string => !!c)) {
    const r = spawnSync(candidate, ['-c', 'import sys; print(sys.version_info[:2] == (3, 9))'], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim() === 'True') return candidate;
  }
  return undefined;
}

const PYTHON39 = findPython39();
if (!PYTHON39 && (process.env.CI || process.env.PYCODEMOD_REQUIRE_PYTHON39)) throw new Error('no Python 3.9: .ci/run installs one (apt-get install pypy3)');

async function rewrite(source: string, transforms: AnyTransform[], targetVersion: TargetVersion): Promise<{ output: string; skips: string[] }> {
  const r = await transformSourceWith(source, { path: 'prog.py', transforms, settings: { targetVersion } });
  if (r.kind !== 'ok') throw new Error(JSON.stringify(r));
  return { output: r.output, skips: r.skips.map((s) => `${s.line}: ${s.reason}`) };
}

/** Runs `main` on Python 3.9 in a folder holding `files`; stdout+stderr (file paths cut) and the status. */
function python39(main: string, files: Record<string, string> = {}): { output: string; status: number | null } {
  const dir = mkdtempSync(join(tmpdir(), 'pycodemod-py39-'));
  try {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    writeFileSync(join(dir, 'prog.py'), main);
    const r = spawnSync(PYTHON39!, ['-X', 'utf8', 'prog.py'], { cwd: dir, encoding: 'utf8' });
    return { output: r.stdout + r.stderr.replace(/File "[^"]*"/g, 'File'), status: r.status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}


// No future import: every annotation is evaluated when its def or class runs, and the aliases, casts,
// TypeVar bounds, generic bases and isinstance arguments are ordinary run-time expressions.
const RUNTIME_PROGRAM = String.raw`
import collections, dataclasses, sys
from typing import Callable, DefaultDict, Deque, Dict, FrozenSet, Iterable, List, NamedTuple, Optional, Set, Tuple, Type, TypeVar, Union, cast
import typing as t

Pair = Tuple[int, int]
Number = Union[int, float]
Handlers = Dict[str, Callable[[int], str]]
T = TypeVar("T", bound=Optional[List[int]])


class Stack(List[int]):
    def top(self) -> Optional[int]:
        return self[-1] if self else None


@dataclasses.dataclass
class Point:
    x: Number
    y: Optional[float] = None
    tags: List[str] = dataclasses.field(default_factory=list)


class Row(NamedTuple):
    key: str
    value: Optional[int]


def window(items: Iterable[int], size: int) -> Deque[int]:
    return collections.deque(items, maxlen=size)


def index(words: List[str]) -> DefaultDict[str, Set[int]]:
    out: DefaultDict[str, Set[int]] = collections.defaultdict(set)
    for i, w in enumerate(words):
        out[w[0]].add(i)
    return out


def classes(kind: Type[BaseException]) -> FrozenSet[str]:
    return frozenset(c.__name__ for c in kind.__mro__)


handlers: Handlers = {"hex": hex}
print(Stack([1, 2]).top(), Stack.__mro__[1:3], Point(1), Row("k", None))
print(list(window(range(10), 3)), sorted(index(["ab", "ac", "b"]).items()), sorted(classes(KeyError)))
print(cast(List[int], "not checked"), norm(T.__bound__), Pair == t.Tuple[int, int], handlers["hex"](255))
print(isinstance([], (list, dict)), [f.name for f in dataclasses.fields(Point)])
show_hints(sys.modules[__name__])
`;

describe.skipIf(!PYTHON39)(`on Python 3.9 itself (${PYTHON39 ?? 'none found'})`, () => {
  it('modern-typing, py39: run-time positions get the builtin generics 3.9 has, keep Optional/Union, and the program prints the same', async () => {
    const program = HINTS + RUNTIME_PROGRAM;
    const before = python39(program);
    expect(before.status, before.output).toBe(0);
    const { output } = await rewrite(program, [modernTyping], 'py39');
    // It did rewrite (PEP 585 generics are 3.9's), and left every union alone (PEP 604 is 3.10's).
    expect(output).toContain('Pair = tuple[int, int]');
    expect(output).toContain('class Stack(List[int]):'); // a generic base keeps typing.Generic in the MRO
    expect(output).toContain('def window(items: Iterable[int], size: int) -> collections.deque[int]:');
    expect(output).toContain('Number = Union[int, float]');
    expect(output).toContain('def top(self) -> Optional[int]:');
    expect(output).not.toMatch(/\w \| None/);
    expect(python39(output)).toEqual(before);
  });

  it('modern-typing, py310 output really fails on 3.9: the target is what keeps `X | None` out', async () => {
    const program = HINTS + RUNTIME_PROGRAM;
    const { output } = await rewrite(program, [modernTyping], 'py310');
    expect(output).toContain('def top(self) -> int | None:');
    const run = python39(output);
    expect(run.status).not.toBe(0);
    expect(run.output).toContain("unsupported operand type(s) for |");
  });

  it('modern-typing, py39 with the future import: annotations get `|` (never evaluated), the program prints the same', async () => {
    const program = FUTURE_ANNOTATED_PROGRAM;
    const before = python39(program);
    expect(before.status, before.output).toBe(0);
    const { output } = await rewrite(program, [modernTyping], 'py39');
    expect(output).toContain('def merge(a: dict[str, int] | None, b: dict[str, int]) -> dict[str, int | None]:');
    expect(output).toContain('Alias = Optional[int]');
    expect(python39(output)).toEqual(before);
  });

  it('modern-typing, py39: a module that reads its own annotations (get_type_hints) keeps Optional; the `|` spelling raises on 3.9', async () => {
    const program = String.raw`
from __future__ import annotations

import typing
from typing import Dict, List, Optional


def merge(a: Optional[Dict[str, int]], b: List[int]) -> Optional[int]:
    return None


print(typing.get_type_hints(merge))
`;
    const before = python39(program);
    expect(before.status, before.output).toBe(0);
    const { output, skips } = await rewrite(program, [modernTyping], 'py39');
    expect(output).toContain('def merge(a: Optional[dict[str, int]], b: list[int]) -> Optional[int]:');
    expect(skips.join('\n')).toContain('the module reads annotations at run time (`get_type_hints` at line 12)');
    // get_type_hints resolves every annotation to the same type (typing.Dict[str, int] and dict[str, int]
    // are the documented difference of spelling: one form once normalized).
    const hints = (text: string) => python39(text.replace('print(typing.get_type_hints(merge))', `${HINTS}\nimport sys\nshow_hints(sys.modules[__name__])`));
    expect(hints(output)).toEqual(hints(program));
    expect(hints(output).output).toBe("merge {'a': 'Union[dict[str, int], None]', 'b': 'list[int]', 'return': 'Union[int, None]'}\n");
    const unionSpelling = output.replace('a: Optional[dict[str, int]]', 'a: dict[str, int] | None');
    expect(python39(unionSpelling).output).toContain("unsupported operand type(s) for |");
  });

  it('modern-typing, py39: a pydantic-style model (annotations evaluated at class creation) keeps Optional', async () => {
    // A stand-in for pydantic: resolves each model's annotations with get_type_hints when the class is made.
    const pydantic = String.raw`
import sys, typing

class BaseModel:
    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        cls.__fields__ = typing.get_type_hints(cls, vars(sys.modules[cls.__module__]))
`;
    const program = pydanticModel('print(sorted(User.__fields__), User.__fields__["tags"] == List[str])\n');
    const files = { 'pydantic/__init__.py': pydantic };
    const before = python39(program, files);
    expect(before.status, before.output).toBe(0);
    const { output } = await rewrite(program, [modernTyping], 'py39');
    expect(output).toContain('email: Optional[str] = None');
    expect(output).toContain('tags: list[str] = []');
    expect(python39(output, files)).toEqual(before);
    // What modern-typing refuses to write fails there on 3.9 (Ruff's fix does: ruff#5434).
    const ruffLike = output.replace('email: Optional[str] = None', 'email: str | None = None');
    expect(python39(ruffLike, files).output).toContain('unsupported operand type(s) for |');
  });

  it('future-annotations then modern-typing, py39 (as `--select future-annotations,modern-typing` runs them): same output on 3.9', async () => {
    const program = annotatedModule('\nprint(Config(), Row("k"), parse("ff", 16), [f.name for f in dataclasses.fields(Config)], Row._fields)\n');
    const before = python39(program);
    expect(before.status, before.output).toBe(0);
    const { output } = await rewrite(program, [futureAnnotations, modernTyping], 'py39');
    expect(output).toContain('"""A module with annotations of every kind."""\nfrom __future__ import annotations\n');
    expect(output).toContain('def parse(text: str | None, base: int = 10) -> int | None:');
    expect(output).toContain('registry: ClassVar[dict[str, int]] = {}');
    expect(python39(output)).toEqual(before);
    // Without the future import the same annotations raise on 3.9 when the def runs.
    const withoutFuture = output.replace('from __future__ import annotations\n', '');
    expect(python39(withoutFuture).output).toContain('unsupported operand type(s) for |');
  });
});
