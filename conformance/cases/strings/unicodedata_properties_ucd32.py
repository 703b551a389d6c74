# unicodedata.ucd_3_2_0's character properties against CPython 3.11's
# Unicode 3.2.0 database, over (nearly) every code point: each
# property is printed as the hash of its values (PYTHONHASHSEED=0).
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
    for f in ["category", "bidirectional", "east_asian_width", "decomposition"]:
        print(f, hash("|".join(map(getattr(db, f), chars))))

