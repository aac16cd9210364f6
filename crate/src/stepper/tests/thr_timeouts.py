# Timeouts on the virtual clock: Lock.acquire(timeout=), Event.wait(timeout), join(timeout).
import threading
import time

lock = threading.Lock()
ready = threading.Event()


def slow_owner():
    with lock:
        print("owner holds the lock for 4 s")
        time.sleep(4)
    print("owner released it")
    time.sleep(2)
    ready.set()


def main():
    start = time.monotonic()
    owner = threading.Thread(target=slow_owner)
    owner.start()
    time.sleep(1)
    got = lock.acquire(timeout=2)
    print("acquire with timeout=2:", got, "at", int(time.monotonic() - start))
    got = lock.acquire(blocking=False)
    print("non-blocking acquire:", got)
    got = lock.acquire(timeout=5)
    print("acquire with timeout=5:", got, "at", int(time.monotonic() - start))
    lock.release()
    print("event after 1 s:", ready.wait(1), "at", int(time.monotonic() - start))
    print("event after 5 s more:", ready.wait(5), "at", int(time.monotonic() - start))
    owner.join(10)
    print("owner alive:", owner.is_alive())
    return int(time.monotonic() - start)


finished_at = main()
