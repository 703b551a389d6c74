# Class body scope
x = "global x"
class C:
    x = "class x"
    y = x + "!"
    def method(self):
        return x
    def method2(self):
        return self.x
print(C.y, C().method(), C().method2())
class D:
    items = [1, 2, 3]
    doubled = [i * 2 for i in items]
    total = sum(items)
print(D.doubled, D.total)
class E:
    n = 3
    try:
        vals = [n for _ in range(2)]
    except NameError as e:
        vals = "NameError: " + str(e)
print(E.vals)
