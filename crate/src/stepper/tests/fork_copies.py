# A child process has its own threading objects: a queue.Queue or a
# threading.Lock in a child is the child's own (a copy under fork, a new one
# made by the re-run module under spawn and forkserver). multiprocessing's
# Queue and Lock, passed as arguments, are shared.
import threading
import queue
import multiprocessing

tq = queue.Queue()
tlock = threading.Lock()
events = [threading.Event()]


def child(mq, mlock):
    tq.put("only in the child")
    mq.put("to the parent")
    tlock.acquire()
    events[0].set()
    with mlock:
        print("child: tq has", tq.qsize(), "event set", events[0].is_set())


if __name__ == "__main__":
    mq = multiprocessing.Queue()
    mlock = multiprocessing.Lock()
    p = multiprocessing.Process(target=child, args=(mq, mlock))
    p.start()
    p.join()
    print("parent: tq has", tq.qsize(), "mq says", mq.get(), "tlock locked", tlock.locked(), "event set", events[0].is_set())
