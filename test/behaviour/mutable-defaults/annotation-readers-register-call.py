# functools.singledispatch also registers an overload by its annotation when `register` is called with the
# function (`fun.register(impl)`) or through a name bound to the method (`reg = fun.register; @reg`).
# Widened, the overload would also be registered for NoneType: annotated parameters are refused.
from functools import singledispatch


@singledispatch
def describe(value):
    return "object"


def describe_list(value: list = []):  # refused
    return f"list {len(value)}"


describe.register(describe_list)
register = describe.register


@register
def _(value: dict = {}):  # refused
    return f"dict {len(value)}"


print(describe(None), describe([1]), describe({}))
print(sorted(t.__name__ for t in describe.registry))
