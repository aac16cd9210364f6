# defaultdict with built-in factories and with the program's own functions.
from collections import defaultdict

counts = defaultdict(int)
for ch in "banana":
    counts[ch] += 1
print(counts)

sets = defaultdict(set)
pairs = [("a", 1), ("b", 2), ("a", 3), ("a", 1)]
for k, v in pairs:
    sets[k].add(v)
print(sorted(sets["a"]), sorted(sets["b"]), len(sets))

calls = []


def fresh():
    calls.append("fresh")
    return {"hits": 0}


stats = defaultdict(fresh)
stats["x"]["hits"] += 1
stats["x"]["hits"] += 1
stats["y"]["hits"] += 5
print(dict(stats), calls)

labels = defaultdict(lambda: "unknown")
labels["a"] = "alpha"
print(labels["a"], labels["b"], sorted(labels))
nested = defaultdict(lambda: defaultdict(int))
nested["x"]["y"] += 3
print(nested["x"]["y"], dict(nested["x"]))

plain = defaultdict(None)
try:
    plain["missing"]
except KeyError as e:
    print("KeyError", e)
print(counts.default_factory is int, counts.get("zzz"), "zzz" in counts)
d2 = defaultdict(list, {"k": [1]})
d2["k"].append(2)
print(d2, d2.copy())
letters = dict(counts)
# (a function's repr shows its address: leave no such defaultdict in the globals)
del labels, nested, stats
