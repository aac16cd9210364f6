# A bounded buffer built from a Condition, with two producers and a consumer.
import threading

buf = []
cap = 1
cond = threading.Condition(threading.Lock())
got = []


def producer(base):
    for i in range(2):
        with cond:
            while len(buf) >= cap:
                cond.wait()
            buf.append(base + i)
            cond.notify_all()


def consumer():
    for i in range(4):
        with cond:
            while len(buf) == 0:
                cond.wait()
            got.append(buf.pop(0))
            cond.notify_all()


ts = [threading.Thread(target=consumer), threading.Thread(target=producer, args=(10,)),
      threading.Thread(target=producer, args=(20,))]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("got", got)
