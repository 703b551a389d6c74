# operator.length_hint and __length_hint__ of the builtin iterators, as
# they are consumed and when their container changes under them.
import collections
import operator

cases = {
    'list': [1, 2, 3],
    'tuple': (1, 2, 3),
    'set': {1, 2, 3},
    'frozenset': frozenset({1, 2, 3}),
    'dict': {1: 1, 2: 2, 3: 3},
    'range': range(3),
    'str': 'abc',
    'bytes': b'abc',
    'deque': collections.deque([1, 2, 3]),
}
for name, c in cases.items():
    it = iter(c)
    hints = [operator.length_hint(it)]
    for _ in it:
        hints.append(it.__length_hint__())
    print(name, hints)

s = {1, 2, 3}
it = iter(s)
next(it)
s.add(4)
print('set changed', it.__length_hint__(), operator.length_hint(it))
try:
    next(it)
except RuntimeError as e:
    print('RuntimeError', e)
print('after', it.__length_hint__())

d = collections.deque([1, 2, 3])
it = iter(d)
next(it)
d.append(4)
print('deque changed', it.__length_hint__())
try:
    next(it)
except RuntimeError as e:
    print('RuntimeError', e)
it = reversed(collections.deque([1, 2]))
print('reversed deque', it.__length_hint__(), list(it), it.__length_hint__())
print(list(map(operator.length_hint, [iter([]), iter(set()), iter(collections.deque())])))
