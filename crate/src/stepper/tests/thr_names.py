# Thread names and identities: current_thread, main_thread, enumerate, active_count.
import threading
import time

seen = []


def worker(delay):
    me = threading.current_thread()
    seen.append(me.name)
    print("I am", me.name, "- same ident:", me.ident == threading.get_ident())
    time.sleep(delay)


def main():
    print("main is", threading.current_thread().name, threading.main_thread().name)
    print("main thread is the current one:", threading.main_thread() is threading.current_thread())
    threads = [threading.Thread(target=worker, args=(2,)) for _ in range(3)]
    threads.append(threading.Thread(target=worker, args=(1,), name="custom"))
    for t in threads:
        t.start()
    time.sleep(0)
    print("active:", threading.active_count())
    print("names:", [t.name for t in threading.enumerate()])
    time.sleep(1)
    print("after 1 s, active:", threading.active_count())
    for t in threads:
        t.join()
    print("at the end, active:", threading.active_count(), threading.current_thread().name)


main()
print(seen)
