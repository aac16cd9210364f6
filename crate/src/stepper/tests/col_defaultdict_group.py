# Workers report results; a defaultdict(list) groups them by worker.
import threading
from collections import defaultdict

results = defaultdict(list)
lock = threading.Lock()


def work(wid, tasks):
    for t in tasks:
        value = t * t
        with lock:
            results[wid].append(value)


threads = []
for wid in range(3):
    tasks = list(range(wid, wid + 3))
    t = threading.Thread(target=work, args=(wid, tasks))
    threads.append(t)
    t.start()
for t in threads:
    t.join()

for wid in sorted(results):
    print("worker", wid, "->", results[wid])
print(results)
print(len(results), 7 in results, results[7], len(results))
grouped = dict(results)
