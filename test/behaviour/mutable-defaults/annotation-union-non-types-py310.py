# target: py310
# `X | None` is evaluated with the def: it raises TypeError when the name X holds something that is not a
# type (a string from a conditional or a call, a tuple unpacking, a loop, a walrus, a function).
# `Optional[X]` accepts all of these; a name bound to a type alias keeps `X | None`.
from typing import TypeVar

Cond = "list" if True else "dict"
Made = str("list")
Unpacked, Other = "list", 0
Paren = ("list")
for Looped in ["list"]:
    pass
(Walrused := "list")


def Func():
    pass


Alias = list[int]
T = TypeVar("T")


def f(a: Cond = [], b: Made = [], c: Unpacked = [], d: Paren = [], e: Looped = []):
    a.append(1), b.append(1), c.append(1), d.append(1), e.append(1)
    return a, b, c, d, e


def g(a: Walrused = [], b: Func = [], c: Alias = [], d: T = []):
    a.append(2), b.append(2), c.append(2), d.append(2)
    return a, b, c, d


print(f(), f())
print(g(), g())
print(g.__annotations__["c"], g.__annotations__["d"])
