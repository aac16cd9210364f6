# Read, compute in a function, write back: under the GIL of 3.10+ the call is
# where a switch may fall. Run one thread after another it adds up.
import threading

balance = 100


def deposit(amount, current):
    return current + amount


def customer(amount):
    global balance
    balance = deposit(amount, balance)


threads = []
for amount in [10, 20, 30]:
    t = threading.Thread(target=customer, args=(amount,))
    threads.append(t)
    t.start()
for t in threads:
    t.join()
print("balance:", balance)
