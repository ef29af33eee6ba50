# A default reading a name that the module binds only after the def: when the def ran, the name was the
# builtin; moved into the body, the default would read the later binding. Refused.
def spread(x=list(range(3))):  # refused
    x.append(9)
    return x


def pairs(x=dict(zip("ab", "xy"))):  # refused
    x["c"] = "z"
    return x


def ones(n):
    return [1] * n


range = ones
from itertools import zip_longest as zip

print(spread(), spread())
print(pairs(), pairs())
