# The book's usual style: subclass threading.Thread and override run().
import threading
import time


class Worker(threading.Thread):
    def __init__(self, number, steps):
        super().__init__()
        self.number = number
        self.steps = steps
        self.done = 0

    def run(self):
        print(self.name, "starting worker", self.number)
        for i in range(self.steps):
            time.sleep(1)
            self.done += 1
        print(self.name, "finished worker", self.number)


workers = []
for i in range(3):
    w = Worker(i, i + 2)
    workers.append(w)
for w in workers:
    w.start()
for w in workers:
    w.join()
print("all done:", [w.done for w in workers])
print(isinstance(workers[0], threading.Thread), workers[1].is_alive())
done = [w.done for w in workers]
