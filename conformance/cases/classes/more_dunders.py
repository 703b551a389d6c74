# More dunder methods: __bool__, __iter__, __hash__, comparisons
class Bag:
    def __init__(self, *items):
        self.items = list(items)
    def __bool__(self):
        return len(self.items) > 0
    def __iter__(self):
        return iter(self.items)
    def __len__(self):
        return len(self.items)
    def __le__(self, other):
        return len(self) <= len(other)
    def __gt__(self, other):
        return len(self) > len(other)
print(bool(Bag()), bool(Bag(1)))
print(list(Bag(1, 2, 3)), sum(Bag(4, 5)))
print(Bag(1) <= Bag(1, 2), Bag(1, 2) > Bag(1), Bag(1) >= Bag(1))
x, y, z = Bag(7, 8, 9)
print(x, y, z)
print(sorted(Bag(3, 1, 2)), max(Bag(3, 1, 2)))
