s = "a\udcffb"
print(len(s), ascii(s), repr(s), ord(s[1]), hex(ord("\ud800")))
print(s == "a" + chr(0xdcff) + "b", hash(s) == hash("a" + chr(0xdcff) + "b"), hash(s))
print(sorted(["\ue000", "\ud800", "\uffff", "a"]))
print("\ud800" < "\ue000", max("\ud800\ue000"))
b = b"-\xff\xfe".decode("utf-8", "surrogateescape")
print(ascii(b), b.encode("utf-8", "surrogateescape"))
try:
    b.encode("utf-8")
except UnicodeEncodeError as e:
    print("UEE", e, e.start, e.end, e.reason)
print("\ud83d".encode("utf-8", "surrogatepass"), b"\xed\xa0\x80".decode("utf-8", "surrogatepass") == "\ud800")
print("x\ud800y".encode("utf-8", "replace"), "x\ud800y".encode("utf-8", "backslashreplace"), "x\ud800y".encode("ascii", "xmlcharrefreplace"))
print(ascii(f"f{s}\udc80{{}}"), rf"\udc80")
print(("\udc80", "x"))
print(b"a\xc3".decode("utf-8", "replace"), b"a\xc3(".decode("utf-8", "backslashreplace"))
for bad in [b"\xc3", b"\xc3(", b"\xff", b"\xed\xa0\x80", b"\xf0\x9f\x98"]:
    try:
        bad.decode()
    except UnicodeDecodeError as e:
        print(e, e.start, e.end)
print("\udcff".isprintable(), "\udcff".isalpha(), "\udcff".upper() == "\udcff")
import os
print(os.fsencode(b.encode("utf-8","surrogateescape").decode("utf-8","surrogateescape")))
print(os.fsdecode(b"\xff") == "\udcff")
import json
print(json.dumps("\ud800x"))
import re
print(re.findall("[\ud800-\udfff]", "a\udc80b\ud801"))
d = {"\udc80": 1}
print(d["\udc80"], "\udc80" in d)
print(ascii("%s|%r|%a" % (s, s, s)))
print("x\udc80y".split("\udc80"), "a\udc80".find("\udc80"), ascii("\udc80".join(["a","b"])))
print(str(b"\xff", "utf-8", "surrogateescape") == "\udcff")
import codecs
def handler(exc):
    print(type(exc).__name__, exc.start, exc.end, ascii(exc.object[exc.start:exc.end]))
    return ("<%d>" % (exc.end - exc.start), exc.end)
codecs.register_error("test.lone", handler)
print("a\ud800\udc00b".encode("ascii", "test.lone"), b"a\xff\xfeb".decode("utf-8", "test.lone"))
print(codecs.lookup_error("surrogateescape")(UnicodeDecodeError("utf-8", b"a\xff", 1, 2, "x")))
print(ascii(b"\x80abc".decode("ascii", "surrogateescape")))
try:
    "\udc41".encode("ascii", "surrogateescape")
except UnicodeEncodeError as e:
    print(e)
