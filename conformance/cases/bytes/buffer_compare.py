# memoryview comparison and hashing, and bytes/bytearray compared with
# other buffers.
import array

a = memoryview(b"abc")
print(a == b"abc", a == bytearray(b"abc"), a == memoryview(b"abc"), a != b"abd")
print(b"abc" == a, bytearray(b"abc") == a, a == [97, 98, 99], a == "abc")
print(memoryview(array.array("i", [1, 2])) == array.array("i", [1, 2]))
print(memoryview(array.array("i", [1, 2])) == memoryview(array.array("l", [1, 2])))
print(memoryview(array.array("B", [1, 2])) == memoryview(array.array("d", [1.0, 2.0])))
print(memoryview(array.array("i", [1, 2])) == memoryview(array.array("i", [1, 3])))
nan = memoryview(array.array("d", [float("nan")]))
print(nan == nan, memoryview(b"ab").cast("B", [1, 2]) == memoryview(b"ab"))
try:
    a < a
except TypeError as e:
    print("TypeError", e)
print(hash(a) == hash(b"abc"), hash(a[::2]) == hash(b"ac"))
print(hash(memoryview(b"abc").cast("c")) == hash(b"abc"))
for bad in (memoryview(bytearray(b"a")), memoryview(b"abcd").cast("i")):
    try:
        hash(bad)
    except ValueError as e:
        print("ValueError", e)
r = memoryview(b"x")
r.release()
print(r == r, r != r, r == memoryview(b"x"))
print(bytearray(b"abc") < memoryview(b"abd"), bytearray(b"b") > array.array("B", [97]))
print(bytearray(b"ab") == array.array("B", [97, 98]), array.array("B", [97]) == bytearray(b"a"))
