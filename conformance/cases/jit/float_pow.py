# Float ** in compiled code (the C library's pow, as CPython): square
# roots, integer exponents of negative bases, and the cases CPython treats
# specially (complex results, ZeroDivisionError, OverflowError) through exits.
def f(x, y):
    return x ** y
vals = [(2.0, 0.5), (2.0, 3.0), (-2.0, 3.0), (-2.0, 2.0), (0.0, 0.0), (1e300, 2.0), (2.0, -1.0), (-8.0, 1.0 / 3), (0.0, -1.0), (10.0, 308.0), (3, 0.5), (2.5, 2)]
for k in range(2000):
    f(1.5, 2.5)
for a, b in vals:
    try:
        print(repr(f(a, b)))
    except Exception as e:
        print(type(e).__name__, e)
# jit-compiles: <module>, f
