# A fork copies threading's objects: a queue.Queue or a threading.Lock in a
# child process is the child's own. multiprocessing's are shared.
import threading
import queue
import multiprocessing

tq = queue.Queue()
mq = multiprocessing.Queue()
tlock = threading.Lock()
mlock = multiprocessing.Lock()
events = [threading.Event()]


def child():
    tq.put("only in the child")
    mq.put("to the parent")
    tlock.acquire()
    events[0].set()
    with mlock:
        print("child: tq has", tq.qsize(), "event set", events[0].is_set())


p = multiprocessing.Process(target=child)
p.start()
p.join()
print("parent: tq has", tq.qsize(), "mq says", mq.get(), "tlock locked", tlock.locked(), "event set", events[0].is_set())
