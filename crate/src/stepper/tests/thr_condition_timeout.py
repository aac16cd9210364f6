# Condition.wait(timeout): a consumer gives up waiting for an order after a while.
import threading
import time

cond = threading.Condition()
orders = []
served = []


def waiter(name, patience):
    with cond:
        start = time.monotonic()
        while not orders:
            if not cond.wait(patience):
                print(name, "gave up after", int(time.monotonic() - start), "s")
                return
        served.append((name, orders.pop(0)))
        print(name, "got an order after", int(time.monotonic() - start), "s")


def kitchen():
    time.sleep(3)
    with cond:
        orders.append("soup")
        cond.notify()
        print("kitchen: soup is ready")


threads = [threading.Thread(target=waiter, args=("impatient", 2)), threading.Thread(target=waiter, args=("patient", 5))]
threads.append(threading.Thread(target=kitchen))
for t in threads:
    t.start()
for t in threads:
    t.join()
print(served)
