# expect: left alone. typing's and collections.abc's stars both bind Iterable, Mapping, ...
from typing import *
from collections.abc import *

print(Iterable, Mapping)
