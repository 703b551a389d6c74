# list/tuple/dict/set constructors from iterables
print(list("abc"), list((1, 2)), list({"a": 1, "b": 2}), list(range(3)))
print(tuple([1, 2]), tuple("hi"), tuple({5: 0}), tuple())
print(dict([("a", 1)]), dict([[1, 2], (3, 4)]), dict(a=1), dict({"x": 0}))
print(set([3, 1, 3]), set("aaa"), set(), set(range(4)))
print(list(map(int, "123")), tuple(x for x in range(3)))
print(dict(enumerate("xy")), list(zip([1], [2])))
try:
    dict([1, 2])
except TypeError as e:
    print("TypeError:", e)
try:
    list(5)
except TypeError as e:
    print("TypeError:", e)
