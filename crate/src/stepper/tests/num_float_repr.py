# How CPython writes floats: shortest round-trip digits, exponents from 1e16 and
# below 1e-4, and the special values.
values = [0.1, 0.5, 1.0, 100.0, 1e15, 1e16, 1.5e16, 12345678901234567.0, 1e-4, 1e-5,
          0.00012345, 2.5e-7, 1 / 3, 2 / 3, 0.1 + 0.2, 1e100, 1.7976931348623157e308,
          5e-324, -0.0, -1.25, 123456789.125]
for v in values:
    print(v, repr(v), str(v), [v])
inf = float("inf")
nan = float("nan")
print(inf, -inf, nan, inf > 1e308, nan == nan, nan != nan, inf == inf, -inf < 0)
print(float("1e3"), float("-2.5E-3"), float("  7 "), float("1_000.5"), float("Infinity"), float("-inf"))
print(int(1e15), int(-2.999), int("-17"), int(" 0x1f ", 16), int("0b101", 0), int("777", 8), int(True))
table = {1: "int one", 2.0: "float two"}
table[1.0] = "replaced"
table[2] = "also replaced"
print(table, 1 in table, 2.0 in table, hash(1) == hash(1.0), hash(2.5) == hash(2.5))
print(1 == 1.0, True == 1.0, 2 < 2.5, 3 >= 3.0, (1, 2.0) == (1.0, 2), [0.5] == [0.5])
print(sorted([3, 1.5, 2, -0.5, 2.25]), max(1, 2.0), min(-1.0, -1), max([0.1, 0.2, 0.15]))
half = 0.5
big = 1e16
small = 1e-05
neg_zero = -0.0
