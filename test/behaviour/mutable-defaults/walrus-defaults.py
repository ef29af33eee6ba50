# A default with `:=` binds its target in the scope around the def when the def runs; in the guard it
# would bind a local of the function. Refused when the name is used anywhere else; rewritten when not.
def kept(x=(first := [])):  # refused
    x.append(1)
    return x, first


def shared_name(x=(second := {})):  # refused
    x["n"] = len(x)
    return x


def unused(x=(third_unused := [])):
    x.append(3)
    return x


print(kept(), kept([0]))
print(shared_name(), second)
print(unused(), unused())
