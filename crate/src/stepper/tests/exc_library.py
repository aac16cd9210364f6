# Library errors are exceptions a program can catch: queue.Empty, StopIteration, SystemExit.
import queue
import sys
import threading

jobs = queue.Queue()
for n in range(3):
    jobs.put(n * n)

done = []


def worker():
    while True:
        try:
            item = jobs.get_nowait()
        except queue.Empty:
            print(threading.current_thread().name, "found the queue empty")
            break
        done.append(item)


t = threading.Thread(target=worker, name="drainer")
t.start()
t.join()


def countdown(n):
    while n > 0:
        yield n
        n -= 1
    return "liftoff"


g = countdown(2)
print(next(g), next(g))
try:
    next(g)
except StopIteration as e:
    print("generator finished with", e.value if hasattr(e, "value") else e.args)

try:
    sys.exit(3)
except SystemExit as e:
    print("caught SystemExit", e.code if hasattr(e, "code") else e.args)
finally:
    print("finally runs")

total = sum(done)
print("total", total)
