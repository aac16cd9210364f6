# Arithmetic dunders on a Money class; totals summed by threads under a lock.
import threading


class Money:
    def __init__(self, cents):
        self.cents = cents

    def __add__(self, other):
        if isinstance(other, int):
            return Money(self.cents + other)
        return Money(self.cents + other.cents)

    def __radd__(self, other):
        return self + other

    def __sub__(self, other):
        return Money(self.cents - other.cents)

    def __mul__(self, k):
        return Money(self.cents * k)

    __rmul__ = __mul__

    def __truediv__(self, k):
        return Money(self.cents // k)

    def __eq__(self, other):
        return isinstance(other, Money) and self.cents == other.cents

    def __lt__(self, other):
        return self.cents < other.cents

    def __bool__(self):
        return self.cents != 0

    def __repr__(self):
        return "Money(%d.%02d)" % (self.cents // 100, self.cents % 100)


till = Money(0)
lock = threading.Lock()


def sell(price, n):
    global till
    for _ in range(n):
        with lock:
            till += price


ts = [threading.Thread(target=sell, args=(Money(p), 3)) for p in (150, 275, 99)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(till, till == Money(1572), till - Money(72), till * 2, 2 * till, till / 4)
print(sum([Money(1), Money(2), Money(3)]), sorted([Money(5), Money(1), Money(3)]))
print(bool(Money(0)), bool(till), "empty" if not Money(0) else "full")
print(max(Money(5), Money(7)), Money(1) + 4)
try:
    till - 5
except AttributeError as e:
    print("AttributeError")


class Plain:
    pass


try:
    Plain() * 2
except TypeError as e:
    print("TypeError:", e)
