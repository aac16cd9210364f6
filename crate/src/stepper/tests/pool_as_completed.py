# as_completed hands back each job as it finishes: shortest sleep first.
from concurrent.futures import ThreadPoolExecutor, as_completed
import time


def task(name, seconds):
    time.sleep(seconds)
    return name + " slept " + str(seconds)


order = []
with ThreadPoolExecutor(max_workers=4) as executor:
    jobs = {executor.submit(task, n, s): n for n, s in [("a", 3), ("b", 1), ("c", 2), ("d", 0.5)]}
    for future in as_completed(jobs):
        print("done:", jobs[future], "->", future.result())
        order.append(jobs[future])
print("completion order:", order)
