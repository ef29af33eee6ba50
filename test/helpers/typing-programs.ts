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
