# A pool of two worker threads runs two slow downloads at once. Each prints
# when it finishes: "small" (1 s) before "big" (2 s) on every schedule, yet
# the results come back in the order they were submitted. The virtual clock
# ends at 2 s, not 3: the pool waited for both at the same time.
import time
from concurrent.futures import ThreadPoolExecutor


def download(name, seconds):
    time.sleep(seconds)
    print("finished:", name)
    return name + " page"


with ThreadPoolExecutor(max_workers=2) as pool:
    futures = [pool.submit(download, "big", 2), pool.submit(download, "small", 1)]
results = [f.result() for f in futures]
elapsed = time.perf_counter()
print("results:", results)
print("took", elapsed, "seconds")
