# Twenty threads each read the counter, add one, and write it back. In one
# thread-after-another run nothing is lost; a single preemption between a
# read and its write loses an update.
import threading

counter = 0


def update():
    global counter
    current = counter
    current = current + 1
    counter = current


threads = []
for i in range(20):
    t = threading.Thread(target=update)
    threads.append(t)
    t.start()
for t in threads:
    t.join()
print("counter =", counter)
