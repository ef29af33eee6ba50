# One-line bodies, `docstring; stmt`, multi-line defaults with comments, nested functions, generators.
def one(x=[]): x.append(1); return x


def doc(x={}):
    """Doc."""; x["n"] = x.get("n", 0) + 1
    return x


def multi(table={
    "a": [],  # lists inside are fresh too
}):
    table["a"].append(1)
    return table


def outer():
    def inner(acc=[]):
        acc.append("i")
        return acc

    return inner


def gen(seen=[]):
    seen.append(len(seen))
    yield from seen


print(one(), one())
print(doc(), doc())
print(multi(), multi())
f = outer()
print(f(), f())
print(list(gen()), list(gen()))
