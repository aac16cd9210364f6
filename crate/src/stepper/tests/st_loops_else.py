# for … else and while … else: the else runs only when the loop was not left by break.
import threading


def find(items, target):
    for i, item in enumerate(items):
        if item == target:
            print("found", target, "at", i)
            break
    else:
        print(target, "not found")


find([4, 8, 15], 8)
find([4, 8, 15], 16)


def is_prime(n):
    d = 2
    while d * d <= n:
        if n % d == 0:
            return False
        d += 1
    else:
        return n > 1


print([n for n in range(20) if is_prime(n)])
found = []
lock = threading.Lock()


def search(worker, numbers):
    for n in numbers:
        if n % 7 == 0:
            with lock:
                found.append((worker, n))
            break
    else:
        with lock:
            found.append((worker, None))


threads = [threading.Thread(target=search, args=(w, list(range(w * 5, w * 5 + 5)))) for w in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(found)
tries = 0
while tries < 3:
    tries += 1
    if tries == 10:
        break
else:
    print("gave up after", tries)
for _ in []:
    pass
else:
    print("empty loop else")
