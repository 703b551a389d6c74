# Deleting slices of lists and bytearrays: contiguous runs in either
# direction, extended slices, empty and out-of-range slices, and a large
# buffer consumed from the front (as asyncio's streams do).
for t in (list, bytearray):
    for sl in [slice(2, 7), slice(7, 2, -1), slice(None, None, -1), slice(1, None, 3),
               slice(8, 1, -2), slice(5, 5), slice(-3, None), slice(None, -3, -1),
               slice(100, 200), slice(-100, 3), slice(None, None, 2), slice(3, 9, -1)]:
        x = t(range(10))
        del x[sl]
        print(t.__name__, sl, list(x))
b = bytearray(b"x" * 2_000_000)
n = 0
while b:
    del b[:4096]
    n += 1
print(len(b), n)
items = list(range(100_000))
while items:
    del items[-1000:]
print(items)
ba = bytearray(b"abc")
m = memoryview(ba)
try:
    del ba[0:1]
except BufferError as e:
    print("BufferError", e)
del ba[1:1]
print(ba)
m.release()
del ba[0:2]
print(ba)
