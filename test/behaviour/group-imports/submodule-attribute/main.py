# expect: left alone. pkg defines a function `helper` and has a submodule pkg.helper: loading the submodule replaces the attribute, so the order decides what `helper` is.
from pkg.helper import VALUE
from pkg import helper

print(type(helper).__name__, VALUE)
