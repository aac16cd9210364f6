# Three philosophers, three forks. Each takes the left fork, then the right.
# If all three take their left fork first, nobody can take a right one.
import threading

forks = [threading.Lock(), threading.Lock(), threading.Lock()]
meals = 0


def philosopher(i):
    global meals
    left = forks[i]
    right = forks[(i + 1) % 3]
    with left:
        with right:
            meals += 1


threads = []
for i in range(3):
    t = threading.Thread(target=philosopher, args=(i,))
    threads.append(t)
    t.start()
for t in threads:
    t.join()
print("meals:", meals)
