# A priority queue of jobs: workers always take the most urgent job first.
import queue
import threading
import time

jobs = queue.PriorityQueue()
done = []
lock = threading.Lock()


def worker(name):
    while True:
        priority, job = jobs.get()
        if job == "stop":
            jobs.task_done()
            break
        time.sleep(priority)
        with lock:
            done.append(job)
        print(name, "did", job, "(priority", str(priority) + ")")
        jobs.task_done()


for priority, job in [(3, "backup"), (1, "fix prod"), (2, "review"), (1, "page on-call"), (5, "tidy")]:
    jobs.put((priority, job))
print("queued", jobs.qsize(), "jobs")
workers = [threading.Thread(target=worker, args=("w" + str(i),)) for i in range(2)]
for w in workers:
    w.start()
jobs.join()
for w in workers:
    jobs.put((99, "stop"))
for w in workers:
    w.join()
print("order:", done, "empty:", jobs.empty())
