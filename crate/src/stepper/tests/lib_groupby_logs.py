# Threads log events; afterwards groupby summarises the log by thread name.
import threading
from itertools import groupby

log = []
lock = threading.Lock()


def worker(name, n):
    for i in range(n):
        with lock:
            log.append((name, i))


ts = [threading.Thread(target=worker, args=(n, k)) for n, k in [("w1", 2), ("w2", 3), ("w3", 1)]]
for t in ts:
    t.start()
for t in ts:
    t.join()

by_name = sorted(log, key=lambda e: e[0])
for name, events in groupby(by_name, key=lambda e: e[0]):
    steps = [e[1] for e in events]
    print(name, "did", len(steps), "steps:", steps)
runs = [(k, len(list(g))) for k, g in groupby("aaabccdd")]
print(runs)
groups = len(runs)
