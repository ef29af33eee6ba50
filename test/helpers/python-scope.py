"""Python's own answer to "is NAME bound where use( is called": reads JSON [{source, name}] on stdin,
prints one JSON list of "bound", "builtin" or "unsupported" (syntax this python3 does not have).

The scope is the innermost symbol table that references `use` at the line of the last `use(` (a
comprehension's first iterable belongs to the enclosing table, as in Python). A name is bound when that
table binds it (local, parameter), when it is free (bound by an enclosing function), or, for a global
name, when the module binds it or some function or class declares it global and binds it.
"""
import json
import symtable
import sys


def tables(table):
    yield table
    for child in table.get_children():
        yield from tables(child)


def answer(source, name):
    try:
        top = symtable.symtable(source, "<case>", "exec")
    except SyntaxError:
        return "unsupported"
    line = source[: source.rindex("use(")].count("\n") + 1
    candidates = []
    for t in tables(top):
        if t.get_lineno() > line and t is not top:
            continue
        try:
            use = t.lookup("use")
        except KeyError:
            continue
        if use.is_referenced():
            candidates.append(t)
    # The deepest table that calls use() and starts at or before its line.
    scope = candidates[-1] if candidates else top
    try:
        sym = scope.lookup(name)
    except KeyError:
        sym = None
    if sym is not None and not sym.is_global() and not sym.is_declared_global():
        if sym.is_local() or sym.is_parameter() or sym.is_free() or sym.is_assigned() or sym.is_imported():
            return "bound"
    # A global name: bound at module level, or by a function or class declaring it global.
    try:
        mod = top.lookup(name)
        if mod.is_assigned() or mod.is_imported() or mod.is_namespace():
            return "bound"
    except KeyError:
        pass
    for t in tables(top):
        if t is top:
            continue
        try:
            s = t.lookup(name)
        except KeyError:
            continue
        if s.is_declared_global() and (s.is_assigned() or s.is_imported() or s.is_namespace()):
            return "bound"
    return "builtin"


cases = json.load(sys.stdin)
print(json.dumps([answer(c["source"], c["name"]) for c in cases]))
