# Seeded random workers: each sleeps a random time; the seed makes the run repeatable.
import random
import threading
import time

random.seed(2024)
finish_order = []


def download(name):
    seconds = random.randint(1, 6)
    print(name, "will take", seconds, "s")
    time.sleep(seconds)
    finish_order.append(name)


files = ["a.txt", "b.txt", "c.txt", "d.txt"]
threads = [threading.Thread(target=download, args=(f,)) for f in files]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("finished:", finish_order)
deck = list(range(1, 11))
random.shuffle(deck)
hand = random.sample(deck, 4)
print("deck", deck, "hand", hand)
print(random.choice(["heads", "tails"]), random.randrange(10, 100, 7), random.getrandbits(16))
print([random.randrange(6) for _ in range(8)], random.sample(range(1000), 3))
random.seed(7)
first = [random.randint(0, 9) for _ in range(5)]
random.seed(7)
again = [random.randint(0, 9) for _ in range(5)]
print(first, first == again)
