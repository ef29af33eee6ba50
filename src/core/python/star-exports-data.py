"""Writes star-exports-data.ts: the names `from M import *` binds, for every standard-library module.

Run by hand with CPython 3.11 when the data needs refreshing:

    python3 src/core/python/star-exports-data.py [TYPESHED_STDLIB_DIR] > src/core/python/star-exports-data.ts

For each module, the union of:
- what the running interpreter binds: `__all__` when the module defines it, else every name in the
  module's namespace that does not start with `_` (each module is imported in its own subprocess, so
  one module's side effects cannot leak into another's answer);
- when a typeshed `stdlib` folder is given (jedi bundles one): every name its stub puts in `__all__`
  under any `sys.version_info` / `sys.platform` condition, or, for a stub without `__all__`, every
  public name it defines. This adds the names other Python versions and other platforms export
  (`typing.override` from 3.12, `os.startfile` on Windows) and the modules this interpreter lacks
  (`winreg`, `msvcrt`, modules removed before 3.11).

Modules that cannot be imported safely (they start programs or print on import: `antigravity`, `this`,
`__main__` modules, `idlelib`) and the test suites are left out; a module that is left out is unknown,
and an unknown module's star import may bind any name.
"""
import ast
import json
import os
import pkgutil
import subprocess
import sys
import sysconfig

SKIP_TOP = {"antigravity", "this", "__hello__", "__phello__", "idlelib", "turtledemo", "test", "pydoc_data", "ensurepip", "venv", "site"}
SKIP_PARTS = {"__main__", "test", "tests", "idle_test"}

PROBE = r"""
import importlib, io, contextlib, json, sys
name = sys.argv[1]
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    m = importlib.import_module(name)
names = getattr(m, "__all__", None)
if names is None:
    names = [k for k in vars(m) if not k.startswith("_")]
print(json.dumps(sorted(set(str(n) for n in names))))
"""


def stdlib_modules():
    found = set()
    for name in sys.stdlib_module_names:
        if name in SKIP_TOP:
            continue
        found.add(name)
    stdlib = sysconfig.get_paths()["stdlib"]
    for info in pkgutil.iter_modules([stdlib]):
        if info.ispkg and info.name not in SKIP_TOP and info.name in sys.stdlib_module_names:
            for sub in pkgutil.walk_packages([os.path.join(stdlib, info.name)], prefix=info.name + ".", onerror=lambda _: None):
                if not SKIP_PARTS.intersection(sub.name.split(".")):
                    found.add(sub.name)
    found.add("os.path")  # not a submodule on disk, but importable as one
    return sorted(found)


def runtime_exports(name):
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    try:
        r = subprocess.run([sys.executable, "-c", PROBE, name], capture_output=True, text=True, timeout=20, stdin=subprocess.DEVNULL, env=env)
    except subprocess.TimeoutExpired:
        return None
    if r.returncode != 0:
        return None
    return set(json.loads(r.stdout))


def strings_in(node):
    if isinstance(node, (ast.List, ast.Tuple)):
        return {e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}
    return set()


def walk_module_level(body):
    """Top-level statements, descending into if/else and try branches (the stubs' version conditions)."""
    for stmt in body:
        yield stmt
        if isinstance(stmt, ast.If):
            yield from walk_module_level(stmt.body)
            yield from walk_module_level(stmt.orelse)
        elif isinstance(stmt, ast.Try):
            for part in (stmt.body, stmt.orelse, stmt.finalbody, *[h.body for h in stmt.handlers]):
                yield from walk_module_level(part)


def stub_exports(path):
    tree = ast.parse(open(path, encoding="utf-8").read())
    all_names, public, stars, has_all = set(), set(), set(), False
    for stmt in walk_module_level(tree.body):
        if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in stmt.targets):
            has_all = True
            all_names |= strings_in(stmt.value)
        elif isinstance(stmt, ast.AugAssign) and isinstance(stmt.target, ast.Name) and stmt.target.id == "__all__":
            has_all = True
            all_names |= strings_in(stmt.value)
        elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
            f = stmt.value.func
            if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id == "__all__":
                for a in stmt.value.args:
                    all_names |= strings_in(a) | ({a.value} if isinstance(a, ast.Constant) and isinstance(a.value, str) else set())
        elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            public.add(stmt.name)
        elif isinstance(stmt, ast.Assign):
            public |= {t.id for t in stmt.targets if isinstance(t, ast.Name)}
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            public.add(stmt.target.id)
        elif isinstance(stmt, ast.ImportFrom) and any(a.name == "*" for a in stmt.names):
            stars.add(stmt.module)
        elif isinstance(stmt, (ast.Import, ast.ImportFrom)):
            # In a stub only `import x as x` / `from m import x as x` re-export.
            public |= {a.asname for a in stmt.names if a.asname and a.asname == a.name.split(".")[-1]}
    # A stub without __all__ re-exports what its own star imports bind (resolved by the caller).
    return (all_names, set()) if has_all else ({n for n in public if not n.startswith("_")}, stars)


def typeshed_modules(root):
    out = {}
    for dirpath, _, files in os.walk(root):
        for f in files:
            if not f.endswith(".pyi"):
                continue
            rel = os.path.relpath(os.path.join(dirpath, f), root)[: -len(".pyi")].replace(os.sep, ".")
            if rel.endswith(".__init__"):
                rel = rel[: -len(".__init__")]
            if rel.startswith("_typeshed") or SKIP_PARTS.intersection(rel.split(".")) or rel.split(".")[0] in SKIP_TOP:
                continue
            out[rel] = os.path.join(dirpath, f)
    return out


def main():
    typeshed = typeshed_modules(sys.argv[1]) if len(sys.argv) > 1 else {}
    table = {}
    for name in stdlib_modules():
        names = runtime_exports(name)
        if names is not None:
            table[name] = names
    stubs = {}
    for name, path in typeshed.items():
        try:
            stubs[name] = stub_exports(path)
        except SyntaxError:
            continue

    def from_stub(name, seen=()):
        names, stars = stubs.get(name, (set(), set()))
        out = set(names)
        for star in stars:
            if star not in seen:
                out |= from_stub(star, seen + (name,)) | table.get(star, set())
        return out

    for name in stubs:
        table[name] = table.get(name, set()) | from_stub(name)
    v = sys.version_info
    print("// Generated by star-exports-data.py (CPython %d.%d.%d on %s%s): do not edit by hand." % (v.major, v.minor, v.micro, sys.platform, ", with typeshed's stubs" if typeshed else ""))
    print("// The names `from M import *` binds, per standard-library module, space-separated.")
    print("export const STDLIB_STAR_EXPORTS: Readonly<Record<string, string>> = {")
    for name in sorted(table):
        print("  %s: %s," % (json.dumps(name), json.dumps(" ".join(sorted(table[name])))))
    print("};")


main()
