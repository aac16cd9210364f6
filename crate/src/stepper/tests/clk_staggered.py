# Workers that sleep in steps: their lines interleave by virtual time.
import threading
import time

lines = []
lock = threading.Lock()


def report(name, step, every):
    for i in range(step):
        time.sleep(every)
        with lock:
            lines.append((name, i))
        print(name, "step", i)


a = threading.Thread(target=report, args=("A", 3, 2))
b = threading.Thread(target=report, args=("B", 2, 3))
a.start()
b.start()
a.join()
b.join()
print(len(lines), "steps logged")
