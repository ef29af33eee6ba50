"""Many print shapes; run before and after print-to-logging, the text must be the same."""
import sys
from decimal import Decimal


class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __str__(self):
        return f"({self.x}, {self.y})"

    def __repr__(self):
        return f"Point({self.x!r}, {self.y!r})"


def basics():
    n, name, ratio = 42, "Zoë 😀", 2 / 3
    p = Point(1, "a")
    print("Processing", n, "items")
    print("done")
    print(p)
    print()
    print("count:", 3, True, None, 0)
    print("a", "b", sep="")
    print(n, name, sep=", ")
    print(n, name, sep=None)
    print(n, name, sep="%")
    print("x", "y", sep="\t")
    print("ok", end="\n")
    print("100%")
    print("100%", n)
    print("%d items", n)
    print("%s %%")
    print("bad input:", name, file=sys.stderr)
    print("to stdout", file=sys.stdout)
    print("flushed", flush=True)
    print("no newline", end="")  # stays
    print(" <- same line")
    print("to a file?", file=sys.__stdout__)  # stays


def formats():
    x, t, n, name, price, width = "v", 1.23456, 255, "abc", 1234.5678, 10
    p = Point(3, 4)
    print(f"Got {x!r} in {t:.2f}s")
    print(f"{p!s} {p!r} {name!a} {'é'!a}")
    print(f"{x=} { t = } {t=:.1f} {p=!s}")
    print(f"{{literal}} braces and 100% {x}")
    print(f"{[1, 2][0]} {len(name)} {x, t}")
    print(f"no fields")
    print(f"id {n:05d} hex {n:x} {n:#X} {n:+d} {n:o} {-n:x} {n:#o}")
    print(f"[{name:>8}] [{name:<8}] [{name:10}] [{name!r:>12}] [{name!r:12}] [{name:.2}]")
    print(f"{price:10.3e} {price:g} {price:08.2f} {price:.3} {-price:+.1f} {price:F}")
    print(f"{n:,} items, {ratio():.1%}, [{name:^9}] [{name:*<6}] {n:b}")
    print(f"[{name:>{width}}] {price:.{n % 4}f} [{n:{width}}]")
    print(f"{Decimal('1.10')} {3:>4} {2.5:>6} {-7:<5}|")
    print(f"""multi
line {x}""")
    print("x=%d y=%s" % (n, x))
    print("Total: %d" % 5)
    print("Name: %s" % "bob")
    print("ratio %.1f%%" % (t / 2,))
    print("x=%d" % (n,), "and 10%")
    print("%s" % name)
    print("%s and %s" % (x, p))
    print("%(a)s" % {"a": 1})
    print("width [%*d]" % (6, n))
    print("x={} y={!r:>8}".format(x, p))
    print("{0} took {1:.2f}s, 100% done".format(name, t))
    print("{{literal}} {}".format(x))
    print("{1} {0}".format(x, n))
    print(repr(x), str(p), ascii("é"))


def ratio():
    return 0.4567


def literals():
    p = "path"
    print(r"C:\temp\new", p)
    print(r"C:\temp", r"\d+")
    print("""usage: tool [options]
  -h  help""")
    print("""Report for""", p, """
done""")
    print("a" "b", 'c', p)
    print("a long message that was wrapped "
          "over two lines", p)
    print(
        "header "
        # a comment between the parts
        "continues",
        p,  # trailing
    )
    print(u"unicode", p)
    print(b"bytes", p)
    print('it\'s', "say \"hi\"", p)
    print("\x25d and \N{PERCENT SIGN} and \u00e9", p)
    print("\1" "2", p)
    print("tab\there é 中文 😀", p)


def containers():
    d = {"k": 1}
    t = (1, 2)
    one = (5,)
    print(d)
    print({})
    print(t)
    print(one)
    print("%s" % (d,))
    print("%s" % (t,))
    print("dict:", d, "tuple:", t)
    print([1, "a"], {1, 2} if False else "set")


def starred():
    items = [1, "two", 3.0]
    empty = []
    print(*items)
    print(*items, sep=", ")
    print("items:", *items)
    print("empty:", *empty)
    print(*empty)
    print(*(i * 2 for i in range(3)), sep="-")
    print(*items, sep="\n", file=sys.stderr)


class Widget:
    print("defining Widget")

    def show(self, items):
        callback = lambda x: print("got", x)
        [print(i) for i in items]
        print(print("inner"))
        callback(7)


print("module level", 1)
basics()
formats()
literals()
containers()
starred()
Widget().show(["a", "b"])
