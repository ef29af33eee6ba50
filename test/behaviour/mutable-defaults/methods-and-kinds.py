# Methods, positional-only and keyword-only parameters, several mutable parameters in one function.
class Store:
    def __init__(self, items=[], *, index={}):
        """Keep items."""
        self.items = items
        self.index = index

    def put(self, key, value):
        self.items.append(key)
        self.index[key] = value


a = Store()
a.put("k", 1)
b = Store()
print(b.items, b.index)


def pair(x=[], /, y={}, *args, z=set(), **kw):
    x.append(len(x))
    y[len(y)] = True
    z.add(len(z))
    return x, y, z


print(pair())
print(pair())
print(pair([9], y={"q": 0}))
