"""A package with a submodule."""
