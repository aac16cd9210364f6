import threading
import time


def worker(n):
    time.sleep(n)
    print("in worker:", threading.current_thread())


threads = [threading.Thread(target=worker, args=(i,)) for i in range(2)]
print(threads[0])
for t in threads:
    t.start()
print(repr(threads[1]))
helper = threading.Thread(target=worker, args=(3,), name="helper", daemon=True)
print(helper)
helper.start()
for t in threads:
    t.join()
for t in threads:
    print(t, t.is_alive())
print(threading.main_thread())
timer = threading.Timer(0.5, print, args=("tick",))
timer.start()
print(timer)
timer.join()
print(timer)
