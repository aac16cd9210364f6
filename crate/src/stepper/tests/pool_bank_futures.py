# Deposits from a thread pool into a shared account guarded by a lock.
from concurrent.futures import ThreadPoolExecutor, as_completed
import threading


class Account:
    def __init__(self):
        self.balance = 0
        self.lock = threading.Lock()

    def deposit(self, amount):
        with self.lock:
            new = self.balance + amount
            self.balance = new
        return amount


account = Account()
with ThreadPoolExecutor(max_workers=3) as pool:
    futures = [pool.submit(account.deposit, amt) for amt in [10, 20, 30, 40, 50]]
    total = sum(f.result() for f in as_completed(futures))
final_balance = account.balance
print("deposited", total, "balance", final_balance)
