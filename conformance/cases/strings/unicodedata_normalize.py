# unicodedata.normalize and is_normalized against CPython 3.11 (Unicode
# 14.0.0): every code point of planes 0-2 and 14 in each form. (The
# ucd_3_2_0 database and random strings are in the cases beside this one:
# each part takes seconds in a debug build.)
import unicodedata

chars = list(map(chr, range(0x30000))) + list(map(chr, range(0xE0000, 0xE1000)))
forms = ["NFC", "NFD", "NFKC", "NFKD"]
for db in [unicodedata]:
    for form in forms:
        out = [db.normalize(form, c) for c in chars]
        print(form, sum(map(len, out)), hash(tuple(out)), sum(db.is_normalized(form, c) for c in chars))

