# Chapter 4's lesson: `with lock:` releases the lock when an exception leaves the block,
# and try/finally does the same for a manual acquire().
import threading

lock = threading.Lock()
done = []


def risky(n):
    try:
        with lock:
            if n % 2 == 1:
                raise RuntimeError("odd " + str(n))
            done.append(n)
    except RuntimeError as e:
        print("handled:", e)


def careful(n):
    lock.acquire()
    try:
        if n == 1:
            raise KeyError(n)
        done.append(10 + n)
    finally:
        lock.release()


threads = [threading.Thread(target=risky, args=(i,)) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
for n in range(3):
    try:
        careful(n)
    except KeyError as e:
        print("careful failed with key", e)
print(done, lock.locked())
