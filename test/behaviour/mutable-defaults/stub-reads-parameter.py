# A body that only raises NotImplementedError, but with its parameter in the message, is not a stub:
# the exception must carry the default, not None. (The example, and the f-string and locals() forms.)
def f(x=[]):
    raise NotImplementedError(x)


def g(opts={}):
    raise NotImplementedError(f"not yet: {opts}")


def h(items=[]):
    raise NotImplementedError(sorted(locals()))


for fn in (f, g, h):
    try:
        fn()
    except NotImplementedError as e:
        print(fn.__name__, e.args, fn.__defaults__)
