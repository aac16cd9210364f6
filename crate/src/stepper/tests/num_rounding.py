# round() rounds halves to even and rounds the exact binary value, as CPython does.
import threading

prices = [2.675, 1.005, 0.125, 0.375, 2.5, 3.5, -2.5, 1234.5678, 0.1 + 0.2]
rounded = []


def round_all(ndigits):
    row = [round(p, ndigits) for p in prices]
    rounded.append((ndigits, row))


ts = [threading.Thread(target=round_all, args=(n,)) for n in (0, 1, 2, -1, -2)]
for t in ts:
    t.start()
for t in ts:
    t.join()
for n, row in rounded:
    print(n, row)
print([round(p) for p in prices])
print(round(0.5), round(1.5), round(2.5), round(-0.5), round(-1.5), round(7), round(15, -1), round(25, -1), round(-35, -1))
print(round(1234567, -3), round(0.0, 3), round(-0.0), round(1e-20, 5), round(123.456, 10))
print(int(2.9), int(-2.9), float(7), float(-0), str(2.0), str(1e-7))
