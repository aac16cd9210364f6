# A thread that raises: threading.excepthook prints its traceback to stderr,
# that thread alone ends, the others go on. careful() holds the lock in a
# `with`, so the exception releases it; careless() calls acquire() with no
# `finally`, so its exception leaves the lock held by a thread that has ended.
import threading

lock = threading.Lock()
total = 0


def careful(n):
    global total
    with lock:
        if n < 0:
            raise ValueError(f"negative amount: {n}")
        total += n


def careless(n):
    global total
    lock.acquire()
    if n < 0:
        raise ValueError(f"negative amount: {n}")
    total += n
    lock.release()


threads = [threading.Thread(target=careful, args=(-1,)),
           threading.Thread(target=careful, args=(2,)),
           threading.Thread(target=careless, args=(-3,))]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("total =", total)
