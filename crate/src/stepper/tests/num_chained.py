# Chained comparisons evaluate each operand once, left to right, and stop early.
import threading

calls = []
lock = threading.Lock()


def val(name, v):
    with lock:
        calls.append(name)
    return v


def check(lo, x, hi):
    return lo <= x < hi


print(1 < 2 < 3, 3 > 2 > 2, 1 < 3 > 2, 1 == 1.0 == True, 0 < 0.5 <= 1 < 2)
print(val("a", 1) < val("b", 2) < val("c", 3))
print(calls)
calls.clear()
print(val("a", 5) < val("b", 2) < val("c", 3))
print(calls)
ok = []


def worker(x):
    if 0 <= x < 10 and check(0, x * 1.5, 10):
        ok.append(x)


ts = [threading.Thread(target=worker, args=(i,)) for i in range(-2, 12, 3)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(ok, "a" < "b" < "c", (1, 2) < (1, 3) <= (2,), [1, 2] < [1, 2, 0])
x = 5
print(x if 1 < x < 10 else -x, not 1 < x < 3, 1 < x is not None)
