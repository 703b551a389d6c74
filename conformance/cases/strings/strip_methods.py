# strip / lstrip / rstrip
s = "   padded text \t\n"
print(repr(s.strip()), repr(s.lstrip()), repr(s.rstrip()))
print(repr("xxhixx".strip("x")), repr("xyhiyx".strip("xy")))
print(repr("abcba".lstrip("ab")), repr("abcba".rstrip("ab")))
print(repr("".strip()), repr("   ".strip()))
print(repr("no change".strip()))
print(repr("0042".lstrip("0")))
