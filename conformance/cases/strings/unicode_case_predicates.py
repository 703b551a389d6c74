# str.isupper, islower and istitle as CPython 3.11 (Unicode 14.0.0): the
# Uppercase and Lowercase properties and category Lt for every code point
# of planes 0-3 and 14-16 (size and hash, PYTHONHASHSEED=0), and CPython's
# rules for strings: uncased characters (CJK, digits) are neither upper
# nor lower, and istitle needs a cased character.
import sys

chars = list(map(chr, range(0x40000)))
# U+10D800..U+10DFFF are egret's stand-ins for the lone surrogates (tested
# above as U+D800..U+DFFF): egret cannot hold them as characters.
chars += map(chr, range(0xE0000, 0x10D800))
chars += map(chr, range(0x10E000, sys.maxunicode + 1))
for name in ["isupper", "islower", "istitle"]:
    s = "".join(filter(getattr(str, name), chars))
    print(name, len(s), hash(s))
cases = [
    "", "A", "a", "1", "\u4e2d", "A\u4e2d", "\u4e2dA", "\u4e2da", "Ab Cd", "AB", "Ab", "aB",
    "\u01c4", "\u01c5", "\u01c6", "\u01c5a", "\u01c5A", "A\u01c5", "\xaa", "\u0295", "\u02b0",
    "\u2160", "\u2170", "\u24b6", "\u24d0", "Hello World!", "Hello world", "HELLO 1", "hello 1",
    "\u1f88", "\u1f88\u1f00", "\u0130", "\u1e9e", "\xdf", "A\u0345", "\u10fc", "\ua7f2",
]
for s in cases:
    print(ascii(s), s.isupper(), s.islower(), s.istitle())
print([(b.isupper(), b.islower(), b.istitle()) for b in (b"AB", b"ab", b"Ab", b"\xc4", b"A\xe4")])
