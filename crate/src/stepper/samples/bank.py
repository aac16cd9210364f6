# Two Thread subclasses deposit 10 and 20 into two accounts. A plain deposit
# reads the balance, adds, writes it back: two threads can read the same old
# balance, and one deposit is lost. LockedAccount deposits under its own lock.
import threading


class BankAccount:
    def __init__(self):
        self.balance = 0

    def deposit(self, amount):
        self.balance = self.balance + amount


class LockedAccount(BankAccount):
    def __init__(self):
        super().__init__()
        self.lock = threading.Lock()

    def deposit(self, amount):
        with self.lock:
            super().deposit(amount)


class Depositor(threading.Thread):
    def __init__(self, amount, accounts):
        super().__init__()
        self.amount, self.accounts = amount, accounts

    def run(self):
        for account in self.accounts:
            account.deposit(self.amount)


plain, locked = BankAccount(), LockedAccount()
workers = [Depositor(10, [plain, locked]), Depositor(20, [plain, locked])]
for w in workers:
    w.start()
for w in workers:
    w.join()
plain_total, locked_total = plain.balance, locked.balance
print("plain:", plain_total, "locked:", locked_total)
