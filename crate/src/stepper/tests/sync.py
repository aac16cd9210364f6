# threading primitives: RLock, Semaphore, Condition, Event, Queue.
import threading
import queue
from threading import Thread, Lock

rlock = threading.RLock()
sem = threading.Semaphore(2)
cond = threading.Condition()
started = threading.Event()
results = queue.Queue()
box = []
count = 0
lock = Lock()


def nested():
    global count
    with rlock:
        with rlock:
            count += 1


def limited(n):
    sem.acquire()
    results.put(n * n)
    sem.release()


def waiter():
    with cond:
        while len(box) == 0:
            cond.wait()
        print("waiter got", box[0])


def notifier():
    started.wait()
    with cond:
        box.append("parcel")
        cond.notify_all()


ts = [Thread(target=waiter), Thread(target=notifier)]
for t in ts:
    t.start()
started.set()
for n in range(3):
    t = Thread(target=limited, args=(n,))
    ts.append(t)
    t.start()
t = Thread(target=nested)
ts.append(t)
t.start()
for t in ts:
    t.join()
squares = []
while not results.empty():
    squares.append(results.get())
print("squares", squares, "count", count, "locked", lock.locked())
got = lock.acquire(False)
print("got", got, lock.acquire(False))
lock.release()
