# Queue timeouts and the non-blocking forms on the virtual clock.
import queue
import threading
import time

mailbox = queue.Queue(maxsize=2)
log = []


def slow_producer():
    for letter in ["a", "b", "c"]:
        time.sleep(3)
        mailbox.put(letter)
        log.append("put " + letter)


def main():
    start = time.monotonic()
    threading.Thread(target=slow_producer).start()
    got = mailbox.get(timeout=5)
    print("got", got, "after", int(time.monotonic() - start), "s")
    got = mailbox.get(True, 10)
    print("got", got, "after", int(time.monotonic() - start), "s")
    time.sleep(4)
    print("waiting items:", mailbox.qsize(), "->", mailbox.get_nowait())
    mailbox.put_nowait("x")
    mailbox.put("y", timeout=1)
    print("full:", mailbox.full(), [mailbox.get(block=False), mailbox.get_nowait()])
    return int(time.monotonic() - start)


took = main()
print(log, took)
