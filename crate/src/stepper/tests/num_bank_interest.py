# Accounts earn interest in worker threads; a lock keeps each update whole.
import threading

balances = {"alice": 1000.0, "bob": 250.5, "carol": 0.0}
rates = {"alice": 0.015, "bob": 0.0325, "carol": 0.05}
lock = threading.Lock()
log = []


def accrue(name, months):
    for m in range(months):
        with lock:
            interest = balances[name] * rates[name] / 12
            balances[name] = round(balances[name] + interest, 2)
    with lock:
        log.append(f"{name:>6}: {balances[name]:>10,.2f} after {months} months")


def deposit(name, amount):
    with lock:
        balances[name] += amount


workers = [threading.Thread(target=deposit, args=("carol", 99.99))]
workers += [threading.Thread(target=accrue, args=(n, 12)) for n in sorted(balances)]
for w in workers:
    w.start()
for w in workers:
    w.join()
for line in log:
    print(line)
total = 0.0
for v in balances.values():
    total += v
print(f"total {total:,.2f}; largest {max(balances.values())}; mean {total / len(balances):.4f}")
print("growth:", [round(balances[k] / 1000, 4) for k in sorted(balances)])
