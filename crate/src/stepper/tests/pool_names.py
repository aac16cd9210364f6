# Worker threads are named after their pool; a prefix renames them.
from concurrent.futures import ThreadPoolExecutor
import threading


def whoami(_):
    return threading.current_thread().name


with ThreadPoolExecutor(max_workers=2) as first:
    print(sorted(set(first.map(whoami, range(2)))))
with ThreadPoolExecutor(max_workers=2, thread_name_prefix="crawler") as second:
    print(sorted(set(second.map(whoami, range(2)))))
with ThreadPoolExecutor(max_workers=1) as third:
    print(third.submit(whoami, 0).result())
