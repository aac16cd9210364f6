# threading.Timer: a reminder fires after its interval; a cancelled one never does.
import threading
import time

rang = []
START = int(time.monotonic())


def now():
    return int(time.monotonic() - START)


def remind(what):
    rang.append(what)
    print("reminder:", what, "at", now())


tea = threading.Timer(3, remind, args=("tea is ready",))
oven = threading.Timer(5, remind, args=("take the cake out",))
call = threading.Timer(1, remind, args=("call back",))
tea.start()
oven.start()
call.start()
print("timers started:", tea.name, oven.name, call.name)
time.sleep(2)
print("at", now(), "the oven timer is cancelled")
oven.cancel()
for t in [tea, oven, call]:
    t.join()
print("rang:", rang, "alive:", [t.is_alive() for t in [tea, oven, call]])
