# Annotations run when the def runs: an `Optional` imported only after the def (the example)
# or under an `if` must not be what the widened annotation relies on.
def add(x, bucket: list = []):
    bucket.append(x)
    return bucket


from typing import Optional

print(add(1), add(2), add.__annotations__["bucket"])
