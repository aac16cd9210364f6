import threading

lock = threading.Lock()
done = 0


def careful(i):
    global done
    lock.acquire()
    try:
        if i == 1:
            raise KeyError(i)
        done += 1
    finally:
        lock.release()


threads = [threading.Thread(target=careful, args=(i,)) for i in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("done:", done, "locked:", lock.locked())
