# unicodedata.ucd_3_2_0.normalize and is_normalized against CPython 3.11's
# Unicode 3.2.0 database: every code point of planes 0-2 and 14 in each
# form.
import unicodedata

chars = list(map(chr, range(0x30000))) + list(map(chr, range(0xE0000, 0xE1000)))
forms = ["NFC", "NFD", "NFKC", "NFKD"]
for db in [unicodedata.ucd_3_2_0]:
    for form in forms:
        out = [db.normalize(form, c) for c in chars]
        print(form, sum(map(len, out)), hash(tuple(out)), sum(db.is_normalized(form, c) for c in chars))

