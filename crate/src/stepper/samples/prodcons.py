# A producer and a consumer share a bounded queue (room for 2 items).
# put() blocks while it is full, get() while it is empty.
import threading
import queue

q = queue.Queue(maxsize=2)
consumed = []


def producer():
    for i in range(3):
        q.put(i)
    q.put(None)


def consumer():
    while True:
        item = q.get()
        if item is None:
            break
        consumed.append(item)


p = threading.Thread(target=producer)
c = threading.Thread(target=consumer)
p.start()
c.start()
p.join()
c.join()
print("consumed", consumed)
