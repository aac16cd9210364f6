# A small class: attributes, methods, class attributes, __str__ and __repr__.
class Point:
    created = 0

    def __init__(self, x, y=0):
        self.x = x
        self.y = y
        Point.created += 1

    def moved(self, dx, dy):
        return Point(self.x + dx, self.y + dy)

    def manhattan(self):
        return abs(self.x) + abs(self.y)

    def __str__(self):
        return f"({self.x}, {self.y})"

    def __repr__(self):
        return f"Point({self.x}, {self.y})"


origin = Point(0)
p = Point(3, -4)
q = p.moved(1, 1)
print("p is", p, "and q is", q)
print(repr(q), str(q), f"{p!r} / {q}")
print([origin, p, q])
print("distances:", [pt.manhattan() for pt in [origin, p, q]])
print("made", Point.created, "points")
xs = (p.x, p.y, q.x, q.y)
created = Point.created
