# A user class with __len__, __getitem__, __setitem__, __delitem__, __contains__, __iter__.
import threading


class Inventory:
    def __init__(self):
        self.slots = {}
        self.lock = threading.Lock()

    def __len__(self):
        return len(self.slots)

    def __getitem__(self, name):
        return self.slots.get(name, 0)

    def __setitem__(self, name, n):
        self.slots[name] = n

    def __delitem__(self, name):
        del self.slots[name]

    def __contains__(self, name):
        return name in self.slots

    def __iter__(self):
        for name in sorted(self.slots):
            yield name

    def add(self, name, n):
        with self.lock:
            self[name] = self[name] + n


inv = Inventory()
print(len(inv), "bolts" in inv, inv["bolts"])
if not inv:
    print("inventory is empty")


def supplier(name, n):
    for _ in range(3):
        inv.add(name, n)


ts = [threading.Thread(target=supplier, args=(nm, k)) for nm, k in [("bolts", 2), ("nuts", 5), ("bolts", 1)]]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(len(inv), inv["bolts"], inv["nuts"], "nuts" in inv)
for name in inv:
    print(name, inv[name])
print(list(inv), sorted(inv, reverse=True), [inv[n] for n in inv])
del inv["nuts"]
print(len(inv), "nuts" in inv, list(inv))
first, = inv
print(first)
if inv:
    print("still stocked")
