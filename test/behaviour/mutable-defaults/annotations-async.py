# Annotated parameters (Optional added for py39) and coroutines; the type hints admit None afterwards.
import asyncio
import typing


async def collect(n: int, out: list[int] = []) -> list[int]:
    out.append(n)
    await asyncio.sleep(0)
    return out


def merge(extra: typing.Dict[str, int] = {}) -> typing.Dict[str, int]:
    extra["k"] = extra.get("k", 0) + 1
    return extra


async def main():
    print(await collect(1), await collect(2))


asyncio.run(main())
print(merge(), merge())
print(typing.get_type_hints(merge)["extra"] == typing.Optional[typing.Dict[str, int]])
