# `Optional` imported only under `if TYPE_CHECKING:` (False at run time); `typing` imported only in a function.
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Optional


def helper():
    import typing

    return typing


def add(x, bucket: list = []):
    bucket.append(x)
    return bucket


print(add(1), add(2), add.__annotations__["bucket"])
