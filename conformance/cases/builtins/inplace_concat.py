# `+=` on lists and bytearrays extends the object in place (same object,
# other references see it), with itself, iterables and buffers; exported
# bytearrays refuse to grow; tuples, bytes and strs make new objects.
l = [1, 2]
alias = l
l += [3]
l += (4, 5)
l += range(6, 8)
l += (x * 10 for x in range(2))
print(l, alias is l)
l += l
print(l, len(alias))
l.__iadd__([99])
print(l[-1], alias is l)
try:
    l += 5
except TypeError as e:
    print("TypeError", e)
print(len(l))

big = []
for i in range(50000):
    big += [i, -i]
print(len(big), sum(big), big[-2:])

b = bytearray(b"ab")
ba = b
b += b"cd"
b += bytearray(b"ef")
b += memoryview(b"gh")
try:
    b += b
except BufferError as e:
    print("BufferError", e)
empty = bytearray()
empty += empty
print(b, ba is b, empty)
try:
    b += "str"
except TypeError as e:
    print("TypeError", e)
try:
    b += [1, 2]
except TypeError as e:
    print("TypeError", e)
m = memoryview(b)
try:
    b += b"x"
except BufferError as e:
    print("BufferError", e)
b += b""
print(len(b))
m.release()
b += b"!"
print(b[-3:])

acc = bytearray()
for i in range(50000):
    acc += b"xyz"
print(len(acc), acc[-6:])

t = (1,)
t0 = t
t += (2,)
print(t, t0, t is t0)
s = b"a"
s0 = s
s += b"b"
print(s, s0)
u = [1]
v = u + [2]
print(u, v)
w = bytearray(b"q")
z = w + b"r"
print(w, z, type(z).__name__)
