# Iterator classes: __iter__ returning self with __next__, and the old __getitem__ protocol.
import threading


class TicketMachine:
    """Hands out numbered tickets; next() is guarded by a lock."""

    def __init__(self, last):
        self.n = 0
        self.last = last
        self.lock = threading.Lock()

    def __iter__(self):
        return self

    def __next__(self):
        with self.lock:
            if self.n >= self.last:
                raise StopIteration
            self.n += 1
            return self.n


machine = TicketMachine(6)
taken = {}


def customer(name):
    got = []
    for _ in range(2):
        got.append(next(machine))
    taken[name] = got


cs = [threading.Thread(target=customer, args=(c,)) for c in "ABC"]
for c in cs:
    c.start()
for c in cs:
    c.join()
print(sorted(taken.items()))
print(next(machine, "sold out"))
print(list(TicketMachine(3)), sum(TicketMachine(4)))


class Squares:
    def __getitem__(self, i):
        if i >= 4:
            raise IndexError("done")
        return i * i


print(list(Squares()), [s + 1 for s in Squares()])
a, b, c, d = Squares()
print(a, b, c, d)
it = iter(TicketMachine(2))
print(next(it), next(it))
try:
    next(it)
except StopIteration:
    print("StopIteration")
lst = iter([10, 20])
print(next(lst), next(lst), next(lst, "end"))
