import threading

finished = []


def task(name, value):
    if value == 0:
        raise ZeroDivisionError(f"{name}: division by zero")
    finished.append((name, 100 // value))


threads = [threading.Thread(target=task, args=(n, v), name=n) for n, v in [("a", 5), ("b", 0), ("c", 3)]]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("finished:", finished)
print("alive:", [t.is_alive() for t in threads])
