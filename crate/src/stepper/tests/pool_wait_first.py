# wait(FIRST_COMPLETED) returns as soon as one job is done; FIRST_EXCEPTION at the first failure.
from concurrent.futures import ThreadPoolExecutor, wait, FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED
import time


def job(n):
    time.sleep(n)
    if n == 2:
        raise ValueError("job 2 failed")
    return n


print(FIRST_COMPLETED, ALL_COMPLETED)
with ThreadPoolExecutor(max_workers=3) as executor:
    futures = [executor.submit(job, n) for n in [3, 1, 2]]
    done, pending = wait(futures, return_when=FIRST_COMPLETED)
    print("first:", [f.result() for f in done], "pending:", len(pending), "at", time.monotonic())
    done, pending = wait(futures, return_when=FIRST_EXCEPTION)
    print("failed:", [repr(f.exception()) for f in done if f.exception()], "at", time.monotonic())
    done, pending = wait(futures, return_when=ALL_COMPLETED)
    print("all done:", len(done), len(pending), "at", time.monotonic())
