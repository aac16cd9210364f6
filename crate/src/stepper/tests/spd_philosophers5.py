# Five philosophers, five forks: each takes the left fork, then the right (the `deadlock`
# sample with five seats). Neighbours share a fork; two who do not can eat at once.
import threading

N = 5
forks = [threading.Lock() for _ in range(N)]
meals = 0


def philosopher(i):
    global meals
    left = forks[i]
    right = forks[(i + 1) % N]
    with left:
        with right:
            meals += 1


threads = []
for i in range(N):
    t = threading.Thread(target=philosopher, args=(i,))
    threads.append(t)
    t.start()
for t in threads:
    t.join()
print("meals:", meals)
