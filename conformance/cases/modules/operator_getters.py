# itemgetter, attrgetter and methodcaller of the native _operator module.
import _operator as op
import operator
import pickle
import copy

ig, ag, mc = op.itemgetter, op.attrgetter, op.methodcaller
print(ig, ag, mc, ig.__module__, ig.__name__, ig.__qualname__)
print(operator.itemgetter is ig, operator.methodcaller is mc)


def show(f, *args, **kwargs):
    try:
        print(repr(f(*args, **kwargs)))
    except Exception as e:
        print(type(e).__name__, e)


f = ig(2)
print(f('ABCDE'), f, ig(2, 0, 4)('ABCDE'), ig(-1)((1, 2)), ig(slice(1, 3))('abcd'))
print(ig('key')({'key': 'val'}), ig(0)(range(100, 200)))
show(f)
show(f, 'abc', 3)
show(f, 'abc', size=3)
show(ig(10), 'abc')
show(ig('x'), 'abc')
show(ig('nope'), {})
show(ig)
show(ig, 1, x=2)
print(sorted([('a', 3), ('b', 1), ('c', 2)], key=ig(1)))
print(list(map(ig(0, 1), ['xy', 'zw'])))


class A:
    pass


a = A()
a.name = 'arthur'
a.child = A()
a.child.name = 'thomas'
print(ag('name')(a), ag('child.name')(a), ag('name', 'child.name')(a))
print(ag('name'), ag('child.name', 'name'))
show(ag('rank'), a)
show(ag('child.'), a)
show(ag('.child'), a)
show(ag('child.child.name'), a)
show(ag, 2)
show(ag)
show(ag, 'a', x=1)
show(ag('name'))
show(ag('name'), a, 'dent')
show(ag('name'), a, surname='dent')


class B:
    def foo(self, *args, **kw):
        return args[0] + args[1]

    def bar(self, f=42):
        return f

    def baz(*args, **kw):
        return kw['name'], kw['self']


b = B()
print(mc('foo', 1, 2)(b), mc('bar')(b), mc('bar', f=5)(b), mc('baz', name='spam', self='eggs')(b))
print(mc('foo', 1, 2), mc('bar', f=5), mc('split', ',', maxsplit=1), mc('x'))
show(mc('foo'), b)
show(mc)
show(mc, 12)
show(mc('bar'), b, b)
show(mc('bar'))
show(mc('bar'), b, spam=3)
show(mc('nope'), b)

# __reduce__, pickling and copying
print(ig(1).__reduce__(), ig(1, 2).__reduce__())
print(ag('a.b', 'c').__reduce__())
print(mc('f', 1).__reduce__())
r = mc('f', 1, x=2).__reduce__()
print(type(r[0]).__name__, r[0].func is mc, r[0].args, r[0].keywords, r[1])
for proto in range(pickle.HIGHEST_PROTOCOL + 1):
    for g in [ig(2), ig(2, 0, 4), ag('x'), ag('t.u.v', 'x'), mc('bar'), mc('foo', 1, 2), mc('bar', f=5)]:
        g2 = pickle.loads(pickle.dumps(g, proto))
        assert repr(g2) == repr(g) and type(g2) is type(g), (g, g2)
print(copy.copy(ig(1)), copy.deepcopy(mc('bar', f=[1])))

# recursive reprs
l = []
g = ig(l)
l.append(g)
print(repr(g))
l2 = []
m = mc('f', l2)
l2.append(m)
print(repr(m))

# not subclassable, immutable
for t in (ig, ag, mc):
    try:
        class X(t):
            pass
    except TypeError as e:
        print(e)
    try:
        t.x = 1
    except TypeError as e:
        print(e)
try:
    ig(1).x = 1
except AttributeError as e:
    print('AttributeError')
