# Class-level counters
class Widget:
    count = 0
    def __init__(self, name):
        Widget.count += 1
        self.id = Widget.count
        self.name = name
ws = [Widget(n) for n in "abc"]
print(Widget.count, [w.id for w in ws])
class Special(Widget):
    pass
s = Special("z")
print(Widget.count, Special.count, s.id)
class Registry:
    items = []
    def __init__(self, v):
        self.items.append(v)
Registry(1)
Registry(2)
print(Registry.items)
