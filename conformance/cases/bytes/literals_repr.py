# bytes literals and repr
b = b"hello"
print(b, repr(b), len(b))
print(b"", b"a'b", b'a"b', b"tab\there")
print(b"\x00\x01\xff", b"\n\r")
print(b"\\", rb"\n", len(rb"\n"))
print(type(b).__name__)
print(b"ab" == b"ab", b"ab" == "ab", b"a" < b"b")
print(bytes(3), bytes())
