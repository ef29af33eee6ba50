// Python programs the typing transforms' behaviour tests share: run with python3 in
// modern-typing-behaviour and future-annotations-behaviour, and with Python 3.9 itself in python39-behaviour.

/** Under the future import: unions and generics in annotations, and an alias and a cast evaluated at run time. */
export const FUTURE_ANNOTATED_PROGRAM = String.raw`
from __future__ import annotations

import dataclasses
from typing import Dict, List, Optional, Union, cast

Alias = Optional[int]


@dataclasses.dataclass
class Config:
    name: Optional[str] = None
    retries: Union[int, float] = 3
    hosts: List[str] = dataclasses.field(default_factory=list)


def merge(a: Optional[Dict[str, int]], b: Dict[str, int]) -> Dict[str, Optional[int]]:
    out: Dict[str, Optional[int]] = dict(a or {})
    out.update(b)
    return out


print(Config(), merge(None, {"x": 1}), cast(Alias, 5))
`;

/**
 * A module with a docstring and annotations in every place (a dataclass with a ClassVar, a NamedTuple, a def),
 * without the future import; `tail` is the code that uses them.
 */
export function annotatedModule(tail: string): string {
  return String.raw`"""A module with annotations of every kind."""
import dataclasses
from typing import ClassVar, Dict, List, NamedTuple, Optional


@dataclasses.dataclass
class Config:
    registry: ClassVar[Dict[str, int]] = {}
    name: Optional[str] = None
    hosts: List[str] = dataclasses.field(default_factory=list)


class Row(NamedTuple):
    key: str
    value: Optional[int] = None


def parse(text: Optional[str], base: int = 10) -> Optional[int]:
    return int(text, base) if text else None

` + tail;
}

/**
 * Defines `norm` and `show_hints(module)`: prints the type every annotation of the module means, in one
 * spelling whatever the source's (`typing.List[int]` and `list[int]` alike, `Optional[X]` and `X | None` alike),
 * on Python 3.9 (no types.UnionType) as on later versions.
 */
export const TYPE_HINTS_PRINTER = String.raw`
import collections.abc, sys, types, typing

UnionType = getattr(types, "UnionType", None)

def norm(t):
    origin, args = typing.get_origin(t), typing.get_args(t)
    if origin is typing.Union or (UnionType is not None and origin is UnionType):
        return "Union[" + ", ".join(norm(a) for a in args) + "]"
    if isinstance(t, list):
        return "[" + ", ".join(norm(a) for a in t) + "]"
    if origin is not None:
        return getattr(origin, "__qualname__", repr(origin)) + "[" + ", ".join(norm(a) for a in args) + "]"
    if t is type(None):
        return "None"
    return getattr(t, "__qualname__", repr(t))

def show_hints(module):
    for name, obj in sorted(vars(module).items()):
        if getattr(obj, "__module__", None) != module.__name__:
            continue
        targets = [obj] + [m for _, m in sorted(vars(obj).items()) if callable(m)] if isinstance(obj, type) else [obj]
        for t in targets:
            try:
                hints = typing.get_type_hints(t)
            except TypeError:
                continue  # nothing annotated (a TypeVar, an alias)
            if hints:
                print(getattr(t, "__qualname__", name), {k: norm(v) for k, v in hints.items()})
`;

/** A pydantic-style model under the future import (`pydantic` is a stand-in each test provides); `tail` uses it. */
export function pydanticModel(tail: string): string {
  return String.raw`
from __future__ import annotations

from typing import List, Optional

from pydantic import BaseModel


class User(BaseModel):
    name: str
    email: Optional[str] = None
    tags: List[str] = []


` + tail;
}
