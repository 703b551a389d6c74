# The identifier characters of str.isidentifier (XID_Start and `_`, then
# XID_Continue) and the characters repr() shows unescaped (the printable
# ones), checked on (nearly) every code point (but the surrogates) against CPython
# 3.11 (Unicode 14.0.0), as size and hash (PYTHONHASHSEED=0).
import sys

# Every code point of planes 0-3 and 14-16; of the unassigned planes 4-13,
# every 61st (CPython's answers are all False there, and so must be
# egret's: this keeps the case fast).
chars = list(map(chr, range(0x40000)))
chars += map(chr, range(0x40000, 0xE0000, 61))
# U+10D800..U+10DFFF are egret's stand-ins for the lone surrogates (tested
# above as U+D800..U+DFFF): egret cannot hold them as characters.
chars += map(chr, range(0xE0000, 0x10D800))
chars += map(chr, range(0x10E000, sys.maxunicode + 1))
start = "".join(filter(str.isidentifier, chars))
cont = "".join(filter(str.isidentifier, map("a".__add__, chars)))
print("identifier start", len(start), hash(start), "continue", len(cont) // 2, hash(cont))

# repr escapes the characters that are not printable.
shown = "".join(c for c in chars[:0x30000] if len(repr(c)) == 3)
print(len(shown), hash(shown))
print(repr("\u0378\u0ad0\U0010ffff\ue000\xad\u2028\u3000\u1f00\\"))
print("".isidentifier(), "_".isidentifier(), "\u2118x".isidentifier(), "a\u0345".isidentifier(), "\u0345".isidentifier())
print("_1".isidentifier(), "1a".isidentifier(), "a b".isidentifier(), "\u00aa\u2160".isidentifier())


class Slots:
    __slots__ = ("\u2118", "\u00e9t\u00e9")


print(sorted(Slots.__slots__))
try:

    class BadSlots:
        __slots__ = ("a\u0345b", "\u0345")

except TypeError as e:
    print("TypeError", e)
