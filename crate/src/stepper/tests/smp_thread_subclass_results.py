import threading


class Summer(threading.Thread):
    def __init__(self, numbers):
        super().__init__()
        self.numbers = numbers
        self.result = None

    def run(self):
        total = 0
        for n in self.numbers:
            total += n
        self.result = total


class Doubler(Summer):
    def run(self):
        super().run()
        self.result *= 2


workers = [Summer([1, 2, 3]), Doubler([4, 5]), Summer(range(10))]
for w in workers:
    w.start()
for w in workers:
    w.join()
results = [w.result for w in workers]
print(results, sum(results))
print([type(w).__name__ for w in workers], [isinstance(w, threading.Thread) for w in workers])
