# A body that changes its default through a method taken out with getattr, or reaches it through
# locals()/vars()/eval: the edit message must say that calls no longer share the object (`# shared`).
def tally(key, counts={}):  # shared
    getattr(counts, "update")({key: counts.get(key, 0) + 1})
    return counts[key]


def remember(item, seen=[]):  # shared
    locals()["seen"].append(item)
    return len(seen)


def lookup(key, table={"a": 1}):
    return getattr(table, "get")(key)


print(tally("x"), tally("x"))
print(remember(1), remember(2))
print(lookup("a"), lookup("b"))
