# Workers fill their own result lists; the main thread chains them into one report.
import threading
from itertools import chain, repeat

results = [[] for _ in range(3)]


def worker(idx):
    for k in range(idx + 1):
        results[idx].append(idx * 10 + k)


workers = [threading.Thread(target=worker, args=(i,)) for i in range(3)]
for w in workers:
    w.start()
for w in workers:
    w.join()

merged = list(chain(*results))
print("merged:", merged)
flat = list(chain.from_iterable(results))
print("same via from_iterable:", flat == merged)
print("separator:", "".join(repeat("-", 12)))
count = len(merged)
