import threading
import time

ticks = 0


def heartbeat():
    global ticks
    while True:
        ticks += 1
        time.sleep(1)


def job():
    time.sleep(2)
    print("job done at tick", ticks)


threading.Thread(target=heartbeat, daemon=True).start()
threading.Thread(target=job).start()
raise RuntimeError("main gives up")
