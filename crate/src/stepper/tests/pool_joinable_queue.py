# Producer/consumer with a JoinableQueue: the producer waits until every item is processed.
import multiprocessing
import time


def consumer(q, name):
    while True:
        item = q.get()
        if item is None:
            q.task_done()
            break
        print(name, "processed", item * item)
        time.sleep(1)
        q.task_done()


if __name__ == "__main__":
    q = multiprocessing.JoinableQueue()
    workers = [multiprocessing.Process(target=consumer, args=(q, "consumer-" + str(i))) for i in range(2)]
    for w in workers:
        w.start()
    for item in range(5):
        q.put(item)
    for _ in workers:
        q.put(None)
    q.join()
    print("all items processed at", time.monotonic())
    for w in workers:
        w.join()
    print("consumers alive:", [w.is_alive() for w in workers])
