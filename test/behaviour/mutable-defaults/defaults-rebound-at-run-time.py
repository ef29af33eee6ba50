# A default reading a module variable that a function rebinds through globals(): moved into the body,
# it would read the new value. Refused.
BASE = [1]


def f(x=list(BASE)):  # refused
    x.append(0)
    return x


def reset():
    globals()["BASE"] = [2]


print(f())
reset()
print(f())
