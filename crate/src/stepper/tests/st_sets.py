# Sets: literals, set(), add/discard/remove, in, len, | & - ^, comprehensions, and a set of
# ids that worker threads fill.
import threading

primes = {2, 3, 5, 7, 11, 13}
odds = set(range(1, 15, 2))
print(primes, odds)
print("union:", primes | odds)
print("intersection:", primes & odds)
print("difference:", primes - odds, odds - primes)
print("symmetric:", primes ^ odds)
print(len(primes), 4 in primes, 5 in primes, 4 not in primes)
primes.add(17)
primes.add(2)
primes.discard(100)
primes.remove(13)
print(sorted(primes), primes)
empty = set()
print(empty, len(empty), bool(empty), set([3, 1, 3, 2, 1]))
print({x % 5 for x in range(20)}, {n * n for n in range(-3, 4)})
names = {"bob", "ann", "cy"}
names.add("ann")
print(sorted(names), len(names))
big = {100, 1, 64, 33, 8}
print(big, {40, 8, 16, 24, 32})
seen = set()
lock = threading.Lock()


def visit(ids):
    for i in ids:
        with lock:
            seen.add(i)


threads = [threading.Thread(target=visit, args=(chunk,)) for chunk in [[1, 2, 3], [3, 4], [2, 9, 1]]]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("seen:", seen, len(seen))
for x in {3, 1, 2}:
    print("item", x)
print({1, 2} == {2, 1}, {1} == {1, 2}, sorted({(1, 2), (0, 5)}))
count = len(seen)
