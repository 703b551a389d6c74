# Class attributes vs instance attributes
class Dog:
    species = "canis"
    tricks = []
    def __init__(self, name):
        self.name = name
a = Dog("rex")
b = Dog("fido")
print(a.species, b.species, Dog.species)
a.species = "wolf"
print(a.species, b.species, Dog.species)
Dog.species = "canis familiaris"
print(a.species, b.species)
a.tricks.append("sit")
print(b.tricks, Dog.tricks)
del a.species
print(a.species)
print(hasattr(a, "name"), hasattr(Dog, "name"))
a.extra = 1
print(a.extra, hasattr(b, "extra"))
