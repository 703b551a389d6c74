# Indexing yields int, slicing yields bytes
b = b"ABCDEF"
print(b[0], b[-1], type(b[0]).__name__)
print(b[1:4], b[::-1], b[::2], b[10:])
print(list(b[:3]))
for x in b"hi":
    print(x)
print(b[2:3] == b"C", b[2] == ord("C"))
try:
    b[10]
except IndexError as e:
    print("IndexError:", e)
