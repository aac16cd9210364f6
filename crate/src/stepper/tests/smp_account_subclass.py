import threading


class Account:
    def __init__(self, owner, balance=0):
        self.owner = owner
        self.balance = balance
        self.lock = threading.Lock()

    def deposit(self, amount):
        with self.lock:
            self.balance += amount

    def __str__(self):
        return f"{self.owner}: {self.balance}"


class Teller(threading.Thread):
    def __init__(self, account, amounts):
        super().__init__()
        self.account = account
        self.amounts = amounts

    def run(self):
        for a in self.amounts:
            self.account.deposit(a)
        print(self.name, "deposited", sum(self.amounts))


acct = Account("alice", 100)
tellers = [Teller(acct, [10, 20]), Teller(acct, [5]), Teller(acct, [1, 2, 3])]
for t in tellers:
    t.start()
for t in tellers:
    t.join()
print(acct)
final = acct.balance
