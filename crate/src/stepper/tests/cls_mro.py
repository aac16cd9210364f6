# Multiple inheritance: a diamond, CPython's method resolution order, super() chains.
class Base:
    def __init__(self):
        self.log = ["Base"]

    def who(self):
        return "Base"


class Left(Base):
    def __init__(self):
        super().__init__()
        self.log.append("Left")

    def who(self):
        return "Left>" + super().who()


class Right(Base):
    def __init__(self):
        super().__init__()
        self.log.append("Right")

    def who(self):
        return "Right>" + super().who()


class Bottom(Left, Right):
    def __init__(self):
        super().__init__()
        self.log.append("Bottom")

    def who(self):
        return "Bottom>" + super().who()


b = Bottom()
print(b.log)
print(b.who())
print([c.__name__ for c in Bottom.__mro__])
print(isinstance(b, Right), issubclass(Bottom, Left))
log = b.log
