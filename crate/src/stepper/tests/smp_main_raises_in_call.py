import threading

results = []


def produce(n):
    for i in range(n):
        results.append(i * i)
    print("produced", n)


def check(xs):
    if len(xs) < 10:
        raise ValueError(f"only {len(xs)} results")
    return xs


t = threading.Thread(target=produce, args=(4,))
t.start()
check(results)
t.join()
