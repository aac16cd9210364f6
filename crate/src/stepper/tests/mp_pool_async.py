# apply_async with callbacks, starmap, imap and a worker's exception re-raised in the parent.
import multiprocessing

collected = []


def power(base, exp):
    return base ** exp


def divide(a, b):
    return a // b


def on_done(result):
    collected.append(result)


def on_error(err):
    print("error callback:", type(err).__name__, err)


if __name__ == "__main__":
    pool = multiprocessing.Pool(2)
    rs = [pool.apply_async(power, (2, k), callback=on_done) for k in range(4)]
    print([r.get() for r in rs])
    print(pool.starmap(power, [(3, 2), (4, 2)]))
    print(list(pool.imap(abs, [-1, -2, 3])))
    bad = pool.apply_async(divide, (1, 0), error_callback=on_error)
    bad.wait()
    print("successful?", bad.successful())
    try:
        bad.get()
    except ZeroDivisionError as e:
        print("re-raised:", e)
    pool.close()
    pool.join()
    print("callbacks saw", sorted(collected))
