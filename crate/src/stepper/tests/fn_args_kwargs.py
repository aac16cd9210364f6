# Positional, default, *args, keyword-only and **kwargs parameters, and f(*xs, **d) calls.
import threading


def describe(name, *values, sep=", ", **options):
    text = name + ": " + sep.join(str(v) for v in values)
    for key in sorted(options):
        text += " [" + key + "=" + str(options[key]) + "]"
    return text


def scaled_sum(*numbers, factor=1):
    return sum(numbers) * factor


def point(x, y=0, z=0):
    return (x, y, z)


print(describe("empty"))
print(describe("nums", 1, 2, 3))
print(describe("nums", 1, 2, 3, sep=" | ", color="red", size=2))
data = [4, 5, 6]
opts = {"factor": 10}
print(scaled_sum(*data), scaled_sum(*data, **opts), scaled_sum(1, *data, 2, factor=2))
print(point(1), point(1, 2), point(*[1, 2, 3]), point(**{"x": 7, "z": 9}))
print(*data, sep="-")
print(*"abc", end="!\n")
print(max(*data), min(3, *data))

results = {}
lock = threading.Lock()


def task(worker_id, *items, label="task", **extra):
    with lock:
        results[worker_id] = (label, sum(items), sorted(extra.items()))


jobs = [(1, [1, 2]), (2, [3, 4, 5]), (3, [])]
threads = []
for wid, items in jobs:
    t = threading.Thread(target=task, args=(wid, *items), kwargs={"label": "job" + str(wid), "prio": wid % 2})
    threads.append(t)
    t.start()
for t in threads:
    t.join()
for wid in sorted(results):
    print(wid, results[wid])
