# Unicode titlecase (digraphs, ligatures, ypogegrammeni), final sigma, and
# bytes methods that only know ASCII.
for s in ["ǈ", "ǉemal", "ǆungla ǅ", "ß x", "ﬁsh", "ŉx", "ᾳ", "ᾀbc", "they're bill's", "1a2b", "hello 世界abc", "ΣΑΣ ΣΑΣ.", "aBC dEF", "İstanbul", "ǲ"]:
    print(repr(s.title()), repr(s.capitalize()), repr(s.upper()), repr(s.lower()), s.istitle(), repr(s.swapcase()))
print(b'\xe9t\xe9'.title(), b'\xdfa'.upper(), b'a\x1cb'.split(), b'a\x0bb\nc'.splitlines(), b'\xa0x\xa0'.strip(), b'\xc0'.isalpha(), bytearray(b'ab').title(), bytearray(b'a b').split())
