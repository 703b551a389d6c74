# str's character predicates checked on (nearly) every code point against CPython 3.11 (Unicode 14.0.0): isspace (and the
# whitespace of split() and strip()), isdecimal, isdigit, isnumeric,
# isalpha, isalnum, isprintable (unicode_identifiers.py has the rest). Each
# class is printed as its size and the hash of its characters joined
# (PYTHONHASHSEED=0), small ones as ranges.
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


def ranges(selected):
    out = []
    for c in map(ord, selected):
        if out and out[-1][1] == c - 1:
            out[-1][1] = c
        else:
            out.append([c, c])
    return " ".join("%X-%X" % (lo, hi) if lo != hi else "%X" % lo for lo, hi in out)


for name in ["isspace", "isdecimal", "isdigit", "isnumeric", "isalpha", "isalnum", "isprintable"]:
    s = "".join(filter(getattr(str, name), chars))
    print(name, len(s), hash(s))
    if len(s) < 800:
        print("   ", ranges(s))
# Whitespace as split() and strip() see it: exactly isspace's.
spaces = list(filter(str.isspace, chars))
every = "".join(chars[:0x3001])
print(len("x".join(every).split()), len(every.split()), len(every.strip()))
print([hex(ord(c)) for c in spaces if ("a" + c + "b").split() != ["a", "b"]])
print([hex(ord(c)) for c in spaces if (c + "a" + c).strip() != "a"])
print([hex(ord(c)) for c in spaces if (c + "a").lstrip() != "a" or ("a" + c).rstrip() != "a"])
print([hex(ord(c)) for c in spaces if ("a" + c + "b").rsplit() != ["a", "b"]])
print("a\x1cb\x1dc\x1ed\x1fe".split(), "\x1c a \x1f".strip(), "a\x85b\xa0c".split(None, 1))
print(b"a\x1cb \x85c".split(), b"\x1c".isspace(), "\x1c".isspace(), "\x1c\x1d\x1e\x1f".isspace())

print("\\".isprintable(), "".isprintable(), "".isidentifier(), "_".isidentifier(), "\u2118x".isidentifier())
print("\u0345".isalpha(), "\u4e00".isnumeric(), "\u4e00".isalnum(), "\u00b2".isdigit(), "\u00bd".isnumeric())
