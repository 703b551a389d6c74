import pickle, copy
def check(make, skip=1):
    it = make()
    for _ in range(skip):
        next(it, None)
    for proto in (0, 2, 4):
        back = pickle.loads(pickle.dumps(it, proto))
        print(list(back), end=' | ')
    print(list(it))
check(lambda: iter([1, 2, 3, 4]))
check(lambda: iter((1, 2, 3)), 3)
check(lambda: iter('héllo'), 2)
check(lambda: iter(b'abc'))
check(lambda: iter(range(2, 20, 3)), 2)
check(lambda: iter(range(10**20, 10**20 + 5)), 1)
check(lambda: reversed([1, 2, 3, 4]))
check(lambda: reversed((1, 2, 3)), 3)
check(lambda: enumerate('abc', 5))
check(lambda: zip([1, 2, 3], 'abc'))
check(lambda: map(str, [1, 2, 3]))
check(lambda: filter(None, [0, 1, 2, 0, 3]))
check(lambda: iter({'a': 1, 'b': 2, 'c': 3}))
check(lambda: iter({'a': 1, 'b': 2}.items()), 0)
check(lambda: iter({1, 2, 3}), 0)
class S:
    def __getitem__(self, i):
        if i > 4: raise IndexError
        return i * 10
check(lambda: iter(S()), 2)
it = iter([1, 2, 3]); it.__setstate__(10); print(list(it))
it = iter([1, 2, 3]); it.__setstate__(-5); print(list(it))
r = reversed([1, 2, 3]); r.__setstate__(0); print(list(r))
print(list(copy.copy(iter([5, 6, 7]))))
z = zip([1], [2, 3], strict=True)
z2 = pickle.loads(pickle.dumps(z))
try: print(list(z2))
except ValueError as e: print('ValueError', e)
