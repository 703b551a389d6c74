# int(), float() and complex() read decimal digits of every script (Unicode
# category Nd) and any Unicode whitespace around the number, as CPython's
# _PyUnicode_TransformDecimalAndSpaceToASCII; other numeric characters
# (superscripts, fractions, roman numerals) are refused. bytes are ASCII only.
tests = [
    "int('١٢٣')", "int(' ١٢٣ ')", "int('١_٢٣')", "int('-١٢٣')", "int('١٢٣', 16)", "int('١f', 16)",
    "int('٠x1f', 0)", "int('٠', 0)", "int('٠٠', 0)", "int('١٠', 0)", "int('٠١', 0)",
    "int('\u2003١٢\u3000')", "int('\\x1c12\\x1f')", "int(b'\\x1c12')", "int(b' 12\\x0b')",
    "int('𝟏𝟐𝟑')", "int('१२३')", "int('١²')", "int('²')", "int('½')", "int('Ⅻ')", "int('１２')",
    "int('١٢٣a', 16)", "int('ａ', 16)", "int('١ ٢')", "int('\u00a0')", "int('+')", "int('٫')",
    "int(b'\\xd9\\xa1')", "int(b'\\xd9\\xa1', 16)", "int(bytearray(b'1x'), 16)", "int('')",
    "int('0_', 0)", "int('0__0', 0)", "int('00_0', 0)", "int('0x_1f', 0)", "int('0x__1f', 0)",
    "int('0x', 16)", "int('0b1', 16)", "int('_1', 16)", "int('1_', 2)",
    "float('١٢٣.٥')", "float('١e٢')", "float(' ٣.١٤ ')", "float('١_٢.٥')", "float('\\x1c1.5\\x1f')",
    "float('1_.5')", "float('1._5')", "float('1.5_')", "float('+-1')", "float('+-inf')",
    "float('-nan')", "float('1e')", "float('.e1')", "float('.5')", "float('5.')", "float('.')",
    "float('1__0')", "float('١e+٠٣')", "float('iNfInItY')", "float('nan1')", "float('in f')",
    "float(b' 1.5 ')", "float(bytearray(b'2.5'))", "float(b'x')", "float(b'\\xd9\\xa1')",
    "float('\\xa01.5')", "float('1.5\\x85')", "float('0x10')", "float('1e500')", "float('-1e-500')",
    "float('١٢٣.٥\u00a0')", "float('𝟑' * 400)", "float('1_000.000_1e1_0')",
    "complex('١+٢j')", "complex(' ١.٥j ')", "complex('(١-٢j)')", "complex('+-infj')",
    "complex('²j')", "complex('1_0+2_0j')",
    "int('١٢٣' * 2000)",
]
for t in tests:
    try:
        print(t, "->", repr(eval(t)))
    except ValueError as e:
        print(t, "->", "ValueError", str(e)[:100])

# Every decimal digit of every script, alone, doubled and in a float.
codes = [*range(0xD800), *range(0xE000, 0x30000)]  # egret has no lone surrogates
digits = [c for c in map(chr, codes) if c.isdecimal()]
print(len(digits), sum(int(c) for c in digits), sum(int(c * 2) for c in digits))
print(sum(float(c + "." + c) for c in digits), sum(int(" " + c + "_" + c, 0) for c in digits if c != "0" and int(c)))
print([int(c) for c in digits] == [i % 10 for i in range(len(digits))])

# int()'s error shows at most 200 characters of the argument's repr.
for f in [lambda: int("x" * 300), lambda: int(b"y" * 300), lambda: int("z" * 300, 16), lambda: float("w" * 300)]:
    try:
        f()
    except ValueError as e:
        print(len(str(e)), str(e)[-12:])
