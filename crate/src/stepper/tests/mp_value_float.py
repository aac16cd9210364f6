# A float Value ('d') shared by processes, and its lock taken with acquire/release.
import multiprocessing


def add_interest(account, rate):
    account.acquire()
    account.value = account.value * (1 + rate)
    account.release()


if __name__ == "__main__":
    account = multiprocessing.Value("d", 100.0)
    for rate in [0.5, 0.25]:
        p = multiprocessing.Process(target=add_interest, args=(account, rate))
        p.start()
        p.join()
    print("balance:", account.value)
    counter = multiprocessing.Value("i")
    counter.value += 3
    print("counter:", counter.value)
