# OrderedDict as a small LRU cache shared by threads under a lock.
import threading
from collections import OrderedDict

cache = OrderedDict()
lock = threading.Lock()
CAPACITY = 3
log = []


def lookup(key):
    with lock:
        if key in cache:
            cache.move_to_end(key)
            log.append(("hit", key))
            return cache[key]
        value = key * 10
        cache[key] = value
        if len(cache) > CAPACITY:
            old, _ = cache.popitem(last=False)
            log.append(("evict", old))
        log.append(("miss", key))
        return value


def client(keys):
    for k in keys:
        lookup(k)


threads = [threading.Thread(target=client, args=(ks,)) for ks in ([1, 2, 3], [1, 4, 2])]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(log)
print(list(cache.keys()), list(cache.items()))
d = OrderedDict([("a", 1), ("b", 2)])
d.move_to_end("a")
d.move_to_end("b", last=False)
print(list(d), d.popitem(), dict(d))
# (OrderedDict's repr changed in Python 3.12: compare its items, not its repr)
cache_items = list(cache.items())
del cache, d
