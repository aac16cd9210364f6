# Two threads each add 1 to a shared counter. `counter += 1` is three steps:
# load, add, store -- a switch between them loses an update.
import threading

counter = 0


def worker():
    global counter
    counter += 1


t1 = threading.Thread(target=worker)
t2 = threading.Thread(target=worker)
t1.start()
t2.start()
t1.join()
t2.join()
print("counter =", counter)
