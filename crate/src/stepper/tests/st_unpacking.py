# Unpacking targets: starred names, nested tuples in for loops, swaps through subscripts.
import threading

first, *rest = [1, 2, 3, 4]
*init, last = "abc"
head, *middle, tail = range(6)
a, (b, c) = 1, (2, 3)
print(first, rest, init, last, head, middle, tail, a, b, c)
pairs = [("x", 1), ("y", 2), ("z", 3)]
for i, (name, value) in enumerate(pairs):
    print(i, name, value)
for (k, v), n in zip(pairs, [10, 20]):
    print(k, v * n)
grid = [[1, 2], [3, 4]]
grid[0][1], grid[1][0] = grid[1][0], grid[0][1]
print(grid)
values = [5, 1, 4, 2, 3]


def bubble(xs):
    n = len(xs)
    for i in range(n):
        for j in range(n - 1 - i):
            if xs[j] > xs[j + 1]:
                xs[j], xs[j + 1] = xs[j + 1], xs[j]


bubble(values)
print(values)
totals = {}
lock = threading.Lock()


def tally(name, *amounts):
    with lock:
        totals[name] = sum(amounts)


jobs = [("ann", (1, 2)), ("bob", (3,)), ("cy", ())]
threads = []
for who, amounts in jobs:
    t = threading.Thread(target=tally, args=(who, *amounts))
    threads.append(t)
    t.start()
for t in threads:
    t.join()
print(totals)
x = y = z = 0
x += 1
print(x, y, z)
