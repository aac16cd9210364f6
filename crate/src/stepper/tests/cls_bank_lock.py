# A bank account shared by threads: the lock lives in the object.
import threading


class BankAccount:
    def __init__(self, owner, balance=0):
        self.owner = owner
        self.balance = balance
        self.lock = threading.Lock()
        self.history = []

    def deposit(self, amount):
        with self.lock:
            self.balance += amount
            self.history.append(amount)

    def withdraw(self, amount):
        with self.lock:
            if self.balance >= amount:
                self.balance -= amount
                self.history.append(-amount)
                return True
            return False


account = BankAccount("Ada", 100)


def customer(n):
    for i in range(3):
        account.deposit(n)
    ok = account.withdraw(50)
    print("customer", n, "withdrew" if ok else "was refused")


threads = []
for n in range(1, 5):
    t = threading.Thread(target=customer, args=(n * 10,))
    threads.append(t)
    t.start()
for t in threads:
    t.join()
print(account.owner, "has", account.balance)
balance = account.balance
history = account.history
