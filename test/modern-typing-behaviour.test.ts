// modern-typing behaviour (python3): programs run before and after the rewrite must print the same, where what
// they print includes every annotation as the types it means (typing.get_type_hints, normalized so that the
// documented difference, typing.Union vs types.UnionType and typing.List vs list, reads the same), isinstance
// results, casts, dataclass and NamedTuple fields, and the MRO of classes with generic bases.
//
// For py39 targets the rewrite is also checked against 3.9's rules here, by python3's own ast: nothing Python
// evaluates when a def, class or module runs may hold a `|` union (3.9 raises TypeError there), and annotations
// that a library evaluates at run time (a stand-in `pydantic` raising where Python 3.9 would) must be left
// alone. test/python39-behaviour.test.ts runs the py39 rewrites on a real Python 3.9 (PyPy 3.9).
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import modernTyping from '../transforms/modern-typing/index.js';
import { transformSourceWith } from '../src/core/transform-source.js';
import type { TargetVersion } from '../src/core/settings.js';
import { FUTURE_ANNOTATED_PROGRAM, pydanticModel, TYPE_HINTS_PRINTER as HINTS } from './helpers/typing-programs.js';

async function rewrite(source: string, targetVersion: TargetVersion, path = 'prog.py'): Promise<{ output: string; skips: string[] }> {
  const r = await transformSourceWith(source, { path, transforms: [modernTyping], settings: { targetVersion } });
  if (r.kind !== 'ok') throw new Error(JSON.stringify(r));
  return { output: r.output, skips: r.skips.map((s) => `${s.line}: ${s.reason}`) };
}

