# Each turn of a loop ends with a backward jump, where CPython 3.10+ may hand
# the GIL over: two workers appending in loops interleave turn by turn.
import threading

log = []
total = 0


def worker(name, n):
    global total
    for i in range(n):
        total += i
        log.append(name + str(i))


a = threading.Thread(target=worker, args=("a", 3))
b = threading.Thread(target=worker, args=("b", 2))
a.start()
b.start()
a.join()
b.join()
print(len(log), "turns, total", total)
print(log)
