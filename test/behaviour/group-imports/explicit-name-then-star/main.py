# expect: left alone. json's star rebinds the dumps imported from pickle above it.
from pickle import dumps
from json import *

print(repr(dumps([1, 2])))
