# f-strings with format specs: nested widths, !r / !s, the = debug specifier.
import threading

width = 10
precision = 3
results = {}


def compute(key, x):
    results[key] = x * x / 7


ts = [threading.Thread(target=compute, args=(k, v)) for k, v in [("a", 1), ("b", 12), ("c", 123)]]
for t in ts:
    t.start()
for t in ts:
    t.join()

for key in sorted(results):
    value = results[key]
    print(f"{key!r:>5}:{value:{width}.{precision}f}|{value:<{width}.2e}|{value:^{width}g}|")
name = "worker-1"
count = 42
ratio = 2 / 3
print(f"{name=}, {count=}, {ratio=:.2f}, {count = }, {name=!s}, {name!s:>10}")
print(f"{count:x} {count:X} {count:o} {count:b} {count:#o} {count:c} {count:e} {count:E}")
print(f"{1e-7:g} {1e20:g} {123.456:g} {0.0001:g} {100000:g} {1000000:g} {1.0:g} {1.5:G} {1e-7:G}")
print(f"{ratio} {ratio:.3} {100.0:.2} {12345.6789:.5} {0.1:.0f} {0.5:.0f} {1.5:.0f} {2.5:.0f}")
print(f"{1234567:,} {1234567:_} {1234567.891:,.1f} {0xFFFF:_x} {-1234:010,} {1234.5:012,.2f}")
print(f"{'left':<8}|{'right':>8}|{'mid':^8}|{'fill':*^9}|{'trunc':.3}|{'pad':_<6}")
print(f"{-0.0:.1f} {-0.0:z.1f} {-0.04:z.1f} {float('inf'):>6} {float('nan'):+} {True:>6} {True} {None!r:>6}")
items = [1.5, 2.25, 3.125]
print(f"{items} {items!r} {len(items):02d} {sum(items) / len(items):.4f} {'{'}{'}'} {{literal}}")
