# Lists, dicts and sets built by displays and calls, called several times without the argument.
import collections


def add(item, bucket=[]):
    bucket.append(item)
    return bucket


def count(word, counts={}):
    counts[word] = counts.get(word, 0) + 1
    return counts


def seen(x, visited=set()):
    visited.add(x)
    return sorted(visited)


def queue(x, q=collections.deque()):
    q.append(x)
    return list(q)


def tally(word, c=collections.Counter()):
    c[word] += 1
    return dict(c)


print(add(1), add(2), add(3, []), add(4))
print(count("a"), count("a"), count("b"))
print(seen(1), seen(2))
print(queue("x"), queue("y"))
print(tally("w"), tally("w"))
print(add(5, None))
