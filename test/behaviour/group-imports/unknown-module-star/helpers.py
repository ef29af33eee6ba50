# A first-party module without __all__: its star import binds every public name.
json = "not the json module"
