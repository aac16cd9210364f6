# Smaller statements: del, `;`, chained assignment, `with a, b:` acquiring in order,
# walrus, conditional expressions, is / is not, in / not in, augmented subscripts.
import threading

lock_a = threading.Lock()
lock_b = threading.Lock()
log = []


def transfer(name):
    with lock_a, lock_b:
        log.append(name + " holds both")
    log.append(name + " released")


threads = [threading.Thread(target=transfer, args=(n,)) for n in ["t1", "t2"]]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(log)
x = 1; y = 2; z = x + y
print(x, y, z)
a = b = c = [0]
print(a is b, a is not c, a == [0], None is None)
inventory = {"apples": 3, "pears": 0, "plums": 5}
del inventory["pears"]
stock = [10, 20, 30, 40]
del stock[1]
del stock[-1]
print(inventory, stock)
temp = "scratch"
del temp
print("deleted")
counts = {"a": 0}
counts["a"] += 5
stock[0] *= 3
print(counts, stock)
data = [3, 8, 1]
if (n := len(data)) > 2:
    print("long list of", n)
while (item := data.pop()) != 8:
    print("popped", item)
print(data, "even" if n % 2 == 0 else "odd", "x" in "xyz", 4 not in data)
with lock_a:
    with lock_b:
        print("nested with", lock_a.locked(), lock_b.locked())
print(lock_a.locked(), lock_b.locked())
