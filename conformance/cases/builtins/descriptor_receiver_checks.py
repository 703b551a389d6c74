# Methods called through the class with a receiver of the wrong type raise
# TypeError (egret's wording differs; only the type is printed).
import _weakref
for call in [lambda: bytearray.copy(5), lambda: bytearray.pop(5), lambda: bytearray.clear(5),
             lambda: bytearray.reverse("x"), lambda: _weakref.ref.__hash__(5)]:
    try:
        call()
    except TypeError:
        print("TypeError")
b = bytearray(b"abc")
print(bytearray.copy(b), bytearray.pop(b), b)
