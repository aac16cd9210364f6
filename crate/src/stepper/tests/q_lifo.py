# LifoQueue is a stack; SimpleQueue is an unbounded FIFO without task tracking.
import queue
import threading

plates = queue.LifoQueue(maxsize=3)
for p in ["red", "green", "blue"]:
    plates.put(p)
print("stack full?", plates.full(), "size", plates.qsize())
taken = []
while not plates.empty():
    taken.append(plates.get())
print("taken from the top:", taken)

inbox = queue.SimpleQueue()
received = []


def sender(who, n):
    for i in range(n):
        inbox.put((who, i))


def reader(count):
    for _ in range(count):
        received.append(inbox.get())


threads = [threading.Thread(target=sender, args=("a", 2)), threading.Thread(target=sender, args=("b", 3))]
threads.append(threading.Thread(target=reader, args=(5,)))
for t in threads:
    t.start()
for t in threads:
    t.join()
print("received", received, "left", inbox.qsize(), inbox.empty())
