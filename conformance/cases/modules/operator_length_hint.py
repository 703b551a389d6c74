# operator.length_hint and the builtin iterators' __length_hint__.
import _operator as op

print(op.length_hint([], 2), op.length_hint([1, 2]), op.length_hint(1, 5))
for it in [iter([1, 2, 3]), iter((1, 2)), iter(range(5)), iter(range(2 ** 70, 2 ** 70 + 3)),
           iter('abcé'), iter(b'ab'), iter(bytearray(b'xyz')), iter({1: 2, 3: 4}),
           iter({1: 2}.values()), iter({1: 2}.items()), reversed([1, 2, 3]),
           reversed('abc')]:
    before = op.length_hint(it)
    next(it)
    print(before, op.length_hint(it), it.__length_hint__())
it = iter([1])
next(it)
print(op.length_hint(it), list(it), op.length_hint(it))
l = [1, 2, 3]
it = iter(l)
l.clear()
print(op.length_hint(it))
d = {1: 2}
it = iter(d)
d[2] = 3
print(op.length_hint(it))


class S:
    def __getitem__(self, i):
        if i < 3:
            return i
        raise IndexError


class SL(S):
    def __len__(self):
        return 3


print(iter(S()).__length_hint__(), op.length_hint(iter(S()), 7))
it = iter(SL())
next(it)
print(op.length_hint(it))
print(op.length_hint(x for x in []), op.length_hint(map(str, [1]), 4))


class X:
    def __init__(self, value):
        self.value = value

    def __length_hint__(self):
        if type(self.value) is type:
            raise self.value
        return self.value


print(op.length_hint(X(2)), op.length_hint(X(NotImplemented), 4), op.length_hint(X(TypeError), 12))
for v in ["abc", -2, LookupError, 2 ** 70]:
    try:
        print(op.length_hint(X(v)))
    except Exception as e:
        print(type(e).__name__, e)


class BadLen:
    def __len__(self):
        raise TypeError('no')

    def __length_hint__(self):
        return 9


class ErrLen:
    def __len__(self):
        raise KeyError('bad')


print(op.length_hint(BadLen()))
for args in [(ErrLen(),), ([], 'x'), (), ([], 1, 2)]:
    try:
        print(op.length_hint(*args))
    except Exception as e:
        print(type(e).__name__, e)
