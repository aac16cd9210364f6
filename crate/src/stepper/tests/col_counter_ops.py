# Counter: built from strings, lists and mappings; update, subtract, arithmetic.
from collections import Counter

letters = Counter("mississippi")
print(letters)
print(letters.most_common(2), letters["s"], letters["z"])
print(sorted(letters.elements()))
stock = Counter({"apple": 3, "pear": 1})
stock.update(["apple", "kiwi", "kiwi"])
stock.update({"pear": 4})
print(stock)
stock.subtract(["apple", "apple"])
print(stock, stock.total())
a = Counter(x=3, y=1)
b = Counter(x=1, y=2, z=1)
print(a + b)
print(a - b)
print(a | b)
print(a & b)
print(Counter(), Counter([]) == Counter())
print(Counter(["a", "b"]) == {"a": 1, "b": 1})
for word, n in Counter("abcab").items():
    print(word, n)
print(list(Counter("hello").keys()), "l" in Counter("hello"))
top = Counter([3, 1, 3, 2, 3, 1]).most_common()
c = Counter("aab")
c["a"] -= 1
c["q"] += 2
print(c)
final = c
