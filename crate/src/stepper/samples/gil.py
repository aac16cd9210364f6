# Under a GIL a thread runs k bytecodes before another may take over.
# Race or not depends on where the switches fall.
import threading

counter = 0


def worker():
    global counter
    for i in range(2):
        counter += 1


t1 = threading.Thread(target=worker)
t2 = threading.Thread(target=worker)
t1.start()
t2.start()
t1.join()
t2.join()
print("counter =", counter)
