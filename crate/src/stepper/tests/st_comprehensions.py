# Comprehensions: several for clauses, conditions, nested targets, dict and set
# comprehensions, over results that threads produced.
import threading

squares = {}
lock = threading.Lock()


def compute(start, stop):
    for n in range(start, stop):
        with lock:
            squares[n] = n * n


threads = [threading.Thread(target=compute, args=(i * 3, i * 3 + 3)) for i in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(squares)
table = [(i, j, i * j) for i in range(1, 4) for j in range(1, 4) if i <= j]
print(table)
flat = [x for row in [[1, 2], [3], [], [4, 5]] for x in row]
print(flat)
inverse = {v: k for k, v in squares.items() if k % 2 == 0}
print(inverse)
lengths = {w: len(w) for w in ["one", "three", "five"]}
print(lengths)
residues = {n % 4 for n in squares.values()}
print(residues)
pairs = [(a, b) for (a, b) in [(1, "x"), (2, "y")]]
labels = [f"{k}={v}" for k, v in sorted(lengths.items(), key=lambda kv: kv[1])]
print(pairs, labels)
matrix = [[r * 3 + c for c in range(3)] for r in range(3)]
transposed = [[row[i] for row in matrix] for i in range(3)]
print(matrix, transposed)
evens_or_neg = [x if x % 2 == 0 else -x for x in range(6)]
print(evens_or_neg)
