# `__iter__ = None` makes a class not iterable (even with __getitem__);
# other special methods set to None fail when called.
class A:
    __iter__ = None
    def __getitem__(self, i): return i
for f in (lambda: iter(A()), lambda: list(A()), lambda: 1 in A(), lambda: [*A()]):
    try: f()
    except TypeError as e: print(e)
class B:
    __hash__ = None
try: hash(B())
except TypeError as e: print(e)
class C:
    __len__ = None
try: len(C())
except TypeError as e: print(e)
