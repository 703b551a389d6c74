# isinstance, issubclass, type(x).__name__
class A:
    pass
class B(A):
    pass
a, b = A(), B()
print(isinstance(b, A), isinstance(a, B), isinstance(b, (int, B)))
print(issubclass(B, A), issubclass(A, A), issubclass(bool, int))
print(type(a).__name__, type(b).__name__, type(a) is A, type(b) is A)
print(type(1).__name__, type("").__name__, type(None).__name__, type([]).__name__)
print(type(A).__name__, isinstance(A, type))
print(isinstance(1, object), isinstance(None, object))
print(isinstance(True, int), isinstance(1, bool), isinstance(1.0, (int, float)))
