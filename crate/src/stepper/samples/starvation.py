# A greedy thread takes the lock again and again; a polite one only tries
# (acquire without blocking) a few times, then gives up. Some schedules
# starve it: it never gets a turn.
import threading

lock = threading.Lock()
greedy_turns = 0
polite_turns = 0


def greedy():
    global greedy_turns
    for i in range(2):
        with lock:
            greedy_turns += 1


def polite():
    global polite_turns
    tries = 0
    while tries < 2:
        if lock.acquire(False):
            polite_turns += 1
            lock.release()
            return
        tries += 1


g = threading.Thread(target=greedy)
p = threading.Thread(target=polite)
g.start()
p.start()
g.join()
p.join()
print("greedy:", greedy_turns, "polite:", polite_turns)
