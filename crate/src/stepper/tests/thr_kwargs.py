# Thread(name=, args=, kwargs=, daemon=), renaming a thread, and _thread.
import _thread
import threading
import time

log = []


def greet(greeting, name="world", punct="!"):
    log.append(greeting + ", " + name + punct)
    print(threading.current_thread().name, "says", log[-1])


t1 = threading.Thread(target=greet, args=("Hello",), kwargs={"name": "Ada"})
t2 = threading.Thread(target=greet, name="greeter", args=("Hi",), kwargs={"punct": "?"})
t3 = threading.Thread(target=greet, args=("Hey", "Bo"), daemon=False)
t3.name = "renamed"
print(t1.name, "|", t2.name, "|", t3.name, "|", t1.ident)
for t in [t1, t2, t3]:
    t.start()
for t in [t1, t2, t3]:
    t.join()
print("alive after join:", t1.is_alive(), "ident set:", t1.ident is not None)
done = []


def low_level(tag):
    done.append(tag)
    print("low-level thread", tag, threading.current_thread().name)


ident = _thread.start_new_thread(low_level, ("x",))
time.sleep(1)
print("done:", done, "ident is an int:", ident > 0)
print(log)
