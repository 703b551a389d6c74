# The function forms of the operators in the native _operator module.
import _operator as op
import operator


def show(f, *args, **kwargs):
    try:
        print(f.__name__, repr(f(*args, **kwargs)))
    except Exception as e:
        print(f.__name__, type(e).__name__, e)


print(operator.add is op.add, operator.__add__ is op.add, operator.itemgetter is op.itemgetter)
print(op.add.__module__, op.add, op.__name__)
print(sorted(n for n in dir(op) if not n.startswith('__')))

for name in ['lt', 'le', 'eq', 'ne', 'gt', 'ge']:
    f = getattr(op, name)
    show(f, 1, 2)
    show(f, 2.0, 2)
    show(f, [1, 2], [1, 3])
show(op.lt, 1j, 2j)
show(op.lt, 1)
show(op.eq, 1, 2, 3)
show(op.eq, 1, b=2)

for name in ['add', 'sub', 'mul', 'truediv', 'floordiv', 'mod', 'pow',
             'lshift', 'rshift', 'and_', 'or_', 'xor']:
    f = getattr(op, name)
    show(f, 13, 5)
    show(f, None, 5)
show(op.lshift, 2, -1)
show(op.truediv, 1, 0)
show(op.add, 'a', 1)
show(op.mul, 'ab', 3)
show(op.mod, '%s-%s', (1, 2))


class M:
    def __matmul__(self, o):
        return ('matmul', o)

    def __imatmul__(self, o):
        return ('imatmul', o)


show(op.matmul, M(), 1)
show(op.imatmul, M(), 1)
show(op.matmul, 1, 2)


class I:
    def __iadd__(self, o): return "iadd"
    def __isub__(self, o): return "isub"
    def __imul__(self, o): return "imul"
    def __itruediv__(self, o): return "itruediv"
    def __ifloordiv__(self, o): return "ifloordiv"
    def __imod__(self, o): return "imod"
    def __ipow__(self, o): return "ipow"
    def __ilshift__(self, o): return "ilshift"
    def __irshift__(self, o): return "irshift"
    def __iand__(self, o): return "iand"
    def __ior__(self, o): return "ior"
    def __ixor__(self, o): return "ixor"
    def __getitem__(self, i): return 5


for name in ['iadd', 'isub', 'imul', 'itruediv', 'ifloordiv', 'imod', 'ipow',
             'ilshift', 'irshift', 'iand', 'ior', 'ixor', 'iconcat']:
    show(getattr(op, name), I(), 1 if name != 'iconcat' else I())
lst = [1]
print(op.iadd(lst, [2]) is lst, lst, op.iadd(3, 4), op.iconcat((1,), (2,)))

show(op.truth, [])
show(op.truth, [0])
show(op.not_, 0)
show(op.not_)
show(op.truth, 1, 2)
show(op.is_, None, None)
show(op.is_not, None, None)
show(op.abs, -3)
show(op.abs, -2.5)
show(op.abs, 'x')
show(op.neg, 5)
show(op.neg, 'x')
show(op.pos, True)
show(op.pos, 'x')
show(op.inv, 5)
show(op.invert, 'x')
show(op.index, 7)
show(op.index, True)
show(op.index, 2.0)
show(op.index, 2 ** 100)


class Idx:
    def __index__(self):
        return 42


class IntSub(int):
    pass


show(op.index, Idx())
print(type(op.index(IntSub(3))).__name__, type(op.index(False)).__name__)

# concat needs sequences
show(op.concat, 'py', 'thon')
show(op.concat, [1], [2])
show(op.concat, (1,), [2])
show(op.concat, 13, 29)
show(op.concat, None, None)
show(op.iconcat, 1, 2)


class Seq:
    def __init__(self, l): self.l = l
    def __len__(self): return len(self.l)
    def __getitem__(self, i): return self.l[i]
    def __add__(self, o): return self.l + o.l


show(op.concat, Seq([5, 6]), Seq([7]))

# containment, counting, searching
show(op.contains, range(4), 2)
show(op.contains, 1, 2)
show(op.countOf, [1, 2, 1, 3, 1], 1)
show(op.countOf, 1, 2)
nan = float('nan')
show(op.countOf, [nan, nan, 21], nan)
show(op.countOf, [{}, 1, {}], {})
show(op.indexOf, [4, 3, 2, 1], 3)
show(op.indexOf, [4, 3, 2, 1], 0)
show(op.indexOf, [nan, nan], nan)
it = iter('leave the iterator')
print(op.indexOf(it, 'a'), next(it))


class BadIter:
    def __iter__(self):
        raise ZeroDivisionError('boom')


show(op.countOf, BadIter(), 1)
show(op.indexOf, BadIter(), 1)
show(op.contains, BadIter(), 1)

# items
a = [4, 3, 2, 1]
show(op.getitem, a, 1)
show(op.getitem, a, slice(1, 3))
show(op.getitem, a, 10)
show(op.getitem, 1, 2)
show(op.setitem, a, 0, 9)
show(op.setitem, a, 10, 9)
show(op.setitem, a)
show(op.delitem, a, 1)
show(op.delitem, a, None)
print(a)
d = {'k': 1}
show(op.getitem, d, 'nope')
show(op.delitem, d, 'k')
print(d)

# call
def func(*args, **kwargs):
    return args, kwargs


show(op.call, func)
show(op.call, func, 0, 1, a=2)
show(op.call)
show(op.call, 1)
