# split/rsplit with separators and maxsplit; partition/rpartition; splitlines
s = "a,b,,c,d"
print(s.split(","), s.split(",", 1), s.split(",", 2), s.split(",", 0))
print(s.rsplit(",", 1), s.rsplit(",", 2), s.rsplit(","), s.rsplit(",", -1))
w = "  the  quick brown\tfox\n jumps  "
print(w.split(), w.split(None, 2), w.rsplit(None, 2), w.split(" "))
print("".split(), "".split(","), "   ".split(), ",".split(","))
print("a::b::c".split("::"), "abcabc".split("bc"), "x".split("x"))
print(w.split(maxsplit=1), w.rsplit(maxsplit=1), "1 2 3".rsplit(" ", maxsplit=1))
try:
    "abc".split("")
except ValueError as e:
    print("ValueError:", e)
print("key=value=more".partition("="), "key=value=more".rpartition("="))
print("novalue".partition("="), "novalue".rpartition("="))
print("a->b->c".partition("->"), "a->b->c".rpartition("->"), "".partition("x"))
head, sep, tail = "user@example.com".partition("@")
print(head, sep, tail)
print("line1\nline2\r\nline3\rline4".splitlines())
print("a\n\nb\n".splitlines(), "a\nb\n".splitlines(True), "".splitlines())
path = "/usr/local/lib/python3.11/site.py"
print(path.rsplit("/", 1)[-1], path.split("/", 2), path.rpartition(".")[2])
print(",".join("1,2,3".split(",")[::-1]), "-".join("a b  c".split(" ")))
