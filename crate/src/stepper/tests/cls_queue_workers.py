# Worker objects that consume a queue until they see a sentinel.
import queue
import threading


class Consumer:
    def __init__(self, name, tasks):
        self.name = name
        self.tasks = tasks
        self.handled = []

    def work(self):
        while True:
            item = self.tasks.get()
            if item is None:
                break
            self.handled.append(item * 2)


tasks = queue.Queue()
consumers = [Consumer("c" + str(i), tasks) for i in range(2)]
threads = [threading.Thread(target=c.work) for c in consumers]
for t in threads:
    t.start()
for n in range(6):
    tasks.put(n)
for c in consumers:
    tasks.put(None)
for t in threads:
    t.join()
for c in consumers:
    print(c.name, c.handled)
handled = sorted(consumers[0].handled + consumers[1].handled)
