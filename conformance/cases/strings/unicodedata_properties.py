# unicodedata's character properties against CPython 3.11 (Unicode 14.0.0)
# over (nearly) every code point: each property is printed as the hash of
# its values (PYTHONHASHSEED=0). (ucd_3_2_0 is the case beside this one:
# each takes seconds in a debug build.)
import sys
import unicodedata
from itertools import repeat

# Every code point of planes 0-3 and 14-16; of the unassigned planes 4-13,
# every 61st. U+10D800..U+10DFFF are egret's stand-ins for the lone
# surrogates (tested as U+D800..U+DFFF): egret cannot hold them.
chars = list(map(chr, range(0x40000)))
chars += map(chr, range(0x40000, 0xE0000, 61))
chars += map(chr, range(0xE0000, 0x10D800))
chars += map(chr, range(0x10E000, sys.maxunicode + 1))

print(unicodedata.unidata_version, unicodedata.ucd_3_2_0.unidata_version)
print(unicodedata.UCD, type(unicodedata.ucd_3_2_0) is unicodedata.UCD)
for db in [unicodedata]:
    for f in ["category", "bidirectional", "east_asian_width", "decomposition"]:
        print(f, hash("|".join(map(getattr(db, f), chars))))

print(unicodedata.category("\ud800"), unicodedata.category("\udfff"), unicodedata.bidirectional("\ud9ff"))
print(unicodedata.numeric("\u00bd"), unicodedata.numeric("\u5146"), unicodedata.numeric("\u0f33"))
print(unicodedata.decomposition("\u00c5"), unicodedata.decomposition("\ufb01"), repr(unicodedata.decomposition("\uac00")))
u = unicodedata
o = unicodedata.ucd_3_2_0
calls = [
    (u.category, ()), (u.category, ("ab",)), (u.category, (1,)), (u.category, ("a", "b")),
    (o.category, ()), (o.bidirectional, ("",)), (u.name, ()), (u.name, ("a", 1, 2)),
    (u.decimal, ("a",)), (u.digit, ("a",)), (u.numeric, ("a",)), (u.name, ("\x00",)),
    (o.decimal, ("\U0001E950",)), (o.numeric, ("\U0001E950",)), (o.digit, ("\U0001E950",)),
    (u.decimal, ("x", 5)), (u.combining, (b"a",)), (u.mirrored, ("ab",)),
    (u.east_asian_width, ("",)), (u.decomposition, (None,)),
]
for f, args in calls:
    try:
        print(repr(f(*args)))
    except Exception as e:
        print(type(e).__name__, e)
try:
    unicodedata.name("a", default=3)
except TypeError as e:
    print(e)
try:
    unicodedata.UCD()
except TypeError as e:
    print(e)
