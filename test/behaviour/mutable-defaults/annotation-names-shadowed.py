# The module imports Optional, but a class body or an enclosing function binds its own `Optional`,
# and that is the one an annotation there reads.
from typing import Optional


class Box:
    Optional = "a class attribute that shadows the import"

    def put(self, x, items: dict = {}):
        items[x] = True
        return sorted(items)


def outer():
    Optional = 3

    def inner(x, seen: set = set()):
        seen.add(x)
        return sorted(seen)

    return inner


inner = outer()
print(Box().put("a"), Box().put("b"))
print(inner(1), inner(2))
print(Box.put.__annotations__["items"], inner.__annotations__["seen"])
