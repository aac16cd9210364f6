# Round-robin job assignment with itertools.cycle, executed by one thread per server.
import threading
import itertools

servers = ["alpha", "beta", "gamma"]
jobs = ["job" + str(i) for i in range(7)]
plan = {s: [] for s in servers}
for job, server in zip(jobs, itertools.cycle(servers)):
    plan[server].append(job)

done = []
lock = threading.Lock()


def serve(name):
    for job in plan[name]:
        with lock:
            done.append(name + ":" + job)


threads = [threading.Thread(target=serve, args=(s,)) for s in servers]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(plan)
print(sorted(done))
finished = len(done)
