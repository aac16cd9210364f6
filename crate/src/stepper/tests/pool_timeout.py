# result(timeout=) waits on the virtual clock and gives up with TimeoutError.
from concurrent.futures import ThreadPoolExecutor, TimeoutError
import time


def nap(seconds):
    time.sleep(seconds)
    return seconds


with ThreadPoolExecutor(max_workers=2) as executor:
    long_job = executor.submit(nap, 5)
    try:
        long_job.result(timeout=1)
    except TimeoutError:
        print("not ready after 1 s")
    print("waited for:", long_job.result())
    print("clock:", round(time.monotonic(), 1))
