# Closures and nonlocal
def make_counter():
    count = 0
    def inc():
        nonlocal count
        count += 1
        return count
    return inc
c1 = make_counter()
c2 = make_counter()
print(c1(), c1(), c1(), c2())
def make_adder(n):
    def add(x):
        return x + n
    return add
add5 = make_adder(5)
print(add5(1), make_adder(-1)(1))
def outer():
    x = "outer"
    def middle():
        def inner():
            return x
        return inner()
    return middle()
print(outer())
def accumulator():
    total = []
    def add(v):
        total.append(v)
        return sum(total)
    return add
acc = accumulator()
print(acc(1), acc(10), acc(100))
def shared():
    val = 0
    def get():
        return val
    def setv(v):
        nonlocal val
        val = v
    return get, setv
g, s = shared()
s(42)
print(g())
