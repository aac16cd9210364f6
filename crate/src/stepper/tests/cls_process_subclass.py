# A multiprocessing.Process subclass: the child works on its own copy of the globals.
import multiprocessing

counter = 0


class Squarer(multiprocessing.Process):
    def __init__(self, n, shared):
        super().__init__()
        self.n = n
        self.shared = shared

    def run(self):
        global counter
        counter += 100
        with self.shared.get_lock():
            self.shared.value += self.n * self.n
        print("child squared", self.n)


if __name__ == "__main__":
    total = multiprocessing.Value("i", 0)
    procs = [Squarer(n, total) for n in range(1, 4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    print("sum of squares", total.value, "counter in parent", counter)
    result = total.value
