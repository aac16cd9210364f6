# wait() until every job is done, then read the results sorted.
from concurrent.futures import ThreadPoolExecutor, wait
import time


def job(n):
    time.sleep(n)
    return n * 10


with ThreadPoolExecutor(max_workers=3) as executor:
    futures = [executor.submit(job, n) for n in [3, 1, 2]]
    done, not_done = wait(futures)
    print("done:", len(done), "not done:", len(not_done))
    print(sorted(f.result() for f in done))
