# The special methods of builtin types exist as methods, as in CPython.
print((5).__neg__(), (5).__pos__(), (-5).__abs__(), (5).__invert__(), (0).__bool__())
print((2.5).__floor__(), (2.5).__ceil__(), (-2.5).__trunc__(), (3).__floor__(), True.__ceil__())
print((7).__divmod__(2), (7.5).__rdivmod__(2), (-7).__divmod__(2), (1234).__round__(-2))
print((1 + 2j).__add__(1), (1j).__abs__(), (1 + 1j).__mul__(2j), (2j).__rpow__(2), (0j).__bool__())
print(None.__bool__(), list(range(3).__reversed__()), range(5).__len__(), range(5).__contains__(3))
print([1, 2].__iter__().__next__(), next({"a": 1}.__reversed__()), "ab".__iter__().__next__())
print(hasattr(1.5, "__and__"), hasattr(1, "__and__"), hasattr(set(), "__getitem__"),
      hasattr([], "__getnewargs__"), hasattr("", "__getnewargs__"), hasattr(frozenset(), "__iter__"))
names = ["__neg__", "__pos__", "__abs__", "__bool__", "__divmod__", "__rdivmod__", "__trunc__",
         "__floor__", "__ceil__", "__iter__", "__invert__", "__round__", "__and__", "__lshift__"]
for t in (int, float, complex, bool, str, list, set, range):
    print(t.__name__, [n for n in names if n in dir(t)])
try:
    float("inf").__floor__()
except OverflowError as e:
    print("OverflowError:", e)
