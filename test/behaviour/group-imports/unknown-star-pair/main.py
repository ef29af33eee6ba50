# expect: left alone. Two first-party stars bind `x`; sorted, alpha's would come first and zeta's would win.
from zeta import *
from alpha import *

print(x)
