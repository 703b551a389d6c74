# dir() of builtin objects, __dir__, in-place and | special methods of
# builtin containers, __class_getitem__.
class WithDir:
    def __dir__(self):
        return ["zeta", "alpha", "mid"]


print(dir(WithDir()))
checks = {
    "int": (5, ["real", "imag", "numerator", "denominator", "__abs__", "__floor__"]),
    "float": (1.5, ["real", "imag", "__trunc__", "hex"]),
    "range": (range(3), ["start", "stop", "step", "__reversed__", "__len__"]),
    "slice": (slice(1), ["start", "stop", "step", "indices"]),
    "list": ([], ["__iadd__", "__imul__", "__class_getitem__", "__reversed__"]),
    "dict": ({}, ["__or__", "__ror__", "__ior__", "__class_getitem__"]),
    "set": (set(), ["__iand__", "__ior__", "__isub__", "__ixor__"]),
    "bytearray": (bytearray(), ["__add__", "__mul__", "__rmul__", "__mod__", "__iadd__"]),
    "exception": (KeyError(1), ["args", "__traceback__", "__cause__", "__context__", "with_traceback", "add_note"]),
    "function": (len, ["__name__", "__qualname__", "__self__"]),
    "property": (property(), ["fget", "fset", "fdel", "getter", "setter", "deleter"]),
}
for name, (obj, want) in checks.items():
    d = dir(obj)
    print(name, [w for w in want if w not in d], d == sorted(d))
print(hasattr(bytearray(), "__radd__"), hasattr(1.0, "__or__"))
l = [1]
print(l.__iadd__([2]), l, [3].__imul__(2), {1}.__ior__({2}), {"a": 1}.__or__({"b": 2}), {"a": 1}.__ror__({"b": 2}))
print(bytearray(b"a").__add__(b"b"), b"%d".__mod__(5), {1: 2}.__or__(5))
print(list[int], dict[str, int], list.__class_getitem__(int), tuple[int, ...], set[str])


class L(list):
    def __iadd__(self, o):
        print("iadd")
        return super().__iadd__(o)


x = L([1])
x += [2]
print(x, type(x).__name__)
d = {"a": 1}
d |= {"b": 2}
print(d)
