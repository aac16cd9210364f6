# Two polite workers share one token and hand it over when the other wants
# it -- but each gives way only a few times, so they always finish.
import threading

token = "left"
wants = {"left": False, "right": False}
courtesy = {"left": 2, "right": 2}
done = []


def work(me, other):
    global token
    wants[me] = True
    while True:
        if token != me:
            if not wants[other]:
                token = me
            continue
        if wants[other] and courtesy[me] > 0:
            courtesy[me] -= 1
            token = other
            continue
        done.append(me)
        wants[me] = False
        token = other
        return


l = threading.Thread(target=work, args=("left", "right"))
r = threading.Thread(target=work, args=("right", "left"))
l.start()
r.start()
l.join()
r.join()
print("done:", done, "courtesy left:", courtesy)
