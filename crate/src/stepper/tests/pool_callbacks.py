# add_done_callback: each finished job reports through a callback.
from concurrent.futures import ThreadPoolExecutor
import threading

lock = threading.Lock()
finished = []


def work(n):
    total = 0
    for i in range(n):
        total += i
    return total


def report(future):
    with lock:
        finished.append(future.result())
    print("callback got", future.result())


with ThreadPoolExecutor(max_workers=2) as executor:
    for n in [3, 5, 7]:
        f = executor.submit(work, n)
        f.add_done_callback(report)
print("finished:", sorted(finished))
