# str.encode and bytes.decode
s = "héllo"
e = s.encode()
print(e, len(e), len(s))
print(e.decode(), e.decode() == s)
print("abc".encode("utf-8"), "abc".encode("ascii"))
print("€".encode(), list("€".encode()))
print(b"\xe4\xb8\xad".decode("utf-8"))
print("😀".encode("utf-8"))
try:
    b"\xff".decode()
except UnicodeDecodeError as e:
    print(type(e).__name__)
print(str(b"x", "ascii"))
