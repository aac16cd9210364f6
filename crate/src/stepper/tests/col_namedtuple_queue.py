# namedtuple records passed from producers to a consumer through a queue.
import queue
import threading
from collections import namedtuple

Order = namedtuple("Order", ["id", "item", "qty"])
q = queue.Queue()
received = []


def shop(name, start):
    for i in range(2):
        q.put(Order(start + i, name, i + 1))


def packer():
    for _ in range(4):
        order = q.get()
        received.append(order)
        print("packing", order)


p = threading.Thread(target=packer)
p.start()
shops = [threading.Thread(target=shop, args=(n, s)) for n, s in [("tea", 100), ("jam", 200)]]
for s in shops:
    s.start()
for s in shops:
    s.join()
p.join()

total = sum(o.qty for o in received)
print("total qty", total)
first = received[0]
print(first.id, first[1], first == (100, "tea", 1), first._asdict())
oid, item, qty = first
print(oid, item, qty)
