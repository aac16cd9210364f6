# Prime checkers in the style of the book's chapter 3: each thread tests one number by trial
# division, a long loop of thread-local steps between its prints.
import threading
from math import sqrt


def check(x):
    limit = int(sqrt(x)) + 1
    for i in range(3, limit, 2):
        if x % i == 0:
            print(x, "is not a prime number.")
            return
    print(x, "is a prime number.")


for x in (193, 323, 1327, 104729, 15485863):
    threading.Thread(target=check, args=(x,)).start()
