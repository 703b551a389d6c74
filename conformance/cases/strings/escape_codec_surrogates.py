# unicode_escape and raw_unicode_escape keep lone surrogates both ways.
import codecs

print(ascii(codecs.raw_unicode_escape_decode(b"\\ud800x\\udfff")))
print(ascii(codecs.unicode_escape_decode(b"\\ud800\\udc00\\x41")))
print(codecs.raw_unicode_escape_encode("\ud800a\u20ac\U0001f600"))
print(ascii("\udc80".encode("raw_unicode_escape").decode("raw_unicode_escape")))
