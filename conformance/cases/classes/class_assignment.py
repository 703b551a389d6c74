# Assigning __class__ between classes with the same instance layout.
class A: pass
class B: pass
class S1: __slots__=('x',)
class S2: __slots__=('x',)
class S3: __slots__=('y',)
a = A(); a.v = 1; a.__class__ = B; print(type(a).__name__, a.v, a.__class__ is B, isinstance(a, B))
s = S1(); s.x = 5; s.__class__ = S2; print(type(s).__name__, s.x)
for target, obj in [(S3, S1()), (A, S1()), (int, A()), (A, 5), (B, object())]:
    try: obj.__class__ = target; print('ok', type(obj).__name__)
    except TypeError as e: print(e)
class L(list): pass
class L2(list): pass
l = L(); l.__class__ = L2; print(type(l).__name__)
try:
    a.__class__ = 5
except TypeError as e: print(e)
class State1:
    def act(self): return 'one'
class State2:
    def act(self): return 'two'
st = State1(); r = [st.act()]; st.__class__ = State2; r.append(st.act()); print(r)
class D:
    def __del__(self): print('del D')
x = A(); x.__class__ = D; del x
print('end')
