# Ticket numbers from an endless counter: each worker takes the next few with islice.
import threading
import itertools

tickets = itertools.count(100, 10)
lock = threading.Lock()
taken = {}


def clerk(name, n):
    with lock:
        mine = list(itertools.islice(tickets, n))
        print(name, "took", mine)
    taken[name] = mine


threads = []
for i, n in enumerate([2, 3, 1]):
    t = threading.Thread(target=clerk, args=("clerk-" + str(i), n))
    threads.append(t)
    t.start()
for t in threads:
    t.join()
print("next free ticket:", next(tickets))
total = sum(len(v) for v in taken.values())
print("handed out", total)
