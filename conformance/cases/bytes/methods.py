# Some bytes methods
b = b"  Hello, World  "
print(b.strip(), b.lower(), b.upper())
print(b.strip().split(b", "))
print(b"-".join([b"a", b"b", b"c"]))
print(b"abcabc".count(b"b"), b"abcabc".find(b"ca"), b"abc".replace(b"b", b"XX"))
print(b"abc".startswith(b"ab"), b"abc".endswith(b"bc"))
print(b"deadbeef".hex() if hasattr(b"", "hex") else "nohex")
print(bytes.fromhex("41 42 43"))
print(b"123".isdigit(), b"abc".isalpha())
