class OD(dict):
    def __setitem__(self, k, v):
        print("set", k)
        dict.__setitem__(self, k, v)
    def __repr__(self):
        return "OD(" + dict.__repr__(self) + ")"
o = OD()
o['a'] = 1
print(o, dict.__eq__(o, {'a': 1}), dict.__len__(o), dict.__contains__(o, 'a'))
print(int.__repr__(5), float.__repr__(2.5), str.__format__("ab", ">4"), int.__add__(2, 3), int.__add__(2, 3.0))
print(list.__contains__([1, 2], 2), tuple.__new__(tuple, "ab"), int.__new__(int, "12"))
class Color(int):
    def __new__(cls, v, name):
        self = int.__new__(cls, v)
        self.name = name
        return self
    def __repr__(self):
        return f"<Color {self.name}: {int.__repr__(self)}>"
r = Color(1, "red")
print(r, r + 1, [r], r.name, r == 1, r | 2)
class Money(float):
    def __str__(self): return f"${float.__repr__(self)}"
print(Money(2.5), str(Money(1)), f"{Money(3)}", format(Money(4), ".1f"))
class Up(str):
    def __new__(cls, s):
        return super().__new__(cls, s.upper())
print(Up("abc"), Up("x") + "y", type(Up("q")).__name__)
class Stack(list):
    def push(self, x): self.append(x)
    def __repr__(self): return "Stack" + list.__repr__(self)
st = Stack(); st.push(1); st.push(2)
print(st, st.pop(), st, len(st), list.__len__(st))
st2 = Stack([5, 6])
st2 += [7]
print(st2, type(st2).__name__)
class ML(list):
    def __len__(self): return super().__len__() * 10
print(len(ML([1,2])))
class I2(int): pass
print(sorted([I2(3), I2(1), 2]), max(I2(3), 4), sum([I2(2), I2(3)]), range(I2(3)), [1,2,3][I2(1)])
x = I2(10); x += 1; print(x, type(x).__name__)
print(isinstance(I2(1), int), issubclass(I2, int), I2.__mro__)
