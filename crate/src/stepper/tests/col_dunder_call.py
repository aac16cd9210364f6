# Callable objects (__call__) as thread targets and as defaultdict factories.
import threading
from collections import defaultdict


class Counter:
    def __init__(self):
        self.calls = 0
        self.lock = threading.Lock()

    def __call__(self, n):
        for _ in range(n):
            with self.lock:
                self.calls += 1
        return self.calls


class Factory:
    def __init__(self, start):
        self.next = start

    def __call__(self):
        self.next += 1
        return self.next


hits = Counter()
ts = [threading.Thread(target=hits, args=(4,)) for _ in range(3)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("calls:", hits.calls, hits(1))

ids = defaultdict(Factory(100))
for name in ["ann", "bob", "ann", "cy"]:
    print(name, ids[name])
print(dict(ids))
total = hits.calls
del ids
