# expect: left alone. os.path's and shlex's stars both bind join: their order decides which one wins.
from shlex import *
from os.path import *

print(join("a", "b"))
