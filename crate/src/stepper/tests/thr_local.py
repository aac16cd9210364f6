# threading.local: each thread sees its own attributes.
import threading
import time

data = threading.local()
results = {}


def handle(user, pause):
    data.user = user
    data.count = 0
    for _ in range(3):
        data.count += 1
        time.sleep(pause)
    results[data.user] = data.count
    print(threading.current_thread().name, "served", data.user, data.count, "times")


data.user = "main"
threads = [threading.Thread(target=handle, args=(u, p)) for u, p in [("ann", 1), ("bob", 2)]]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("main still sees", data.user)
print(sorted(results.items()))
