# target: py310
# `X | None` is evaluated with the def: with `Alias = "list"` it raises TypeError; `Optional[Alias]` does not.
Alias = "list"


def add(x, bucket: Alias = []):
    bucket.append(x)
    return bucket


print(add(1), add(2), add.__annotations__["bucket"])
