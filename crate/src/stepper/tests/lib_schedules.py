# How many ways can two threads of two steps each interleave? Count with itertools.
import itertools

steps = ["A1", "A2", "B1", "B2"]
valid = []
for perm in itertools.permutations(steps):
    order = list(perm)
    if order.index("A1") < order.index("A2") and order.index("B1") < order.index("B2"):
        valid.append(" ".join(order))
for v in valid:
    print(v)
print(len(valid), "interleavings")
choose = len(list(itertools.combinations(range(4), 2)))
print("C(4, 2) =", choose)
