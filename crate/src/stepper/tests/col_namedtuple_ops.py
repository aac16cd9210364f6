# namedtuple: fields from a string or a list, defaults, _replace, _fields, tuple behaviour.
from collections import namedtuple

Point = namedtuple("Point", "x y")
p = Point(3, 4)
print(p, p.x, p.y, p[0], p[-1], len(p))
print(Point._fields, p._fields)
q = p._replace(y=10)
print(q, p)
print(p == (3, 4), p == Point(3, 4), p != q, p < q)
x, y = p
print(x * y, list(p), tuple(p), p + (5,), 3 in p)
for v in p:
    print("coord", v)
Color = namedtuple("Color", ["red", "green", "blue"], defaults=[255])
print(Color(1, 2), Color(1, 2, 3), Color(red=9, green=8))
print(p._asdict())
print(max(Point(1, 9), Point(2, 0)), sorted([Point(2, 1), Point(1, 5)]))


class Vector(namedtuple("Vector", "dx dy")):
    def length2(self):
        return self.dx * self.dx + self.dy * self.dy


v = Vector(3, 4)
print(v, v.length2(), v.dx)
try:
    Point(1)
except TypeError as e:
    print("TypeError:", e)
try:
    p.z
except AttributeError as e:
    print("AttributeError:", e)
try:
    namedtuple("Bad", ["ok", "_hidden"])
except ValueError as e:
    print("ValueError:", e)
try:
    p[0] = 5
except TypeError as e:
    print("TypeError:", e)
origin = Point(0, 0)
points = [Point(i, i * i) for i in range(3)]
