# Workers drain a queue with get(block=False) and stop at queue.Empty.
import queue
import threading

jobs = queue.Queue()
for n in range(7):
    jobs.put(n)
finished = []
lock = threading.Lock()


def worker(wid):
    count = 0
    while True:
        try:
            job = jobs.get(block=False)
        except queue.Empty:
            break
        count += 1
        with lock:
            finished.append(job)
    print("worker", wid, "did", count, "jobs")


threads = [threading.Thread(target=worker, args=(w,)) for w in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(finished))
