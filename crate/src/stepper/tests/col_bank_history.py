# A bank account keeps its last transactions in a bounded deque; tellers run in threads.
import threading
import time
from collections import deque, Counter


class Account:
    def __init__(self, owner):
        self.owner = owner
        self.balance = 0
        self.history = deque(maxlen=4)
        self.kinds = Counter()
        self.lock = threading.Lock()

    def deposit(self, amount):
        with self.lock:
            self.balance += amount
            self.history.append(("deposit", amount))
            self.kinds["deposit"] += 1

    def withdraw(self, amount):
        with self.lock:
            if amount > self.balance:
                self.kinds["refused"] += 1
                return False
            self.balance -= amount
            self.history.append(("withdraw", amount))
            self.kinds["withdraw"] += 1
            return True

    def __len__(self):
        return len(self.history)

    def __repr__(self):
        return "Account(%s, %d)" % (self.owner, self.balance)


acct = Account("ann")


def teller(ops):
    for kind, amount in ops:
        time.sleep(0.01)
        if kind == "d":
            acct.deposit(amount)
        else:
            acct.withdraw(amount)


t1 = threading.Thread(target=teller, args=([("d", 100), ("w", 30), ("d", 5)],))
t2 = threading.Thread(target=teller, args=([("w", 500), ("d", 50), ("w", 20)],))
t1.start()
t2.start()
t1.join()
t2.join()
print(acct, len(acct))
print(list(acct.history))
print(acct.kinds.most_common())
balance = acct.balance
