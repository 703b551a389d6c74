# Subclasses of float/int/list override operators the interpreter has fast
# paths for: the overrides must win.
class F(float):
    def __add__(self, o): return "added"
    def __lt__(self, o): return "lt"
    def __mul__(self, o): return "mul"
print(F(1.0) + 2.0, F(1.0) < 2.0, F(2.0) * 3, 2.0 + F(1.0), F(1.5) - 0.5)
class I(int):
    def __add__(self, o): return "iadd"
    def __lt__(self, o): return "ilt"
print(I(1) + 2, I(1) < 2, I(5) - 1, 3 + I(1))
class L(list):
    def __getitem__(self, i): return ("item", i)
    def __setitem__(self, i, v): print("set", i, v)
l = L([1, 2])
print(l[0], l[1:2])
l[0] = 9
print(list(l))
total = 0.0
for i in range(1000):
    total += F(0.5) if False else 0.5
print(total)
