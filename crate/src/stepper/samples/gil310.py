# CPython 3.10+ hands the GIL over only where its eval loop checks for a
# request: at calls and at the backward jump of a loop. `a += 1` has neither
# between its load and its store, so `a` never loses an update. `b = add(b, 1)`
# loads `b`, then calls: a switch inside the call can lose an update.
import threading

a = 0
b = 0


def add(x, y):
    return x + y


def worker():
    global a, b
    a += 1
    b = add(b, 1)


t1 = threading.Thread(target=worker)
t2 = threading.Thread(target=worker)
t1.start()
t2.start()
t1.join()
t2.join()
print("a =", a, "b =", b)
