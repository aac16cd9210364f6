# Generators as coroutines: send(), next() with a default, return values through yield from.


def running_average():
    total = 0
    count = 0
    average = None
    while True:
        value = yield average
        if value is None:
            break
        total += value
        count += 1
        average = total // count
    return count


avg = running_average()
print(next(avg))
for v in [10, 20, 60]:
    print("average", avg.send(v))
print("after end:", next(avg, "finished"))
print("again:", next(avg, "still finished"))


def countdown(n):
    while n > 0:
        yield n
        n -= 1
    return "liftoff"


def launcher():
    result = yield from countdown(3)
    print("countdown said", result)
    yield from ["a", "b"]
    yield from range(2)
    return "launched"


steps = []
for step in launcher():
    steps.append(step)
print(steps)


def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b


f = fib()
first = [next(f) for _ in range(10)]
print(first)
g = countdown(2)
print(next(g), next(g), next(g, None))
