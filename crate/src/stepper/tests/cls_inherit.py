# Single inheritance: overriding, super(), isinstance and type names.
class Animal:
    def __init__(self, name):
        self.name = name
        self.sounds = []

    def speak(self):
        return "..."

    def describe(self):
        return f"{self.name} says {self.speak()}"


class Dog(Animal):
    def speak(self):
        return "woof"


class Puppy(Dog):
    def __init__(self, name, age):
        super().__init__(name)
        self.age = age

    def speak(self):
        return super().speak() + "!"


pets = [Animal("generic"), Dog("rex"), Puppy("bit", 1)]
for pet in pets:
    print(pet.describe(), type(pet).__name__, pet.__class__.__name__)
print(isinstance(pets[2], Dog), isinstance(pets[1], Puppy), isinstance(pets[0], Animal))
print(issubclass(Puppy, Animal), issubclass(Animal, Dog), issubclass(Dog, (Puppy, Animal)))
print(isinstance(3, int), isinstance("s", (int, str)), isinstance(True, int), type(7).__name__)
names = [p.name for p in pets]
age = pets[2].age
