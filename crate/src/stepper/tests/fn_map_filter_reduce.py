# map, filter and functools.reduce over the results that worker threads computed.
import threading
from functools import reduce

results = [0] * 6


def compute(i):
    results[i] = i * i + 1


threads = [threading.Thread(target=compute, args=(i,)) for i in range(6)]
for t in threads:
    t.start()
for t in threads:
    t.join()

doubled = list(map(lambda x: x * 2, results))
evens = list(filter(lambda x: x % 2 == 0, results))
total = reduce(lambda a, b: a + b, results)
product = reduce(lambda a, b: a * b, results, 1)
print("results:", results)
print("doubled:", doubled, "evens:", evens)
print("total:", total, "product:", product)
print("pairs:", list(map(lambda a, b: a - b, results, [1, 1, 1])))
print("truthy:", list(filter(None, [0, 1, "", "x", None, [], [0]])))
print("as strings:", ", ".join(map(str, results)))
print("sum of map:", sum(map(len, ["ab", "cde", ""])))
for n in map(abs, [-3, 2, -1]):
    print("abs", n)
longest = reduce(lambda a, b: a if len(a) >= len(b) else b, ["ab", "abcd", "xyz", "wxyz"])
print("longest:", longest)
squares = map(lambda x: x * x, range(4))
print(next(squares), next(squares), list(squares), list(squares))
