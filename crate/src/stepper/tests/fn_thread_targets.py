# Thread targets that are closures, decorated functions and lambdas, with args and kwargs.
import threading

log = []
log_lock = threading.Lock()


def logged(func):
    def wrapper(*args, **kwargs):
        with log_lock:
            log.append("start " + func_name(func))
        result = func(*args, **kwargs)
        with log_lock:
            log.append("end " + func_name(func))
        return result
    return wrapper


def func_name(f):
    return "work" if f is work else "other"


@logged
def work(n, *, times=1):
    with log_lock:
        log.append("work " + str(n * times))


def make_task(label):
    def task():
        with log_lock:
            log.append("task " + label)
    return task


threads = [
    threading.Thread(target=work, args=(2,), kwargs={"times": 3}),
    threading.Thread(target=make_task("closure")),
    threading.Thread(target=lambda: log.append("lambda ran")),
    threading.Thread(target=print, args=("print as a target",)),
]
for t in threads:
    t.start()
for t in threads:
    t.join()
for line in log:
    print(line)
import queue

q = queue.Queue(1)
producers = [threading.Thread(target=q.put, args=(n,)) for n in (1, 2)]
for p in producers:
    p.start()
got = [q.get(), q.get()]
for p in producers:
    p.join()
print("bound methods as targets:", got)
