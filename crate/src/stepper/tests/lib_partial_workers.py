# functools.partial fixes some arguments of a thread target.
import threading
from functools import partial

results = {}


def scale(factor, x, offset=0):
    results[x] = factor * x + offset


double = partial(scale, 2)
shifted = partial(scale, 3, offset=100)
threads = []
for x in range(4):
    f = double if x % 2 == 0 else shifted
    threads.append(threading.Thread(target=f, args=(x,)))
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(results.items()))
print(partial(max, 5)(3, 9))
biggest = max(results.values())
