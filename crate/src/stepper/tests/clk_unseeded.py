# An unseeded program draws from the page's seed (0 by default), so a run replays exactly.
import random
import threading

rolls = {}


def roll(player):
    rolls[player] = [random.randint(1, 6) for _ in range(3)]


threads = [threading.Thread(target=roll, args=(p,)) for p in ["ann", "bob"]]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(rolls)
big = random.getrandbits(60)
print(big > 0, random.choice("xyz"))
