# A BoundedSemaphore limits how many threads use a resource at once.
import threading
import time

pool = threading.BoundedSemaphore(2)
lock = threading.Lock()
inside = 0
most = 0


def connect(n):
    global inside, most
    with pool:
        with lock:
            inside += 1
            most = max(most, inside)
        print("connection", n, "open,", inside, "open now")
        time.sleep(2)
        with lock:
            inside -= 1
    print("connection", n, "closed")


threads = [threading.Thread(target=connect, args=(i,)) for i in range(5)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("at most", most, "connections were open at once")
