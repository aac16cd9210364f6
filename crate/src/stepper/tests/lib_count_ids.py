# Unique request ids from one shared itertools.count: next() on it is a single C call.
import threading
import itertools
import time

ids = itertools.count(1)
issued = []


def client(name, n, pause):
    for _ in range(n):
        rid = next(ids)
        issued.append(rid)
        time.sleep(pause)
    print(name, "done")


cs = [threading.Thread(target=client, args=("c" + str(i), 2, 0.02 * (i + 1))) for i in range(3)]
for c in cs:
    c.start()
for c in cs:
    c.join()
print(sorted(issued))
print("unique:", len(set(issued)) == len(issued))
last = max(issued)
