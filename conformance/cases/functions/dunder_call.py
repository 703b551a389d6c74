# Functions, builtin functions and bound methods have __call__.
import binascii


def inc(x):
    return x + 1


class C:
    def m(self, y):
        return y * 2


print(hasattr(inc, "__call__"), hasattr(len, "__call__"), hasattr(C().m, "__call__"))
print(inc.__call__(1), len.__call__([1, 2, 3]), C().m.__call__(4), C.m.__call__(None, 5))
print(binascii.crc32.__call__(b"a"), sorted.__call__([3, 1, 2], reverse=True))
print(callable(inc.__call__), type(inc).__call__(inc, 9))
