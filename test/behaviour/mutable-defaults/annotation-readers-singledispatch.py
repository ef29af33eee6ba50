# functools.singledispatch's `register` dispatches on the first annotation: widened to admit None, the
# overload would also be registered for NoneType. Annotated parameters of a registered overload are
# refused; an unannotated one is rewritten (register never reads it).
from functools import singledispatch, singledispatchmethod


@singledispatch
def describe(value, seen=[]):
    seen.append("base")
    return f"object {len(seen)}"


@describe.register
def _(value: list = [], extra: dict = {}):  # refused
    extra["n"] = extra.get("n", 0) + 1
    return f"list {extra['n']}"


@describe.register(int)
def _(value, log=[]):
    log.append(value)
    return f"int {log}"


class Shape:
    @singledispatchmethod
    def area(self, arg):
        return "unknown"

    @area.register
    def _(self, arg: tuple = (), cache: set = set()):  # refused
        cache.add(arg)
        return f"tuple {len(cache)}"


print(describe([1]), describe([2]), describe(None), describe(None))
print(describe(3), describe(4))
print(Shape().area((1,)), Shape().area((2,)), Shape().area(None))
print(sorted(t.__name__ for t in describe.registry))
