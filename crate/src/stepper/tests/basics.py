# Sequential features of the subset: values, control flow, functions, printing.
names = ["ada", "bob", 'it\'s "quoted"']
ages = {"ada": 36, "bob": 7}
pair = (1, "two")
single = (5,)
total = 0
log = []


def grade(n):
    if n < 10:
        return "child"
    elif n < 20:
        return "teen"
    else:
        return "adult"


def add(a, b):
    return a + b


for name in names:
    if name in ages:
        log.append(grade(ages[name]))
    else:
        log.append("unknown")

i = 0
while True:
    i += 1
    if i % 2 == 0:
        continue
    if i > 7:
        break
    total += i

for k in ages:
    print(k, ages[k], sep=": ")
print("total", total, end="!\n")
print(names, ages, pair, single, None, True, False)
print(7 // 2, -7 // 2, 7 % 3, -7 % 3, 2 ** 10, -(3 - 5))
print(len(names), len("héllo"), min(3, 1, 2), max([4, 9, 2]), sum(range(5)), abs(-4))
print(int("42") + 1, str(12) + "3", bool(0), bool([1]), list(range(3)))
print(add(b=2, a=1), "x" * 3, [0] * 3, [1, 2] + [3])
print("a" < "b", 3 != 3, not 0, 1 == True, "ell" in "hello", 4 not in [1, 2])
print(",".join(["p", "q"]), "MiX".upper(), "MiX".lower())
ages["cy"] = 1
ages["ada"] += 1
popped = ages.pop("bob")
missing = ages.get("zed", -1)
log.insert(0, "first")
last = log.pop()
grid = [[0, 0], [0, 0]]
grid[1][0] = 5
grid[0][1] += 2
empty = {}
nothing = None
flag = 1 < 2 and "yes" or "no"
print(ages, popped, missing, log, last, grid, flag)
assert total == 16, "total is wrong"
who = "wörld"
print(f"hello {who}!", f"{1 + 2} {names[0]!r} {ages['ada']}", f"{{braces}} {pair} {[who]}", f'{"q"}')
banner = f"{len(who)}{'' }"


def greet(name, punct="!", times=1, loud=False):
    text = name + punct * times
    if loud:
        return text.upper()
    return text


print(greet("a"), greet("b", "?"), greet("c", times=3), greet(name="d", loud=True), greet("e", ".", 2, True))
a, b = 1, 2
a, b = b, a
(p1, p2) = pair
for i, name in enumerate(names, 1):
    log.append(i)
for x, y in zip([1, 2, 3], "ab"):
    print(x, y, end=";")
for (k, v) in [("u", 1)]:
    print(k, v, a, b, p1, p2)
parity = "even" if total % 2 == 0 else "odd" if total % 3 else "three"
print(parity, 1 if a > b else 2)
i = 100
odd_squares = [i * i for i in range(6) if i % 2 == 1 if i > 1]
pairs = [(k, n) for k, n in zip("ab", [1, 2])]
print(i, odd_squares, pairs, [[c for c in w] for w in ["xy", "z"]])


def comp(n):
    x = "kept"
    ys = [x * 2 for x in range(n)]
    return x, ys


print(comp(3))
nums = [3, 1, 2, 3]
nums.extend(range(2))
nums.remove(3)
where = nums.index(2)
threes = nums.count(3)
scores = {"b": 2, "a": 1}
for key, val in scores.items():
    print(key, val, end=" ")
print(sorted(nums), sorted(["b", "a"], reverse=True), sorted([(2, "x"), (1, "y")]), list(reversed(nums)))
print(any([0, 1]), all([]), all([1, 0]), repr("q"), tuple(nums), sorted(scores.keys()), sum(scores.values()))
wiped = [1]
wiped.clear()
