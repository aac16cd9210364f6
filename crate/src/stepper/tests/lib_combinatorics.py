# Which pairs of threads could race on a shared variable? Enumerate them with itertools.
import itertools

threads = ["T1", "T2", "T3", "T4"]
pairs = list(itertools.combinations(threads, 2))
print(len(pairs), "pairs:", pairs)

orders = list(itertools.permutations(["read", "write", "log"]))
print(len(orders), "orders of three steps")
for o in orders[:3]:
    print(" -> ".join(o))

grid = list(itertools.product([1, 2], ["lock", "nolock"]))
print(grid)
bits = ["".join(str(b) for b in p) for p in itertools.product([0, 1], repeat=3)]
print(bits)
npairs = len(pairs)
norders = len(orders)
