# Single inheritance and method overriding
class Animal:
    def __init__(self, name):
        self.name = name
    def speak(self):
        return "..."
    def intro(self):
        return f"{self.name} says {self.speak()}"
class Cat(Animal):
    def speak(self):
        return "meow"
class Lion(Cat):
    def speak(self):
        return "ROAR"
class Fish(Animal):
    pass
for a in [Animal("thing"), Cat("tom"), Lion("leo"), Fish("nemo")]:
    print(a.intro())
print(isinstance(Lion("x"), Animal), isinstance(Cat("y"), Lion))
print(issubclass(Lion, Cat), issubclass(Cat, Lion), issubclass(Fish, object))
print(Lion.__name__, Lion.__bases__[0].__name__)
