# Comparison and container dunders: __eq__, __lt__, __len__, __contains__.
class Version:
    def __init__(self, major, minor):
        self.major = major
        self.minor = minor

    def __eq__(self, other):
        return (self.major, self.minor) == (other.major, other.minor)

    def __lt__(self, other):
        return self.major * 1000 + self.minor < other.major * 1000 + other.minor

    def __repr__(self):
        return "v" + str(self.major) + "." + str(self.minor)


class Shelf:
    def __init__(self):
        self.items = []

    def add(self, item):
        self.items.append(item)

    def __len__(self):
        return len(self.items)

    def __contains__(self, item):
        return item in self.items


a = Version(1, 2)
b = Version(1, 10)
c = Version(1, 2)
print(a == c, a != b, a < b, b > a, a == b, a is c)
shelf = Shelf()
for v in [b, a]:
    shelf.add(v)
print(len(shelf), Version(1, 10) in shelf, Version(2, 0) in shelf, Version(2, 0) not in shelf)
print(shelf.items, [v for v in shelf.items if v < Version(1, 5)])
size = len(shelf)
