# A producer generator feeding a consumer thread through a queue.
import queue
import threading


def produce_items(n):
    for i in range(n):
        print("producing", i)
        yield "item-" + str(i)
    print("producer done")


def producer(q, count):
    for item in produce_items(count):
        q.put(item)
    q.put(None)


def consumer(q, name, log):
    while True:
        item = q.get()
        if item is None:
            break
        log.append(name + " got " + item)


log = []
q = queue.Queue(2)
threads = [
    threading.Thread(target=producer, args=(q, 4)),
    threading.Thread(target=consumer, args=(q, "consumer", log)),
]
for t in threads:
    t.start()
for t in threads:
    t.join()
for line in log:
    print(line)
consumed = len(log)
