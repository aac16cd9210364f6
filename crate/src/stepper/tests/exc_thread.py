# An exception that escapes a thread ends only that thread (CPython prints it on stderr).
import threading

results = []


def task(n):
    if n == 2:
        raise ValueError("task " + str(n) + " failed")
    results.append(n * n)


threads = [threading.Thread(target=task, args=(i,)) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("results:", results)
print("alive:", [t.is_alive() for t in threads])
print("the main thread carries on")
