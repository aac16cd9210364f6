# Threads appending to a shared deque: deque.append is one indivisible call, so no item is lost.
import threading
from collections import deque

log = deque()


def worker(name, n):
    for i in range(n):
        log.append((name, i))


threads = []
for k in range(4):
    t = threading.Thread(target=worker, args=("w%d" % k, 3))
    threads.append(t)
    t.start()
for t in threads:
    t.join()

print("items logged:", len(log))
print("first:", log[0], "last:", log[-1])
per_worker = {}
for name, i in log:
    per_worker[name] = per_worker.get(name, 0) + 1
print(sorted(per_worker.items()))
total = len(log)
