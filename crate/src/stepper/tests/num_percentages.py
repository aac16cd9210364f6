# Threads count the words of each document; the main thread prints each
# document's share as a percentage.
import threading

documents = [
    "the quick brown fox jumps over the lazy dog",
    "concurrency is not parallelism",
    "a thread is a unit of execution",
    "the gil lets one thread run python bytecode at a time",
]
counts = [0] * len(documents)


def count_words(i):
    counts[i] = len(documents[i].split())


workers = [threading.Thread(target=count_words, args=(i,)) for i in range(len(documents))]
for w in workers:
    w.start()
for w in workers:
    w.join()

total = sum(counts)
shares = []
for i, c in enumerate(counts):
    share = c / total
    shares.append(round(share * 100, 1))
    print(f"doc {i}: {c:2d} words = {share:.1%} ({share:6.3f})")
print("shares:", shares, "total", total, "mean", total / len(counts))
print("ratio of first two:", counts[0] / counts[1], "integer ratio:", counts[0] // counts[1], counts[0] % counts[1])
