# `import typing` runs only after the def: `typing.Optional` cannot be used in its annotation.
def add(x, bucket: list = []):
    bucket.append(x)
    return bucket


import typing

print(add(1), add(2), add.__annotations__["bucket"] == typing.Optional[list])
