# expect: sorted. pkg binds nothing called `helper`: `from pkg import helper` gives the submodule in either order.
from pkg.helper import VALUE
from pkg import helper
import sys

print(type(helper).__name__, VALUE, sys.__name__)
