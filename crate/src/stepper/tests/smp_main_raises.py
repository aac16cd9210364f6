import threading
import time


def worker(n):
    time.sleep(n)
    print("worker", n, "finished")


for i in range(3):
    threading.Thread(target=worker, args=(i,)).start()
print("main thread: about to fail")
values = [1, 2, 3]
total = values[5]
print("not reached")
