import threading

count = 0
lock = threading.Lock()


def bump():
    global count
    with lock:
        count += 1


workers = [threading.Thread(target=bump) for _ in range(3)]
for w in workers:
    w.start()
assert count == 3, f"count is {count} before join"
for w in workers:
    w.join()
