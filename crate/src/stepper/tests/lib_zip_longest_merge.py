# Two producers with different amounts of work; zip_longest lines their outputs up.
import threading
from itertools import zip_longest

out_a = []
out_b = []


def produce(out, items):
    for x in items:
        out.append(x * x)


ta = threading.Thread(target=produce, args=(out_a, [1, 2, 3, 4]))
tb = threading.Thread(target=produce, args=(out_b, [5, 6]))
ta.start()
tb.start()
ta.join()
tb.join()
for a, b in zip_longest(out_a, out_b, fillvalue="-"):
    print(a, b)
rows = list(zip_longest(out_a, out_b))
print(rows)
nrows = len(rows)
