import threading

lock = threading.Lock()
log = []


def risky(i):
    try:
        with lock:
            log.append(f"{i} in")
            if i % 2 == 0:
                raise RuntimeError(f"task {i} failed")
            log.append(f"{i} out")
    except RuntimeError as e:
        log.append(str(e))


threads = [threading.Thread(target=risky, args=(i,)) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(log)
print("locked after all:", lock.locked())