/** Runs `main` with python3 in a folder holding `files` (extra modules); returns stdout+stderr and the status. */
function python(main: string, files: Record<string, string> = {}, args: string[] = []): { output: string; status: number | null } {
  const dir = mkdtempSync(join(tmpdir(), 'pycodemod-mt-'));
  try {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    writeFileSync(join(dir, 'prog.py'), main);
    const r = spawnSync('python3', ['-X', 'utf8', 'prog.py', ...args], { cwd: dir, encoding: 'utf8' });
    return { output: r.stdout + r.stderr, status: r.status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const PY310_PROGRAM = String.raw`
import dataclasses, functools, sys
from typing import Callable, Dict, FrozenSet, List, NamedTuple, Optional, Sequence, Set, Tuple, Type, TypedDict, TypeVar, Union, cast
import typing as t

JSON = Union[Dict[str, "JSON"], List["JSON"], str, int, None]
Number = Union[int, float]
Pair = Tuple[int, int]
T = TypeVar("T", bound=Optional[int])


@dataclasses.dataclass
class Point:
    x: Number
    y: Optional[float] = None
    tags: List[str] = dataclasses.field(default_factory=list)


class Row(NamedTuple):
    key: str
    value: Optional[int]


class Movie(TypedDict):
    title: str
    year: Optional[int]


def parse(text: Optional[str], base: Union[int, None] = None) -> Optional[int]:
    return int(text, base or 10) if text else None


def group(rows: Sequence[Tuple[str, int]], key: Callable[[str], str] = str.lower) -> Dict[str, Set[int]]:
    out: Dict[str, Set[int]] = {}
    for k, v in rows:
        out.setdefault(key(k), set()).add(v)
    return out


def kinds(values: List[object]) -> List[str]:
    return ["number" if isinstance(v, Union[int, float]) else "text" if isinstance(v, (str, bytes)) else "other" for v in values]


@functools.singledispatch
def describe(value: object) -> str:
    return "object"


@describe.register
def _(value: int) -> str:
    return "int"


def classes(kind: Type[BaseException]) -> FrozenSet[str]:
    return frozenset(c.__name__ for c in kind.__mro__)


print(parse("42"), parse(None), parse("ff", 16))
print(sorted(group([("A", 1), ("a", 2), ("b", 3)]).items()))
print(kinds([1, 2.5, "x", b"y", None]))
print(Point(1, 2.0), Row("k", None), Movie(title="t", year=None))
print(cast(Optional[int], "not checked"), describe(3), describe("s"))
print(sorted(classes(KeyError)))
print([f.name for f in dataclasses.fields(Point)], Row._fields, sorted(Movie.__annotations__))
print(Pair == t.Tuple[int, int], isinstance((1, 2), tuple))
show_hints(sys.modules[__name__])
`;

describe('modern-typing behaviour (python3)', () => {
  it('py310: the program prints the same, annotations included, once rewritten', async () => {
    const program = HINTS + PY310_PROGRAM;
    const { output } = await rewrite(program, 'py310');
    // The rewrite happened: every kind of place.
    expect(output).toContain('JSON = dict[str, "JSON"] | list["JSON"] | str | int | None');
    expect(output).toContain('T = TypeVar("T", bound=int | None)');
    expect(output).toContain('def parse(text: str | None, base: int | None = None) -> int | None:');
    expect(output).toContain('isinstance(v, int | float)');
    expect(output).toContain('cast(int | None, "not checked")');
    expect(output).toContain('from collections.abc import Callable, Sequence');
    expect(output.slice(output.indexOf('import dataclasses'))).not.toMatch(/\b(Optional|Union|List|Dict|Set|FrozenSet|Tuple|Type)\[/);
    const before = python(program);
    const after = python(output);
    expect(before.status).toBe(0);
    expect(after).toEqual(before);
    expect(before.output).toContain("parse {'text': 'Union[str, None]', 'base': 'Union[int, None]', 'return': 'Union[int, None]'}");
  });

  it('py310: a name holding a string or another non-type keeps Optional/Union (`X | None` raises TypeError at the def)', async () => {
    // Added by sem-defaults (issue 10): mutable-defaults writes `Optional[Alias]` for these names, and
    // modern-typing must not turn it into `Alias | None`.
    const program = String.raw`
from typing import Optional, Union

Alias = "list"


def make():
    return "dict"


Made = make()


class Real:
    pass


def f(a: Optional[Alias] = None, b: Union[Made, None] = None, c: Optional[Real] = None):
    return a, b, c


print(f(), f.__annotations__["a"], f.__annotations__["b"])
`;
    const { output, skips } = await rewrite(program, 'py310');
    expect(output).toContain('def f(a: Optional[Alias] = None, b: Union[Made, None] = None, c: Real | None = None):');
    expect(skips).toEqual([
      '18: modern typing: `Optional[Alias]` has a member `Alias` that may not support `|` when evaluated',
      '18: modern typing: `Union[Made, None]` has a member `Made` that may not support `|` when evaluated',
    ]);
    const before = python(program);
    expect(before.status).toBe(0);
    expect(python(output)).toEqual(before);
  });

  it('py310: a generic base keeps typing.Generic in the MRO; typing objects used as values keep their identity', async () => {
    const program = String.raw`
from typing import Dict, Generic, List, TypeVar

T = TypeVar("T")


class Rows(List[T]):
    pass


def kind(tp):
    return "list" if tp is List else "dict" if tp == Dict else "other"


print(Generic in Rows.__mro__, Rows[int], kind(List), kind(Dict), kind(list))
`;
    const { output, skips } = await rewrite(program, 'py310');
    expect(output).toBe(program);
    expect(skips).toEqual([
      '7: modern typing: `List` in a base class: `list` would take typing.Generic out of the class\'s MRO (and a type variable would no longer make it generic)',
      '12: modern typing: `List` is used as a value (compared, stored or passed on), and `list` is a different object',
      '12: modern typing: `Dict` is used as a value (compared, stored or passed on), and `dict` is a different object',
      '15: modern typing: `List` is used as a value (compared, stored or passed on), and `list` is a different object',
      '15: modern typing: `Dict` is used as a value (compared, stored or passed on), and `dict` is a different object',
    ]);
    expect(python(output)).toEqual(python(program));
  });

  it('py39 with the future import: nothing that runs at definition holds a | union or a builtin generic of 3.9', async () => {
    const program = FUTURE_ANNOTATED_PROGRAM;
    const { output } = await rewrite(program, 'py39');
    expect(output).toContain('def merge(a: dict[str, int] | None, b: dict[str, int]) -> dict[str, int | None]:');
    expect(output).toContain('Alias = Optional[int]');
    expect(python(output)).toEqual(python(program));
    // 3.9's rules, checked on the rewritten module: `X | Y` only inside annotations (never evaluated under
    // the future import); at run time the alias still reads Optional[int].
    const check = python(String.raw`
import ast, sys
tree = ast.parse(open(sys.argv[1]).read())
annotations = set()
for node in ast.walk(tree):
    for a in [getattr(node, "annotation", None), getattr(node, "returns", None)]:
        if a is not None:
            annotations.update(id(n) for n in ast.walk(a))
bad = [ast.unparse(n) for n in ast.walk(tree) if isinstance(n, ast.BinOp) and isinstance(n.op, ast.BitOr) and id(n) not in annotations]
print("evaluated unions:", bad)
`, { 'rewritten.py': output }, ['rewritten.py']);
    expect(check.output.trim()).toBe('evaluated unions: []');
  });

  it('py39 with the future import: a pydantic model keeps Optional (pydantic evaluates it; 3.9 cannot evaluate X | None)', async () => {
    // A stand-in for pydantic: evaluates each model's annotations when the class is made, as pydantic does,
    // with Python 3.9's rule that `|` between types raises TypeError.
    const pydantic = String.raw`
import ast, sys, typing

class BaseModel:
    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        for name, text in cls.__dict__.get("__annotations__", {}).items():
            if isinstance(text, str) and any(isinstance(n, ast.BinOp) and isinstance(n.op, ast.BitOr) for n in ast.walk(ast.parse(text, mode="eval"))):
                raise TypeError(f"unsupported operand type(s) for |: evaluating {name}: {text} (Python 3.9)")
        cls.__fields__ = typing.get_type_hints(cls, vars(sys.modules[cls.__module__]))
`;
    const program = pydanticModel('print(sorted(User.__fields__))\n');
    const { output, skips } = await rewrite(program, 'py39');
    expect(output).toContain('email: Optional[str] = None');
    expect(output).toContain('tags: list[str] = []');
    expect(skips.join('\n')).toContain('the module imports `pydantic`');
    const files = { 'pydantic/__init__.py': pydantic };
    expect(python(output, files)).toEqual(python(program, files));
    expect(python(output, files).status).toBe(0);
    // What modern-typing refuses to do would fail there (Ruff's fix: ruff#5434).
    const ruffLike = output.replace('email: Optional[str] = None', 'email: str | None = None');
    expect(python(ruffLike, files).output).toContain('unsupported operand type(s) for |');
  });

  it('a class field named like the builtin (a NamedTuple, __slots__) keeps the typing name: get_type_hints reads the class first', async () => {
    const program = String.raw`
from __future__ import annotations

import typing
import typing as t


class Group(t.NamedTuple):
    grouper: t.Any
    list: t.List

    def first(self, n: t.List[int]) -> t.List[str]:
        return self.list[:1]


class Slotted:
    __slots__ = ("frozenset",)
    frozenset: t.FrozenSet[int]


print(typing.get_type_hints(Group)["list"])
print(typing.get_type_hints(Slotted)["frozenset"])
print([typing.get_origin(h) for h in typing.get_type_hints(Group.first).values()])
`;
    const { output, skips } = await rewrite(program, 'py310');
    expect(output).toContain('    list: t.List\n');
    // A method's signature is read with the module's globals: there `list` is the builtin, and it is rewritten.
    expect(output).toContain('    def first(self, n: list[int]) -> list[str]:\n');
    expect(output).toContain('    frozenset: t.FrozenSet[int]\n');
    expect(skips.join('\n')).toContain('a field of the class');
    expect(python(output)).toEqual(python(program));
    expect(python(program).output).toBe("typing.List\ntyping.FrozenSet[int]\n[<class 'list'>, <class 'list'>]\n");
    // What the rewrite would have written: the field's descriptor instead of the type (jinja2's _GroupTuple).
    const naive = output.replace('list: t.List', 'list: list').replace('frozenset: t.FrozenSet[int]', 'frozenset: frozenset[int]');
    expect(python(naive).output).not.toBe(python(program).output);
  });

  it('under the future import a quoted member is unquoted: get_type_hints resolves it as before (`"Foo" | None` would raise)', async () => {
    const program = String.raw`
from __future__ import annotations

import typing
from typing import Optional


class Node:
    parent: Optional["Node"] = None

    def child(self, name: Optional["str"] = None) -> Optional["Node"]:
        return None


print(typing.get_type_hints(Node) == {"parent": typing.Optional[Node]})
print(typing.get_type_hints(Node.child) == {"name": typing.Optional[str], "return": typing.Optional[Node]})
`;
    // py310: the module reads its own annotations (get_type_hints), which 3.9 could not do with `|`.
    const { output } = await rewrite(program, 'py310');
    expect(output).toContain('parent: Node | None = None');
    expect(output).toContain('def child(self, name: str | None = None) -> Node | None:');
    expect(python(output)).toEqual(python(program));
    expect(python(output).output).toBe('True\nTrue\n');
    const quoted = output.replace('parent: Node | None', 'parent: "Node" | None');
    expect(python(quoted).output).toContain("unsupported operand type(s) for |: 'str' and 'NoneType'");
  });
});
