# ord and chr
print(ord("A"), ord("a"), ord("0"), ord(" "), ord("\n"))
print(chr(65), chr(97), chr(48), repr(chr(10)))
print(ord("é"), ord("€"), ord("中"), ord("😀"))
print(chr(233), chr(8364), chr(0x4E2D), chr(128512))
print("".join(chr(ord(c) + 1) for c in "HAL"))
print([ord(c) for c in "abc"])
try:
    ord("ab")
except TypeError as e:
    print("TypeError:", e)
