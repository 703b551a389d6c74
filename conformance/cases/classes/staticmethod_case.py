# @staticmethod
class MathUtil:
    @staticmethod
    def add(a, b):
        return a + b
    @staticmethod
    def describe():
        return "utility"
print(MathUtil.add(2, 3), MathUtil.describe())
m = MathUtil()
print(m.add(10, 20), m.describe())
f = MathUtil.add
print(f(1, 1))
