# Closures bind late: a loop of lambdas sees the last value; a default argument captures
# each value; threads started from closures share the enclosing variable.
import threading


def late():
    funcs = []
    for i in range(3):
        funcs.append(lambda: i * 10)
    return [f() for f in funcs]


def early():
    funcs = []
    for i in range(3):
        funcs.append(lambda i=i: i * 10)
    return [f() for f in funcs]


def shared_total():
    total = 0
    lock = threading.Lock()

    def add(amount):
        nonlocal total
        with lock:
            total += amount

    threads = [threading.Thread(target=add, args=(n,)) for n in range(1, 5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return total


def adders():
    def make_adder(n):
        def add(x):
            return x + n
        return add
    return [make_adder(n)(100) for n in range(3)]


def rebinding():
    x = "first"

    def show():
        return x

    before = show()
    x = "second"
    return before, show()


print("late:", late())
print("early:", early())
print("shared total:", shared_total())
print("adders:", adders())
print("rebinding:", rebinding())
