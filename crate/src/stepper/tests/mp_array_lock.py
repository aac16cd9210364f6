# Several processes add into one shared Array under its own lock.
import multiprocessing


def deposit(balances, who, times):
    for _ in range(times):
        with balances.get_lock():
            balances[who] = balances[who] + 1
            balances[2] += 1


if __name__ == "__main__":
    balances = multiprocessing.Array("i", [0, 0, 0])
    workers = []
    for who in range(2):
        p = multiprocessing.Process(target=deposit, args=(balances, who, 3))
        workers.append(p)
        p.start()
    for p in workers:
        p.join()
    print("per worker:", balances[0], balances[1], "total:", balances[2])
