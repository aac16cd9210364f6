# A barrier of runners: nobody starts before everyone is at the line.
import threading
import time

RUNNERS = 4
start_line = threading.Barrier(RUNNERS)
arrivals = []
lock = threading.Lock()


def runner(name, warmup):
    print(name, "warms up for", warmup, "s")
    time.sleep(warmup)
    position = start_line.wait()
    with lock:
        arrivals.append((name, position))
    print(name, "runs! (arrived", position, ")")


names = ["Ada", "Bo", "Cy", "Di"]
threads = []
for i in range(RUNNERS):
    t = threading.Thread(target=runner, args=(names[i], RUNNERS - i))
    threads.append(t)
    t.start()
for t in threads:
    t.join()
print("parties:", start_line.parties, "waiting now:", start_line.n_waiting)
print(sorted(arrivals))
