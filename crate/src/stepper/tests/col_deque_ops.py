# The deque's own operations: both ends, rotation, bounded history.
from collections import deque

d = deque([1, 2, 3])
d.append(4)
d.appendleft(0)
print(d, len(d), d[0], d[-1])
print(d.pop(), d.popleft(), d)
d.extend([7, 8])
d.extendleft([10, 11])
print(d)
d.rotate(2)
print("rotate 2:", d)
d.rotate(-3)
print("rotate -3:", d)
print(3 in d, 99 in d, d.count(7), d.index(8))
d.remove(7)
d.reverse()
print(d, list(d), d.maxlen)

history = deque(maxlen=3)
for page in ["home", "news", "sport", "weather", "tv"]:
    history.append(page)
    print("visited", page, "->", list(history))
print(history, history.maxlen)
history.appendleft("start")
print(history)

empty = deque()
print(empty, bool(empty), bool(history))
try:
    empty.pop()
except IndexError as e:
    print("IndexError:", e)
try:
    empty.popleft()
except IndexError as e:
    print("IndexError:", e)
print(deque(range(5), maxlen=2), deque("abc"))
print(deque([1, 2]) == deque([1, 2]), deque([1, 2]) == [1, 2], list(deque([1, 2])) == [1, 2])
window = list(deque([5, 6, 7, 8], 2))
