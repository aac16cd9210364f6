# Twenty threads each read a shared counter, sleep as if computing, then write
# back what they read plus one: the race condition of a textbook's chapter on
# races. A thread that sleeps between its read and its write lets the others
# read the same old value, so updates are lost (here even when each thread runs
# until it blocks: the sleep is where the others get in).
import threading
import time

counter = 0


def update():
    global counter
    current = counter  # read the shared counter
    time.sleep(0.1)  # "heavy calculations" between the read and the write
    counter = current + 1  # write back what was read, plus one


threads = [threading.Thread(target=update) for i in range(20)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("counter =", counter)
