# expect: left alone. shlex exports join: sorted, `from os.path import join` would land above the star.
from shlex import *
from os.path import join

print(join("a", "b"))
