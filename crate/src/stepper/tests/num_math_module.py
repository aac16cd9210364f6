# The math module as numeric textbook code uses it.
import math
from math import sqrt, pi, floor, ceil

print(pi, math.e, math.tau, math.inf, -math.inf)
print(sqrt(2), sqrt(16), math.sqrt(0.25), floor(-2.5), ceil(-2.5), math.trunc(-2.5), floor(7), math.fabs(-3))
print(math.factorial(0), math.factorial(15), math.gcd(48, 180), math.gcd(0, 5), math.lcm(4, 6), math.isqrt(99))
print(math.log(1), math.log(math.e ** 2), math.log(8, 2), math.log(1000, 10), math.log2(1024), math.log10(0.001))
print(math.exp(0), math.exp(1), math.exp(-1), math.pow(2, 0.5), math.pow(10, -2))
print(math.sin(0), math.sin(pi / 2), math.cos(pi), math.tan(pi / 4), math.atan2(1, 1), math.atan(1), math.asin(1), math.acos(0))
print(math.hypot(3, 4), math.hypot(5, 12), math.degrees(pi), math.radians(180), math.copysign(2, -0.0))
print(math.fsum([0.1] * 10), math.fsum([1e100, 1.0, -1e100]), math.prod([1, 2, 3, 4, 5]), math.prod([0.5, 4]))
print(math.isclose(0.1 + 0.2, 0.3), math.isclose(1.0, 1.1), math.isclose(1.0, 1.05, rel_tol=0.1), math.isclose(0, 1e-10, abs_tol=1e-9))
print(math.isnan(math.nan), math.isnan(1.0), math.isinf(-math.inf), math.isfinite(1e308), math.comb(10, 3), math.perm(5, 2))
radius = 2.5
area = pi * radius ** 2
circumference = 2 * pi * radius
print(f"area {area:.3f}, circumference {circumference:.3f}, area/circumference {area / circumference}")
