# expect: left alone. json.py beside this script is imported instead of the standard library's json, and its star import binds Template, as string's does
from json import *
from string import *

print(Template)
