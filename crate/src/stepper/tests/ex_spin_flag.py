# A waiter spins on a flag the main thread sets. Run in order it ends at once;
# explored, a scheduler that never runs the main thread starves it forever.
import threading

ready = False
spins = 0


def waiter():
    global spins
    while not ready:
        spins += 1
        if spins > 3:
            break


t = threading.Thread(target=waiter)
t.start()
ready = True
t.join()
print("ready:", ready)
