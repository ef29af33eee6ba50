# A default that reads a variable another function rebinds (`global`, or `nonlocal` in a sibling closure):
# moved into the body, it would read the new value. Refused (the example and its twin).
BASE = [1]


def f(x=list(BASE)):  # refused
    x.append(0)
    return x


def reset():
    global BASE
    BASE = [2]


def outer():
    base = [1]

    def inner(x=list(base)):  # refused
        x.append(0)
        return x

    def rebind():
        nonlocal base
        base = [2]

    return inner, rebind


inner, rebind = outer()
print(f(), inner())
reset()
rebind()
print(f(), inner())
