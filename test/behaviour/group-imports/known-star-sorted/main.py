# expect: sorted. ctypes exports neither `sys` nor `unittest`, so both may move above its star import.
from ctypes import *
import unittest
import sys

print(sizeof(c_int) > 0, unittest.__name__, sys.__name__)
