# Jobs that sleep on the clock: the pool's three workers share five jobs.
from concurrent.futures import ThreadPoolExecutor
import threading
import time


def download(page, seconds):
    name = threading.current_thread().name
    print(name, "starts page", page)
    time.sleep(seconds)
    print(name, "finished page", page, "after", seconds, "s")
    return len(page) * seconds


start = time.perf_counter()
pages = [("home", 2), ("about", 1), ("news", 3), ("shop", 1), ("faq", 2)]
with ThreadPoolExecutor(max_workers=3) as pool:
    futures = [pool.submit(download, page, s) for page, s in pages]
sizes = [f.result() for f in futures]
elapsed = round(time.perf_counter() - start, 2)
print("sizes:", sizes)
print("elapsed:", elapsed)
