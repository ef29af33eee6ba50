"""Module-level prints between imports and before the logger's definition spot."""
import os

print("loading plugins", os.sep == "/")

import json

try:
    import does_not_exist_xyz
except ImportError:
    print("optional module missing")


def main(argv):
    print("running with", argv)
    return 0


if __name__ == "__main__":
    print("usage: tool ARGS")
    print(json.dumps({"a": 1}))
    main(["x"])
