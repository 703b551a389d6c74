# unicodedata.normalize and is_normalized (Unicode 14.0.0 and ucd_3_2_0) on
# a few thousand random strings of characters that compose, decompose and
# reorder, a few chosen strings, and the argument errors.
import random
import unicodedata

chars = list(map(chr, range(0x30000))) + list(map(chr, range(0xE0000, 0xE1000)))
forms = ["NFC", "NFD", "NFKC", "NFKD"]
pool = [c for c in chars[:0x30000:3] if unicodedata.combining(c) or unicodedata.decomposition(c)]
pool += [chr(c) for c in range(0x1100, 0x1200)] + [chr(c) for c in range(0xAC00, 0xAC60)]
pool += list("aeiouAEIOU\u0300\u0301\u0308\u0327\u0323\u031b\u0345\u0f73\u0f75\u0f81")
print(len(pool))
rnd = random.Random(1234)
strings = ["".join(rnd.choice(pool) for _ in range(rnd.randrange(1, 8))) for _ in range(3000)]
for db in [unicodedata, unicodedata.ucd_3_2_0]:
    for form in forms:
        out = [db.normalize(form, s) for s in strings]
        print(form, hash(tuple(out)), sum(db.is_normalized(form, s) for s in strings))
        print("  idempotent", all(db.normalize(form, s) == s for s in out))

s = "e\u0301\u0327 \uac00\u11a8 \u1100\u1161\u11a8 \u212b \ufb01 \u1e9b\u0323 \ud800"
for form in forms:
    print(form, ascii(unicodedata.normalize(form, s)), unicodedata.is_normalized(form, s))
print(ascii(unicodedata.ucd_3_2_0.normalize("NFC", "\uf951\U0002f868\U0002f874\U0002f91f\U0002f95f\U0002f9bf")))
print(ascii(unicodedata.normalize("NFC", "\uf951\U0002f868\U0002f874\U0002f91f\U0002f95f\U0002f9bf")))
for args in [("NFX", "a"), (1, "a"), ("NFC", 1), ("NFC",)]:
    for f in [unicodedata.normalize, unicodedata.is_normalized]:
        try:
            f(*args)
        except (TypeError, ValueError) as e:
            print(type(e).__name__, e)
