from .compat import *
from .base import Thing

print(Thing)
