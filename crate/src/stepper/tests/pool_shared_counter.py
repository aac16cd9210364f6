# Pool workers share memory: a lock keeps the counter right.
from concurrent.futures import ThreadPoolExecutor
import threading

counter = 0
lock = threading.Lock()


def increment(times):
    global counter
    for _ in range(times):
        with lock:
            counter += 1
    return times


with ThreadPoolExecutor(max_workers=4) as executor:
    done = list(executor.map(increment, [10, 20, 30, 40]))
print("each:", done)
print("counter:", counter)
