import string
from string import Formatter, Template
f = Formatter()
print(list(f.parse("a{0}b{x!r:>5}c{{d}}e")), f.format("{0}-{name}-{0!r:>4}", 7, name="n"))
print(f.format("{a.real} {b[1]} {c[k]}", a=3, b=[1, 2], c={"k": "v"}))
t = Template("$who likes ${what}")
print(t.substitute(who="tim", what="kung pao"), t.safe_substitute(who="x"))
print(string.ascii_letters, string.digits, string.punctuation, string.capwords("hello   world"))
try:
    list(f.parse("a}b"))
except ValueError as e:
    print("ValueError:", e)
