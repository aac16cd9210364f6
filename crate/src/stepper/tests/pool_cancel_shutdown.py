# A queued job can be cancelled before a worker takes it; a running one cannot.
from concurrent.futures import ThreadPoolExecutor, CancelledError
import time


def slow(n):
    time.sleep(1)
    return n


executor = ThreadPoolExecutor(max_workers=1)
first = executor.submit(slow, 1)
second = executor.submit(slow, 2)
print("cancel second:", second.cancel())
print("cancelled?", second.cancelled(), "done?", second.done())
print("first:", first.result())
print("cancel first now:", first.cancel())
try:
    second.result()
except CancelledError:
    print("second was cancelled")
executor.shutdown(wait=True)
try:
    executor.submit(slow, 3)
except RuntimeError as e:
    print("RuntimeError:", e)
