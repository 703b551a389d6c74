# unicodedata.name and lookup against CPython 3.11 (Unicode 14.0.0): every
# name (stored, and algorithmic: CJK ideographs, Hangul syllables, ...)
# hashed, every name looked up back, aliases, named sequences, ucd_3_2_0.
import sys
import unicodedata
from itertools import repeat

chars = list(map(chr, range(0x40000)))
chars += map(chr, range(0xE0000, 0x10D800))
chars += map(chr, range(0x10E000, sys.maxunicode + 1))

for db in [unicodedata, unicodedata.ucd_3_2_0]:
    names = list(map(db.name, chars, repeat("")))
    named = [(c, n) for c, n in zip(chars, names) if n]
    print(len(named), hash(tuple(names)))
    bad = [n for c, n in named if db.lookup(n) != c]
    print("lookup", bad[:5])
    # Case does not matter, except in the algorithmic CJK and Hangul names.
    lower = [(c, n) for c, n in named[::7] if not n.startswith(("CJK UNIFIED", "HANGUL SYLLABLE"))]
    bad = [n for c, n in lower if db.lookup(n.lower()) != c]
    print("lower", len(bad), bad[:3])

for name in [
    "LATIN SMALL LETTER A", "latin small letter a", b"LATIN SMALL LETTER B",
    "HANGUL SYLLABLE GA", "HANGUL SYLLABLE GGAG", "hangul syllable GA", "HANGUL SYLLABLE ga",
    "HANGUL SYLLABLE ", "HANGUL SYLLABLE A", "CJK UNIFIED IDEOGRAPH-4E00",
    "cjk unified ideograph-4e00", "CJK UNIFIED IDEOGRAPH-4e00", "CJK UNIFIED IDEOGRAPH-9FFF",
    "CJK UNIFIED IDEOGRAPH-A000", "CJK UNIFIED IDEOGRAPH-20000", "CJK UNIFIED IDEOGRAPH-020000",
    "cjk compatibility ideograph-f900", "TANGUT COMPONENT-001", "tangut component-768",
    "TANGUT IDEOGRAPH-17000", "NUSHU CHARACTER-1B170", "KHITAN SMALL SCRIPT CHARACTER-18B00",
    "LATIN CAPITAL LETTER GHA", "latin capital letter gha", "BYTE ORDER MARK", "NULL", "nbsp",
    "KATAKANA LETTER AINU P", "LATIN CAPITAL LETTER A WITH MACRON AND GRAVE",
    "MODIFIER LETTER EXTRA-HIGH EXTRA-LOW CONTOUR TONE BAR", "", "x" * 300, "\xe9",
    "latin small letter a\x00b", None, bytearray(b"NULL"), 3,
]:
    for db in [unicodedata, unicodedata.ucd_3_2_0]:
        try:
            print(repr(db.lookup(name)), end=" ")
        except (KeyError, TypeError) as e:
            print(type(e).__name__, e, end=" ")
    print()
print(unicodedata.name("\ud800", "-"), unicodedata.name("\U00017000", "-"), unicodedata.name("\uac01"))
print(unicodedata.ucd_3_2_0.name("\u9fbb", "-"), unicodedata.ucd_3_2_0.name("\uac01"))
import codecs

for b in [b"\\N{LATIN SMALL LETTER A}", b"\\N{latin small letter a}x", b"\\N{NBSP}\\N{BYTE ORDER MARK}",
          b"\\N{KATAKANA LETTER AINU P}", b"\\N{bogus}", b"\\N{", b"\\Nx", b"\\N{}", b"\\N"]:
    try:
        print(ascii(codecs.unicode_escape_decode(b)))
    except UnicodeDecodeError as e:
        print(type(e).__name__, e)
