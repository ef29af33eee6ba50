# `Optional` imported only under an `if` at module level: not relied on.
import sys

if sys.version_info >= (3, 0):
    from typing import Optional


def add(x, bucket: list = []):
    bucket.append(x)
    return bucket


print(add(1), add(2), add.__annotations__["bucket"])
