# A daemon heartbeat thread: the program ends without waiting for it.
import threading
import time

beats = 0


def heartbeat():
    global beats
    while True:
        beats += 1
        print("heartbeat", beats)
        time.sleep(2)


def job():
    for step in range(3):
        print("job step", step)
        time.sleep(1)
    print("job done")


monitor = threading.Thread(target=heartbeat, daemon=True)
worker = threading.Thread(target=job)
print("daemon?", monitor.daemon, worker.daemon)
monitor.start()
worker.start()
worker.join()
print("main exits; the heartbeat was alive:", monitor.is_alive())
