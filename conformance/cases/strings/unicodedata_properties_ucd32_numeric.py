# unicodedata.ucd_3_2_0's numeric properties (combining, mirrored, decimal, digit,
# numeric) against CPython 3.11 (Unicode 3.2.0), over (nearly) every code point,
# each printed as the hash of its values (PYTHONHASHSEED=0).
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

for db in [unicodedata.ucd_3_2_0]:
    for f in ["combining", "mirrored"]:
        print(f, hash(tuple(map(getattr(db, f), chars))))
    for f in ["decimal", "digit", "numeric"]:
        # (hash(None) differs between runs: -1 stands for no value.)
        values = tuple(map(getattr(db, f), chars, repeat(-1)))
        print(f, len(values) - values.count(-1), hash(values))
