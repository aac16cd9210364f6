# Workers sleep fractions of a second on the virtual clock; the seeded random
# numbers and the readings are floats, as CPython gives them.
import random
import threading
import time

start = time.time()


def worker(n):
    time.sleep(n * 0.5)
    print("worker", n, "done after", round(time.time() - start, 2), "s")


threads = [threading.Thread(target=worker, args=(i,)) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()

random.seed(7)
first = random.random()
spread = random.uniform(1, 2)
print(first, spread)
elapsed = time.time() - start
print(f"elapsed {elapsed:.3f} s, perf_counter {time.perf_counter()}")
