# Defaults kept across calls on purpose (a memo, a registry, a counter): the rewrite is the rule, and
# each edit message must say that calls no longer share the object (lines marked `# shared`).
def fib(n, memo={0: 0, 1: 1}):  # shared
    if n not in memo:
        memo[n] = fib(n - 1, memo) + fib(n - 2, memo)
    return memo[n]


def register(name, registry=[]):  # shared
    registry.append(name)
    return registry


def counter(state={"n": 0}):  # shared
    state["n"] += 1
    return state["n"]


def total(values=[]):
    return sum(values), len(values)


print(fib(10), fib.__defaults__)
print(register("a"), register("b"))
print(counter(), counter(), counter())
print(total(), total([1, 2]))
