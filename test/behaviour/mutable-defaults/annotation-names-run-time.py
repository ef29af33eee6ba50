# `Optional` is bound at run time by exec before the def (to something that is not typing's): the
# widened annotation must not rely on that name.
exec("Optional = 3")


def add(x, bucket: list = []):
    bucket.append(x)
    return bucket


print(add(1), add(2), add.__annotations__["bucket"])
