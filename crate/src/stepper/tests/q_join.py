# The classic worker pool: daemon workers, q.task_done() and q.join().
import queue
import threading
import time

tasks = queue.Queue()
results = []


def worker(n):
    while True:
        item = tasks.get()
        time.sleep(item)
        results.append((item, n))
        print("worker", n, "finished a", item, "second task")
        tasks.task_done()


for n in range(3):
    threading.Thread(target=worker, args=(n,), daemon=True).start()
for seconds in [2, 1, 3, 1, 2]:
    tasks.put(seconds)
tasks.join()
print("all", len(results), "tasks done; queue empty:", tasks.empty())
total = sum([r[0] for r in results])
