# A producer/consumer pair on a deque guarded by a Condition (the book's hand-made queue).
import threading
import time
from collections import deque

jobs = deque()
cond = threading.Condition()
done = []


def producer():
    for i in range(5):
        time.sleep(0.1)
        with cond:
            jobs.append(i * i)
            cond.notify()
    with cond:
        jobs.append(None)
        cond.notify()


def consumer():
    while True:
        with cond:
            while not jobs:
                cond.wait()
            item = jobs.popleft()
        if item is None:
            break
        done.append(item)
        print("consumed", item)


c = threading.Thread(target=consumer)
p = threading.Thread(target=producer)
c.start()
p.start()
p.join()
c.join()
print("done:", done, "left:", len(jobs))
