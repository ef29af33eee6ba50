# `del Optional` after the import: the name is unbound when the def runs.
from typing import Optional

del Optional


def add(x, bucket: list = []):
    bucket.append(x)
    return bucket


print(add(1), add(2), add.__annotations__["bucket"])
