# Concatenation, bytes() constructor, membership
a = b"foo" + b"bar"
print(a, len(a))
print(b"ab" * 3)
print(bytes([1, 2, 3]), bytes([65, 66, 67]))
print(bytes(range(97, 100)))
print(b"oo" in a, b"x" in a, 111 in a, 120 in a)
print(list(bytes([0, 127, 128, 255])))
try:
    bytes([256])
except ValueError as e:
    print("ValueError:", e)
try:
    b"a" + "b"
except TypeError as e:
    print("TypeError:", e)
