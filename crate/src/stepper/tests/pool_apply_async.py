# apply, apply_async with a callback, imap, then close and join.
from multiprocessing import Pool

collected = []


def double(x):
    return x * 2


def keep(value):
    collected.append(value)


if __name__ == "__main__":
    pool = Pool(2)
    print("apply:", pool.apply(double, (21,)))
    results = [pool.apply_async(double, (n,), callback=keep) for n in range(4)]
    print("gets:", [r.get() for r in results])
    print("ready:", all(r.ready() for r in results), "ok:", results[0].successful())
    print("imap:", list(pool.imap(double, [5, 6, 7])))
    pool.close()
    pool.join()
    print("callbacks saw:", sorted(collected))
