# Default object behaviour: equality by identity, hashable, __class__
class P:
    pass
a = P()
b = P()
print(a == a, a == b, a != b, a is a)
s = {a, b, a}
print(len(s))
print(a.__class__ is P, P.__name__)
class Q:
    def __init__(self):
        self.data = {}
q = Q()
q.data["k"] = 1
print(q.data, Q().data)
print(isinstance(a, object), issubclass(P, object))
