# sys.exit in a thread ends only that thread; in the main thread it ends the
# main code, and the other threads still finish (CPython waits for them).
import sys
import threading

finished = []


def quitter():
    print("quitter starts")
    sys.exit(1)
    finished.append("quitter")


def worker(n):
    total = 0
    for i in range(n):
        total += i
    finished.append(n)
    print("worker", n, "total", total)


t = threading.Thread(target=quitter)
t.start()
t.join()
print("quitter alive?", t.is_alive())
ws = [threading.Thread(target=worker, args=(n,)) for n in (3, 5)]
for w in ws:
    w.start()
print("main exits now")
sys.exit()
print("never printed")
