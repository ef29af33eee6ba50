# expect: left alone. pickle's and json's stars both bind dumps: sorted, pickle's would win.
from pickle import *
from json import *

print(repr(dumps({"a": 1})))
